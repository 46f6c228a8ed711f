"""Family ``case_pattern``: write a word in alternating case.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "case_pattern",
    split="heldout",
    summary="write a word in alternating case",
)

W = "word"
FAMILY.add(
    "word_alternating_case",
    D[W],
    lambda w: "".join(c.upper() if i % 2 == 0 else c for i, c in enumerate(w)),
    [
        "alternate the case of the word's letters, starting with a capital",
        "write the word in alternating upper and lower case",
        "capitalize every other letter of the word, beginning with the first",
    ],
    only("the changed word, such as CaT"),
    metric="exact_match_cased",
)

FAMILY.add(
    "word_alternating_case_lower_first",
    D[W],
    lambda w: "".join(c.upper() if i % 2 == 1 else c for i, c in enumerate(w)),
    [
        "alternate the case of the word's letters, starting with a small letter",
        "capitalise the second, fourth and every other even-placed letter of the word",
    ],
    only("the changed word, such as cAt"),
    metric="exact_match_cased",
)
FAMILY.add(
    "word_last_letter_upper",
    D[W],
    lambda w: w[:-1] + w[-1].upper(),
    ["turn only the final letter of the word into a capital", "capitalise the last letter of the word"],
    only("the word with its last letter capitalised, such as caT"),
    metric="exact_match_cased",
)
