"""Family ``t_num_subtract``: take a fixed amount away from a number (the result is never negative)."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_num_subtract", split="train", summary="subtract a fixed amount from a number")

AMOUNTS = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 20, 25, 30, 50, 100]
for k in AMOUNTS:
    FAMILY.add(
        f"num_minus_{k}",
        D["num"],
        lambda n, k=k: n - k if n >= k else None,
        [f"subtract {k} from the number", f"decrease the number by {k}", f"give the number minus {k}"],
        num("the difference"),
        metric="numeric",
    )
for k in (100, 1000):
    FAMILY.add(
        f"num_from_{k}",
        D["num"],
        lambda n, k=k: k - n if n <= k else None,
        [f"subtract the number from {k}", f"give {k} minus the number",
         f"say how much must be added to the number to reach {k}"],
        num("the difference"),
        metric="numeric",
    )
FAMILY.drop('num_minus_2', taught_by='arithmetic_const')
FAMILY.drop('num_minus_3', taught_by='arithmetic_const')
FAMILY.drop('num_minus_4', taught_by='arithmetic_const')
FAMILY.drop('num_minus_5', taught_by='arithmetic_const')
FAMILY.drop('num_minus_6', taught_by='arithmetic_const')
FAMILY.drop('num_minus_7', taught_by='arithmetic_const')
FAMILY.drop('num_minus_8', taught_by='arithmetic_const')
FAMILY.drop('num_minus_9', taught_by='arithmetic_const')
FAMILY.drop('num_minus_15', taught_by='arithmetic_const')
FAMILY.drop('num_minus_20', taught_by='arithmetic_const')
FAMILY.drop('num_minus_50', taught_by='arithmetic_const')
FAMILY.drop('num_minus_100', taught_by='arithmetic_const')
