"""Family ``nlist_more``: more questions about a list of numbers."""

from __future__ import annotations

from ..core import Family, num, yn
from ..domains import D

FAMILY = Family("nlist_more", split="train", summary="second largest, distinct values, duplicates, order")

L = D["nlist"]


def _second(t: tuple[int, ...], *, largest: bool) -> int | None:
    values = sorted(set(t), reverse=largest)
    return values[1] if len(values) > 1 else None


FAMILY.add(
    "list_second_largest",
    L,
    lambda t: _second(t, largest=True),
    ["give the second largest number of the list", "find the biggest number after the maximum"],
    num("that number"),
    metric="numeric",
)
FAMILY.add(
    "list_second_smallest",
    L,
    lambda t: _second(t, largest=False),
    ["give the second smallest number of the list", "find the smallest number after the minimum"],
    num("that number"),
    metric="numeric",
)
FAMILY.add(
    "list_distinct_count",
    L,
    lambda t: len(set(t)),
    ["count the different values in the list", "say how many distinct numbers the list contains"],
    num("the count"),
    metric="numeric",
)
FAMILY.add(
    "list_has_duplicate",
    L,
    lambda t: "yes" if len(set(t)) < len(t) else "no",
    ["check whether some number appears twice in the list", "tell if the list contains a repeated value"],
    yn("a value is repeated"),
    labels=["yes", "no"],
)
FAMILY.add(
    "list_is_sorted",
    L,
    lambda t: "yes" if list(t) == sorted(t) else "no",
    [
        "check whether the list is in increasing order",
        "tell if each number is at least as big as the one before",
    ],
    yn("the list is sorted from small to large"),
    labels=["yes", "no"],
)
