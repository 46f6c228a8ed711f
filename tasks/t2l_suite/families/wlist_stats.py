"""Family ``wlist_stats``: counts and lengths over a list of words."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("wlist_stats", split="train", summary="letters and long words in a list of words")

L = D["wlist"]
FAMILY.add(
    "wlist_total_letters",
    L,
    lambda t: sum(len(w) for w in t),
    ["count all the letters of all the words in the list", "add up the lengths of the words in the list"],
    num("the total"),
    metric="numeric",
)
FAMILY.add(
    "wlist_longest_length",
    L,
    lambda t: max(len(w) for w in t),
    [
        "give the length of the longest word in the list",
        "say how many letters the longest word of the list has",
    ],
    num("that length"),
    metric="numeric",
)
FAMILY.add(
    "wlist_count_long",
    L,
    lambda t: sum(len(w) > 5 for w in t),
    [
        "count the words of the list with more than five letters",
        "say how many words in the list are six letters or longer",
    ],
    num("the count"),
    metric="numeric",
)
FAMILY.add(
    "wlist_count_vowel_start",
    L,
    lambda t: sum(w[0] in "aeiou" for w in t),
    ["count the words of the list that begin with a vowel", "say how many items start with a, e, i, o or u"],
    num("the count"),
    metric="numeric",
)
