"""Family ``alphabet_codes``: letters as their positions in the alphabet (a=1 ... z=26)."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family("alphabet_codes", split="train", summary="alphabet positions of the letters of a word")

FAMILY.add(
    "word_to_positions",
    D["common_word"],
    lambda w: " ".join(str(ord(c) - 96) for c in w),
    [
        "replace each letter of the word by its position in the alphabet",
        "encode the word as alphabet numbers, a=1 to z=26",
    ],
    only("the numbers separated by spaces, such as 3 1 20 for cat"),
)
FAMILY.add(
    "word_position_sum",
    D["common_word"],
    lambda w: sum(ord(c) - 96 for c in w),
    ["add up the alphabet positions of the word's letters", "give the sum of the letter values, a=1 to z=26"],
    num("the sum"),
    metric="numeric",
)
