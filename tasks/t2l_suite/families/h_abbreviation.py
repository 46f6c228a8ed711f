"""Family ``h_abbreviation``: what a common abbreviation stands for (held out)."""

from __future__ import annotations

from ..core import Family, num, only
from ..heldout_lexicon import ABBREVIATIONS

FAMILY = Family("h_abbreviation", split="heldout",
                summary="expand a common abbreviation (asap -> as soon as possible)")

_FORMS = sorted((p, full) for abbr, (full, kind) in ABBREVIATIONS.items()
                for p in ((abbr.upper(), abbr) if kind == "A" else (abbr, abbr.capitalize())))
_INPUTS = ("an abbreviation", "a short form such as asap or dept", "a common abbreviation")

FAMILY.add("abbr_expand", None, None,
           ["write out what the abbreviation stands for", "expand the short form into the full words"],
           only("the full form in lowercase"), make=lambda rng: rng.choice(_FORMS), inputs=_INPUTS,
           extra=["Expand the abbreviation: ASAP -> as soon as possible, dept -> department.",
                  "What does this short form mean? Spell it out in lowercase.",
                  "Give the full words behind the abbreviation, nothing else."])
FAMILY.add("abbr_word_count", None, None,
           ["count the words in what the abbreviation stands for",
            "say how many words the abbreviation is short for"],
           num("the word count"), metric="numeric",
           make=lambda rng: (lambda p: (p[0], str(len(p[1].split()))))(rng.choice(_FORMS)), inputs=_INPUTS,
           extra=["FAQ stands for three words, dept for one: how many words does this one stand for?",
                  "Count the words of the expanded abbreviation; digits only."])
