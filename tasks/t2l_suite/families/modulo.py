"""Family ``modulo``: the remainder of a number divided by a fixed divisor."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("modulo", split="train", summary="the remainder after dividing by k")

for _k in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100):
    FAMILY.add(
        f"num_mod_{_k}",
        D["num"],
        lambda n, k=_k: n % k,
        [f"give the remainder when the number is divided by {_k}", f"compute the number modulo {_k}"],
        num(f"the remainder, from 0 to {_k - 1}"),
        metric="numeric",
    )
