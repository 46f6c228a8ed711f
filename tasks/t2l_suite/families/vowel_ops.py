"""Family ``vowel_ops``: keep, find or replace the vowels of a word."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("vowel_ops", split="train", summary="the vowels of a word: keep them, find the first or last")

V = set("aeiou")
W = D["common_word"]
FAMILY.add(
    "word_only_vowels",
    W,
    lambda w: "".join(c for c in w if c in V),
    ["keep only the vowels of the word", "delete every consonant from the word"],
    only("the vowels, in order"),
)
FAMILY.add(
    "word_first_vowel",
    W,
    lambda w: next((c for c in w if c in V), None),
    ["give the first vowel that appears in the word", "find the earliest vowel of the word"],
    only("that vowel"),
)
FAMILY.add(
    "word_last_vowel",
    W,
    lambda w: next((c for c in reversed(w) if c in V), None),
    ["give the last vowel that appears in the word", "find the final vowel of the word"],
    only("that vowel"),
)
FAMILY.add(
    "word_vowels_dashed",
    W,
    lambda w: "".join("-" if c in V else c for c in w),
    ["replace every vowel of the word with a hyphen", "hide the vowels of the word behind dashes"],
    only("the word with - in place of each vowel"),
)
