"""Family ``number_words_more``: numbers written as German words or as English ordinal words."""

from __future__ import annotations

from ..core import Domain, Family, only
from ..wordforms import ordinal_words, words_de

FAMILY = Family(
    "number_words_more", split="train", summary="numbers as German words and English ordinal words"
)

SMALL = Domain(
    "small_num",
    ("a whole number below 100", "a number from 1 to 99", "a two-digit or one-digit number"),
    pool=tuple(range(1, 100)),
)
FAMILY.add(
    "num_words_de",
    SMALL,
    words_de,
    ["write the number in German words", "spell the number out in German"],
    only("the German number word in lowercase, such as zweiundvierzig"),
)
FAMILY.add(
    "num_ordinal_words",
    SMALL,
    ordinal_words,
    ["write the number as an English ordinal word", "spell out the position the number names, such as third"],
    only("the ordinal in words, hyphenated like twenty-first"),
)
