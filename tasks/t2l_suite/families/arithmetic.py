"""Family ``arithmetic``: arithmetic on one or two numbers: add, subtract, double, square, remainders.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family(
    "arithmetic",
    split="train",
    summary="arithmetic on one or two numbers: add, subtract, double, square, remainders",
)

N = "num"
P = "pair"
RC = "record"
FAMILY.add(
    "num_plus_one",
    D[N],
    lambda n: n + 1,
    ["add one to the number", "give the number that comes right after it", "increase the number by 1"],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_minus_one",
    D[N],
    lambda n: n - 1,
    [
        "subtract one from the number",
        "give the number that comes right before it",
        "decrease the number by 1",
    ],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_double",
    D[N],
    lambda n: 2 * n,
    ["double the number", "multiply the number by two", "give twice the number"],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_add_ten",
    D[N],
    lambda n: n + 10,
    ["add ten to the number", "increase the number by 10", "give the number plus ten"],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_times_ten",
    D[N],
    lambda n: 10 * n,
    ["multiply the number by ten", "give ten times the number", "scale the number up by a factor of 10"],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_square",
    D[N],
    lambda n: n * n if n < 100 else None,
    ["square the number", "multiply the number by itself", "give the square of the number"],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "num_negative",
    D[N],
    lambda n: -n if n else None,
    ["give the negative of the number", "flip the sign of the number", "write the number with a minus sign"],
    only("the negative number, such as -42"),
    metric="numeric",
)

FAMILY.add(
    "pair_sum",
    D[P],
    lambda t: t[0] + t[1],
    ["add the two numbers", "give the sum of the two numbers", "compute the total of the two numbers"],
    num("the sum"),
    metric="numeric",
)

FAMILY.add(
    "pair_difference",
    D[P],
    lambda t: t[0] - t[1],
    [
        "subtract the second number from the first",
        "give the first number minus the second",
        "compute the first number take away the second",
    ],
    num("the result, with a minus sign if it is negative"),
    metric="numeric",
)

FAMILY.add(
    "pair_abs_difference",
    D[P],
    lambda t: abs(t[0] - t[1]),
    [
        "give the distance between the two numbers",
        "find how far apart the two numbers are",
        "compute the absolute difference of the two numbers",
    ],
    num("the difference, which is never negative"),
    metric="numeric",
)

FAMILY.add(
    "pair_product",
    D[P],
    lambda t: t[0] * t[1] if t[0] <= 15 and t[1] <= 15 else None,
    [
        "multiply the two numbers",
        "give the product of the two numbers",
        "compute the first number times the second",
    ],
    num("the product"),
    metric="numeric",
)

FAMILY.add(
    "pair_remainder",
    D[P],
    lambda t: t[0] % t[1] if 2 <= t[1] <= 9 else None,
    [
        "give the remainder when the first number is divided by the second",
        "compute the first number modulo the second",
        "find what is left over after dividing the first number by the second",
    ],
    num("the remainder"),
    metric="numeric",
)

FAMILY.add(
    "record_age_next_year",
    D[RC],
    lambda r: r["age"] + 1,
    [
        "give the person's age next year",
        "say how old the person will be in one year",
        "read the age field and add one",
    ],
    num("the age"),
    metric="numeric",
    comp="record_age+num_plus_one",
)
