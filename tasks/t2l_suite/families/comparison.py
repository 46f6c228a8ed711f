"""Family ``comparison``: compare two numbers: the larger, the smaller, which one, greater/less/equal.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, num
from ..domains import D

FAMILY = Family(
    "comparison",
    split="train",
    summary="compare two numbers: the larger, the smaller, which one, greater/less/equal",
)

P = "pair"
FAMILY.add(
    "pair_max",
    D[P],
    max,
    ["give the larger of the two numbers", "pick the bigger number", "find the maximum of the two numbers"],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "pair_min",
    D[P],
    min,
    ["give the smaller of the two numbers", "pick the lesser number", "find the minimum of the two numbers"],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "pair_which_larger",
    D[P],
    lambda t: None if t[0] == t[1] else ("first" if t[0] > t[1] else "second"),
    [
        "say which of the two numbers is larger",
        "tell whether the first or the second number is bigger",
        "decide which position holds the larger number",
    ],
    [
        "Reply 'first' if the first number is larger and 'second' if the second is.",
        "Answer first or second, naming the position of the larger number.",
        "Say only first or second (the one that is bigger).",
    ],
    labels=["first", "second"],
)

FAMILY.add(
    "pair_compare",
    D[P],
    lambda t: "greater" if t[0] > t[1] else ("less" if t[0] < t[1] else "equal"),
    [
        "compare the first number with the second",
        "say how the first number relates to the second",
        "decide whether the first number is greater than, less than or equal to the second",
    ],
    lab("greater", "less", "equal"),
    labels=["greater", "less", "equal"],
)
