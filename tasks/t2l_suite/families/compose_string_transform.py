"""Family ``compose_string_transform``: held-out compositions of trained skills (string transform).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "compose_string_transform",
    split="heldout_compositions",
    summary="new combinations of trained skills (string transform)",
)

W = "word"
FAMILY.add(
    "word_reverse_upper",
    D[W],
    lambda w: w[::-1].upper(),
    [
        "reverse the word and write it in capital letters",
        "spell the word backwards in uppercase",
        "turn the word around and make every letter uppercase",
    ],
    only("the reversed uppercase word"),
    metric="exact_match_cased",
    comp="word_reverse+word_upper",
)

FAMILY.add(
    "word_sort_letters_desc",
    D[W],
    lambda w: "".join(sorted(w, reverse=True)),
    [
        "sort the letters of the word in reverse alphabetical order",
        "arrange the word's letters from z to a",
        "order the letters of the word backwards through the alphabet",
    ],
    only("the sorted letters as one string"),
    comp="word_sort_letters+word_reverse",
)
