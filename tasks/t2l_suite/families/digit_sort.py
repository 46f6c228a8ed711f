"""Family ``digit_sort``: rearrange the digits of a number in order (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("digit_sort", split="heldout", summary="sort the digits of a number")

FAMILY.add(
    "digits_ascending",
    D["bignum"],
    lambda n: "".join(sorted(str(n))),
    ["arrange the digits of the number from smallest to largest", "sort the number's digits upwards"],
    only("the digits in ascending order, with no spaces"),
)
FAMILY.add(
    "digits_descending",
    D["bignum"],
    lambda n: "".join(sorted(str(n), reverse=True)),
    ["arrange the digits of the number from largest to smallest", "sort the number's digits downwards"],
    only("the digits in descending order, with no spaces"),
)
