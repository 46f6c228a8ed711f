"""Family ``letter_double``: write every letter of a word twice or three times (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("letter_double", split="heldout", summary="repeat every letter of a word")

FAMILY.add(
    "word_double_letters",
    D["common_word"],
    lambda w: "".join(c * 2 for c in w),
    ["write each letter of the word two times in a row", "double every single letter of the word"],
    only("the stretched word, such as ccaatt"),
)
FAMILY.add(
    "word_triple_letters",
    D["common_word"],
    lambda w: "".join(c * 3 for c in w),
    ["write each letter of the word three times in a row", "triple every single letter of the word"],
    only("the stretched word, such as cccaaattt"),
)
