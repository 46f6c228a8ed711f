"""Family ``string_extract``: pick letters out of a word: the first or last letter or three letters.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "string_extract",
    split="train",
    summary="pick letters out of a word: the first or last letter or three letters",
)

W = "word"
FAMILY.add(
    "word_first_letter",
    D[W],
    lambda w: w[0],
    [
        "give the first letter of the word",
        "tell which letter the word starts with",
        "find the initial letter of the word",
    ],
    only("that single letter"),
)

FAMILY.add(
    "word_last_letter",
    D[W],
    lambda w: w[-1],
    [
        "give the last letter of the word",
        "tell which letter the word ends with",
        "find the final letter of the word",
    ],
    only("that single letter"),
)

FAMILY.add(
    "word_first_three",
    D[W],
    lambda w: w[:3] if len(w) >= 4 else None,
    [
        "give the first three letters of the word",
        "write the word's opening three letters",
        "cut the word down to its first three letters",
    ],
    only("those three letters"),
)

FAMILY.add(
    "word_last_three",
    D[W],
    lambda w: w[-3:] if len(w) >= 4 else None,
    [
        "give the last three letters of the word",
        "write the word's final three letters",
        "keep only the last three letters of the word",
    ],
    only("those three letters"),
)

FAMILY.add(
    "word_first_letter_upper",
    D[W],
    lambda w: w[0].upper(),
    [
        "give the first letter of the word as a capital letter",
        "write the word's initial in uppercase",
        "find the first letter of the word and capitalize it",
    ],
    only("that one uppercase letter"),
    metric="exact_match_cased",
    comp="word_first_letter+word_upper",
)
