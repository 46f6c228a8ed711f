"""Family ``t_num_round_to``: round a number to a multiple of 5, 20, 25, 50 or 500, or down or up to tens."""

from __future__ import annotations

import math

from ..core import Family, num
from ..domains import D
from ..wordforms import round_half_up

FAMILY = Family("t_num_round_to", split="train",
                summary="round to a multiple of a fixed step, or always down or always up")

for k in (5, 20, 25, 50, 500):
    FAMILY.add(
        f"num_round_{k}",
        D["num"],
        lambda n, k=k: round_half_up(n / k) * k,
        [f"round the number to the nearest multiple of {k}",
         f"give the multiple of {k} closest to the number",
         f"round the number to steps of {k}, rounding halves up"],
        num("the rounded number"),
        metric="numeric",
    )
for k, word in ((10, "ten"), (100, "hundred")):
    FAMILY.add(
        f"num_floor_{k}",
        D["num"],
        lambda n, k=k: n // k * k,
        [f"round the number down to a multiple of {k}", f"drop the number to the {word} at or below it",
         f"give the largest multiple of {k} that is not bigger than the number"],
        num("the rounded number"),
        metric="numeric",
    )
    FAMILY.add(
        f"num_ceil_{k}",
        D["num"],
        lambda n, k=k: math.ceil(n / k) * k,
        [f"round the number up to a multiple of {k}", f"raise the number to the {word} at or above it",
         f"give the smallest multiple of {k} that is not smaller than the number"],
        num("the rounded number"),
        metric="numeric",
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_floor_10', 'num_floor_100', 'num_round_20', 'num_round_25', 'num_round_5', 'num_round_50', taught_by='number_round')
