"""Family ``t_num_modulo``: the remainder of a number divided by a fixed divisor, and divisibility tests."""

from __future__ import annotations

from ..core import Family, num, yn
from ..domains import D

FAMILY = Family("t_num_modulo", split="train",
                summary="the remainder after dividing by a fixed number; whether a number is divisible by it")

for k in [2, 3, 4, 6, 7, 8, 9, 11, 12]:
    FAMILY.add(
        f"num_mod_{k}",
        D["num"],
        lambda n, k=k: n % k,
        [f"give the remainder when the number is divided by {k}", f"compute the number modulo {k}",
         f"say what is left over after dividing the number by {k}"],
        num("the remainder"),
        metric="numeric",
    )
for k in [2, 4, 6, 7, 8, 9, 10, 11, 12, 25]:
    FAMILY.add(
        f"num_divisible_{k}",
        D["num"],
        lambda n, k=k: "yes" if n % k == 0 else "no",
        [f"decide whether the number is divisible by {k}", f"check if {k} divides the number exactly",
         f"tell whether the number is a multiple of {k}"],
        yn(f"{k} divides the number with no remainder"),
        labels=["yes", "no"],
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_mod_11', 'num_mod_12', 'num_mod_2', 'num_mod_3', 'num_mod_4', 'num_mod_6', 'num_mod_7', 'num_mod_8', 'num_mod_9', taught_by='modulo')
FAMILY.drop('num_divisible_12', taught_by='multiple_of')
FAMILY.drop('num_divisible_25', taught_by='multiple_of')
FAMILY.drop('num_divisible_8', taught_by='multiple_of')
