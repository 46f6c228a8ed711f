"""Family ``h_sentence_tense``: is a sentence about the past, the present or the future (held out)."""

from __future__ import annotations

import random

from ..core import Family, lab
from ..heldout_lexicon import TENSE_PHRASES
from ..lexicon import FIRST_NAMES

FAMILY = Family("h_sentence_tense", split="heldout",
                summary="the tense of a sentence: past, present or future")

_TENSES = ["past", "present", "future"]
_NAMES = [n for n in FIRST_NAMES if n != "Will"]  # "Will drove..." would read like a future
_INPUTS = ("a short sentence", "one English sentence about someone", "a sentence with one verb")


def _sentence(rng: random.Random) -> tuple[str, str]:
    base, past, third, rest = rng.choice(TENSE_PHRASES)
    tense = rng.choice(_TENSES)
    verb = {"past": past, "present": third, "future": f"will {base}"}[tense]
    return f"{rng.choice(_NAMES)} {verb} {rest}.", tense


def _maker(names: dict[str, str]):
    return lambda rng: (lambda pair: (pair[0], names[pair[1]]))(_sentence(rng))


_SETS = {
    "sentence_tense": (dict(zip(_TENSES, _TENSES)),
                       ["Past, present or future? 'Tom will cook dinner.' -> future.",
                        "Name the tense of the verb in the sentence: past, present or future.",
                        "Which time does the sentence talk about? Reply past, present or future."]),
    "sentence_when": (dict(zip(_TENSES, ["earlier", "now", "later"])),
                      ["Did it happen earlier, does it happen now, or will it happen later? One word.",
                       "Say earlier for past actions, now for present ones and later for future ones."]),
    "sentence_is_past": ({"past": "yes", "present": "no", "future": "no"},
                         ["Is the sentence in the past tense? Yes or no.",
                          "Answer yes when the action already happened, else no."]),
}
for _task_id, (_names, _extra) in _SETS.items():
    _labels = list(dict.fromkeys(_names.values()))
    FAMILY.add(_task_id, None, None,
               ["tell the tense of the sentence", "decide when the action in the sentence takes place"],
               lab(*_labels), labels=_labels, make=_maker(_names), inputs=_INPUTS, extra=_extra)
