"""Family ``h_formality``: is a message formal or informal (held out)."""

from __future__ import annotations

import random

from ..core import Family, lab

FAMILY = Family("h_formality", split="heldout", summary="formal or informal wording of a short message")

_THINGS = ["the report", "the invoice", "the tickets", "the photos", "the schedule", "the contract",
           "the slides", "the address", "the menu", "the receipt"]
_FORMAL = ["I would be grateful if you could send me {o}.",
           "Could you kindly forward {o} at your earliest convenience?",
           "Please find attached {o} for your review.", "I am writing to request {o}.",
           "We would appreciate receiving {o} by Friday."]
_INFORMAL = ["hey, can u send me {o}?", "yo, got {o}? send it over lol", "just grab {o} and text me, thx",
             "omg where's {o}?? need it asap", "gimme {o} when u can"]
_INPUTS = ("a short message", "one sentence from an email or a chat", "a request written to someone")


def _maker(formal: str, informal: str):
    def make(rng: random.Random) -> tuple[str, str]:
        is_formal = rng.random() < 0.5
        frame = rng.choice(_FORMAL if is_formal else _INFORMAL)
        return frame.format(o=rng.choice(_THINGS)), formal if is_formal else informal
    return make


FAMILY.add("formality", None, None,
           ["decide whether the message is written formally or informally",
            "classify the tone of the wording"],
           lab("formal", "informal"), labels=["formal", "informal"], make=_maker("formal", "informal"),
           inputs=_INPUTS,
           extra=["Formal or informal? 'I am writing to request the menu.' is formal; "
                  "'gimme the menu' is informal.",
                  "Register check: answer formal for business-style wording and informal for chatty slang.",
                  "Tell whether this reads like an official letter or like a text to a friend."])
FAMILY.add("is_formal", None, None,
           ["decide whether the message is written in a formal style", "tell if the wording is formal"],
           lab("yes", "no"), labels=["yes", "no"], make=_maker("yes", "no"), inputs=_INPUTS,
           extra=["Is this message formal? Yes for polite business wording, no for slang.",
                  "Would this sentence fit an official letter? Answer yes or no."])
FAMILY.add("polite_or_casual", None, None,
           ["label the message as polite or casual", "say whether the message sounds polite or casual"],
           lab("polite", "casual"), labels=["polite", "casual"], make=_maker("polite", "casual"),
           inputs=_INPUTS,
           extra=["Polite or casual? Choose one word.",
                  "Mark careful, courteous wording as polite and relaxed chat wording as casual."])
