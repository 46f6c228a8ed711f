"""Family ``compose_word_property``: held-out compositions of trained skills (word property).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family(
    "compose_word_property",
    split="heldout_compositions",
    summary="new combinations of trained skills (word property)",
)

W = "word"
FAMILY.add(
    "word_length_is_even",
    D[W],
    lambda w: "yes" if len(w) % 2 == 0 else "no",
    [
        "decide whether the word has an even number of letters",
        "check if the letter count of the word is even",
        "tell whether the word's length is divisible by two",
    ],
    yn("the number of letters is even"),
    labels=["yes", "no"],
    comp="word_length+num_is_even",
)
