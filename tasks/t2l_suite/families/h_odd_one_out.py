"""Family ``h_odd_one_out``: the word that does not belong with the other three (held out).

The odd word is never an animal: finding the one animal in a list is a training task.
"""

from __future__ import annotations

import random

from ..core import Family, num, only
from ..lexicon import CATEGORIES

FAMILY = Family("h_odd_one_out", split="heldout", summary="the word of four that is not like the others")

_ODD = ["fruit", "vehicle", "clothing", "body part"]
_CLASH = {frozenset(("fruit", "vegetable"))}  # too close to tell apart reliably
_SINGLE = {cat: [w for w in words if " " not in w] for cat, words in CATEGORIES.items()}
_INPUTS = ("four words separated by commas", "a list of four everyday nouns", "four nouns, three of a kind")


def _draw(rng: random.Random) -> tuple[list[str], int]:
    odd_cat = rng.choice(_ODD)
    main = rng.choice([c for c in sorted(_SINGLE) if c != odd_cat and frozenset((c, odd_cat)) not in _CLASH])
    words = rng.sample(_SINGLE[main], 3)
    at = rng.randrange(4)
    words.insert(at, rng.choice(_SINGLE[odd_cat]))
    return words, at


FAMILY.add("odd_one_out", None, None,
           ["find the word that does not belong with the others", "pick the odd one out"],
           only("that word"), make=lambda rng: (lambda w, i: (", ".join(w), w[i]))(*_draw(rng)),
           inputs=_INPUTS,
           extra=["Odd one out: apple, pear, bus, plum -> bus.",
                  "Three of these words go together. Which one is the exception?",
                  "Which word is not in the same group as the other three? Write it."])
FAMILY.add("odd_one_out_position", None, None,
           ["give the position of the word that does not belong (1 to 4)",
            "say where in the list the odd one out stands, counting from 1"],
           num("the position"), metric="numeric",
           make=lambda rng: (lambda w, i: (", ".join(w), str(i + 1)))(*_draw(rng)), inputs=_INPUTS,
           extra=["Where is the odd one out? apple, pear, bus, plum -> 3.",
                  "Number (1-4) of the word that is unlike the rest."])
