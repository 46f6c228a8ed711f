"""Family ``fraction_percent``: a fraction as a percentage.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family(
    "fraction_percent",
    split="heldout",
    summary="a fraction as a percentage",
)

FAMILY.add(
    "fraction_percent",
    D["fraction"],
    lambda t: f"{t[0] * 100 // t[1]}%",
    [
        "convert the fraction to a percentage",
        "express the fraction as a percent",
        "give the fraction as a percentage",
    ],
    only("the percentage with a % sign, such as 75%"),
    metric="numeric",
)

FAMILY.add(
    "fraction_decimal",
    D["fraction"],
    lambda t: f"{t[0] / t[1]:g}",
    ["convert the fraction to a decimal number", "express the fraction as a decimal"],
    num("the decimal value, such as 0.75"),
    metric="numeric",
)
