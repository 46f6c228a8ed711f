"""Family ``letter_stats``: alphabetical extremes and distinct letters of a word."""

from __future__ import annotations

from ..core import Family, num, only, yn
from ..domains import D

FAMILY = Family(
    "letter_stats", split="train", summary="earliest and latest letters, distinct and repeated letters"
)

W = D["common_word"]
FAMILY.add(
    "word_earliest_letter",
    W,
    min,
    [
        "give the letter of the word that comes first in the alphabet",
        "find the alphabetically smallest letter in the word",
    ],
    only("that letter"),
)
FAMILY.add(
    "word_latest_letter",
    W,
    max,
    [
        "give the letter of the word that comes last in the alphabet",
        "find the alphabetically largest letter in the word",
    ],
    only("that letter"),
)
FAMILY.add(
    "word_distinct_letters",
    W,
    lambda w: len(set(w)),
    ["count the different letters in the word", "say how many distinct letters the word uses"],
    num("the count"),
    metric="numeric",
)
FAMILY.add(
    "word_repeats_letter",
    W,
    lambda w: "yes" if len(set(w)) < len(w) else "no",
    ["check whether any letter occurs more than once in the word", "tell if the word repeats a letter"],
    yn("some letter appears twice or more"),
    labels=["yes", "no"],
)
