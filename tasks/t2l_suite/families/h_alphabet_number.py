"""Family ``h_alphabet_number``: the letter at a numbered place of the alphabet (held out)."""

from __future__ import annotations

import random
import string

from ..core import Family, only
from ..wordforms import ordinal

FAMILY = Family("h_alphabet_number", split="heldout",
                summary="the letter at position n of the alphabet (3 -> c)")

_INPUTS = ("a number from 1 to 26", "a position in the alphabet", "a whole number between 1 and 26")


def _maker(from_end: bool):
    def make(rng: random.Random) -> tuple[str, str]:
        n = rng.randint(1, 26)
        prompt = rng.choice([str(n), f"no. {n}", f"#{n}", ordinal(n)])
        return prompt, string.ascii_lowercase[26 - n if from_end else n - 1]
    return make


FAMILY.add(
    "number_to_letter", None, None,
    ["give the letter at that position of the alphabet, counting a as 1",
     "name the n-th letter of the alphabet for the given n"],
    only("the letter in lowercase"), make=_maker(False), inputs=_INPUTS,
    extra=["Positions 1 -> a, 2 -> b, 26 -> z: which letter is at this place?",
           "Alphabet position to letter. Answer with one lowercase letter.",
           "Count along the alphabet from a to the given number and write the letter you land on."],
)
FAMILY.add(
    "number_to_letter_from_z", None, None,
    ["give the letter at that position counting backwards from z (z is 1)",
     "count the alphabet from the end and name the n-th letter"],
    only("the letter in lowercase"), make=_maker(True), inputs=_INPUTS,
    extra=["Counting from the end of the alphabet: 1 -> z, 2 -> y, 26 -> a.",
           "Which letter sits at this place when you start counting at z?"],
)
