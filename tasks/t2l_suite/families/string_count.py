"""Family ``string_count``: count letters of a word: all, vowels, consonants, a given letter; alphabet
positions.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num
from ..domains import D
from ..lexicon import VOWELS

FAMILY = Family(
    "string_count",
    split="train",
    summary="count letters of a word: all, vowels, consonants, a given letter; alphabet positions",
)

W = "word"
FAMILY.add(
    "word_length",
    D[W],
    len,
    ["count the letters in the word", "say how many letters the word has", "find the length of the word"],
    num("the letter count"),
    metric="numeric",
)

FAMILY.add(
    "word_count_vowels",
    D[W],
    lambda w: sum(c in VOWELS for c in w),
    [
        "count the vowels (a, e, i, o, u) in the word",
        "say how many of the word's letters are vowels (a, e, i, o, u)",
        "find the number of vowels in the word, counting a, e, i, o and u",
    ],
    num("the vowel count"),
    metric="numeric",
)

FAMILY.add(
    "word_count_consonants",
    D[W],
    lambda w: sum(c not in VOWELS for c in w),
    [
        "count the consonants in the word (every letter except a, e, i, o, u)",
        "say how many letters of the word are not vowels (a, e, i, o, u)",
        "find the number of consonants in the word, treating a, e, i, o, u as vowels",
    ],
    num("the consonant count"),
    metric="numeric",
)

FAMILY.add(
    "word_count_e",
    D[W],
    lambda w: w.count("e"),
    [
        "count how many times the letter 'e' appears in the word",
        "say how often the letter e occurs in the word",
        "find the number of e's in the word",
    ],
    num("the count"),
    metric="numeric",
)

FAMILY.add(
    "word_alphabet_index",
    D[W],
    lambda w: ord(w[0]) - 96,
    [
        "give the position in the alphabet of the word's first letter (a = 1, z = 26)",
        "say where the first letter of the word comes in the alphabet, counting a as 1",
        "find the alphabet number of the word's initial letter, with a = 1 and b = 2",
    ],
    num("that position"),
    metric="numeric",
)
