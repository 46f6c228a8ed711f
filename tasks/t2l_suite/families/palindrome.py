"""Family ``palindrome``: is a word a palindrome.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family(
    "palindrome",
    split="heldout",
    summary="is a word a palindrome",
)

FAMILY.add(
    "palindrome",
    D["candidate"],
    lambda w: "yes" if w == w[::-1] else "no",
    [
        "decide whether the string reads the same forwards and backwards",
        "check if the string is a palindrome",
        "tell whether reversing the string leaves it unchanged",
    ],
    yn("it is a palindrome"),
    labels=["yes", "no"],
)

FAMILY.add(
    "palindrome_true_false",
    D["candidate"],
    lambda w: "true" if w == w[::-1] else "false",
    [
        "say whether the letters spell the same thing from either end",
        "test the string for being a palindrome",
    ],
    yn("the string is a palindrome", "true", "false"),
    labels=["true", "false"],
)
