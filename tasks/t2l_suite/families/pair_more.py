"""Family ``pair_more``: more operations on two numbers (mean, divisor, order and parity tests)."""

from __future__ import annotations

import math

from ..core import Family, num, yn
from ..domains import D

FAMILY = Family("pair_more", split="train", summary="mean, common divisor and yes/no tests on two numbers")

P = D["pair"]
FAMILY.add(
    "pair_mean",
    P,
    lambda t: (t[0] + t[1]) // 2 if (t[0] + t[1]) % 2 == 0 else None,
    ["give the average of the two numbers", "find the number halfway between the two"],
    num("the mean"),
    metric="numeric",
)
FAMILY.add(
    "pair_gcd",
    P,
    lambda t: math.gcd(*t) if min(t) > 0 else None,
    ["find the greatest common divisor of the two numbers", "give the largest number that divides both"],
    num("the greatest common divisor"),
    metric="numeric",
)
FAMILY.add(
    "pair_first_larger",
    P,
    lambda t: None if t[0] == t[1] else ("yes" if t[0] > t[1] else "no"),
    ["check whether the first number is bigger than the second", "tell if the number before 'and' is larger"],
    yn("the first number is larger"),
    labels=["yes", "no"],
)
FAMILY.add(
    "pair_same_parity",
    P,
    lambda t: "yes" if t[0] % 2 == t[1] % 2 else "no",
    [
        "check whether the two numbers are both even or both odd",
        "tell if the two numbers have the same parity",
    ],
    yn("they have the same parity"),
    labels=["yes", "no"],
)
FAMILY.add(
    "pair_sum_over_100",
    P,
    lambda t: None if sum(t) == 100 else ("yes" if sum(t) > 100 else "no"),
    [
        "check whether the two numbers add up to more than 100",
        "tell if the sum of the pair exceeds one hundred",
    ],
    yn("the sum is above 100"),
    labels=["yes", "no"],
)
