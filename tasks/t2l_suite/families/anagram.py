"""Family ``anagram``: are two words anagrams of each other.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family(
    "anagram",
    split="heldout",
    summary="are two words anagrams of each other",
)

FAMILY.add(
    "anagram",
    D["wordpair"],
    lambda t: "yes" if sorted(t[0]) == sorted(t[1]) and t[0] != t[1] else "no",
    [
        "decide whether the two words are anagrams of each other",
        "check if one word uses exactly the letters of the other",
        "tell whether the second word is a rearrangement of the first",
    ],
    yn("they are anagrams"),
    labels=["yes", "no"],
)

FAMILY.add(
    "anagram_same_different",
    D["wordpair"],
    lambda t: "same" if sorted(t[0]) == sorted(t[1]) and t[0] != t[1] else "different",
    ["compare the letters of the two words", "decide whether both words are built from identical letters"],
    yn("both words use the same letters in a different order", "same", "different"),
    labels=["same", "different"],
)
