"""Family ``word_middle``: the middle letter or the middle letters of a word (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("word_middle", split="heldout", summary="the middle of a word")

FAMILY.add(
    "word_middle_letter",
    D["common_word"],
    lambda w: w[len(w) // 2] if len(w) % 2 else None,
    ["give the letter in the exact centre of the word", "find the middle letter of the odd-length word"],
    only("that one letter"),
)
FAMILY.add(
    "word_without_ends",
    D["common_word"],
    lambda w: w[1:-1] if len(w) >= 4 else None,
    ["drop the first and the last letter of the word", "strip one letter from each end of the word"],
    only("what is left of the word"),
)
FAMILY.add(
    "word_halves_swapped",
    D["common_word"],
    lambda w: w[len(w) // 2 :] + w[: len(w) // 2] if len(w) % 2 == 0 else None,
    [
        "cut the even-length word in half and swap the two halves",
        "move the first half of the word to its end",
    ],
    only("the rearranged word"),
)
