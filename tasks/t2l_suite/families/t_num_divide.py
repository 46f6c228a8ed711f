"""Family ``t_num_divide``: divide a number by a fixed divisor (inputs are exact multiples)."""

from __future__ import annotations

import random

from ..core import Family, num
from ..wordforms import words_en

FAMILY = Family("t_num_divide", split="train", summary="divide a number by a fixed divisor")


def _make(k: int):
    def make(rng: random.Random) -> tuple[str, str]:
        q = rng.randint(1, 120)
        return str(q * k), str(q)
    return make


for k in [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 25, 50, 100]:
    name = words_en(k) if k < 100 else "one hundred"
    first = "halve the number" if k == 2 else f"divide the number by {name}"
    FAMILY.add(
        f"num_div_{k}",
        None, None,
        [first, f"divide the number by {k}", f"say how many times {k} goes into the number"],
        num("the quotient"),
        metric="numeric",
        make=_make(k),
        inputs=(f"a whole number that is a multiple of {k}", f"a number that {k} divides exactly",
                "a whole number"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_div_10', 'num_div_2', 'num_div_3', 'num_div_4', 'num_div_5', 'num_div_6', 'num_div_8', taught_by='arithmetic_const')
