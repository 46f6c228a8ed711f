"""Family ``digit_ops``: digits of a number: their sum and count, the first, last and reversed digits.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family(
    "digit_ops",
    split="train",
    summary="digits of a number: their sum and count, the first, last and reversed digits",
)

N = "num"
FAMILY.add(
    "num_digit_sum",
    D[N],
    lambda n: sum(map(int, str(n))),
    [
        "add up the digits of the number",
        "give the sum of the number's digits",
        "compute the digit sum of the number",
    ],
    num("the sum"),
    metric="numeric",
)

FAMILY.add(
    "num_digit_count",
    D[N],
    lambda n: len(str(n)),
    [
        "count the digits in the number",
        "say how many digits the number has",
        "find how many digits are used to write the number",
    ],
    num("the digit count"),
    metric="numeric",
    balance=True,
)

FAMILY.add(
    "num_last_digit",
    D[N],
    lambda n: n % 10,
    [
        "give the last digit of the number",
        "say which digit the number ends with",
        "find the units digit of the number",
    ],
    only("that digit"),
    metric="numeric",
)

FAMILY.add(
    "num_first_digit",
    D[N],
    lambda n: int(str(n)[0]),
    [
        "give the first digit of the number",
        "say which digit the number starts with",
        "find the leading digit of the number",
    ],
    only("that digit"),
    metric="numeric",
)

FAMILY.add(
    "num_reverse_digits",
    D[N],
    lambda n: str(n)[::-1] if n >= 10 and n % 10 else None,
    [
        "reverse the digits of the number",
        "write the number's digits backwards",
        "give the number read from right to left",
    ],
    only("the reversed digits"),
)
