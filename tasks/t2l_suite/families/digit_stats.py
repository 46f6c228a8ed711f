"""Family ``digit_stats``: the largest, smallest or product of the digits of a number (held out)."""

from __future__ import annotations

import math

from ..core import Family, num
from ..domains import D

FAMILY = Family("digit_stats", split="heldout", summary="largest digit, smallest digit, product of digits")

FAMILY.add(
    "digit_max",
    D["bignum"],
    lambda n: max(str(n)),
    ["find the largest digit of the number", "say which digit in the number is the biggest"],
    num("that digit"),
    metric="numeric",
)
FAMILY.add(
    "digit_min",
    D["bignum"],
    lambda n: min(str(n)),
    ["find the smallest digit of the number", "say which digit in the number is the lowest"],
    num("that digit"),
    metric="numeric",
)
FAMILY.add(
    "digit_product",
    D["num"],
    lambda n: math.prod(int(c) for c in str(n)) if n >= 10 else None,
    ["multiply all the digits of the number together", "compute the product of the number's digits"],
    num("the product"),
    metric="numeric",
)
