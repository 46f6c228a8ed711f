"""Family ``t_num_affine``: multiply a number by a fixed factor, then add a fixed amount."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_num_affine", split="train", summary="multiply by a fixed factor, then add a fixed amount")

for a in (2, 3, 4, 5, 6):
    for b in (1, 2, 3, 5, 10, 100):
        FAMILY.add(
            f"num_times_{a}_plus_{b}",
            D["num"],
            lambda n, a=a, b=b: a * n + b,
            [f"multiply the number by {a}, then add {b}", f"give {a} times the number plus {b}",
             f"compute {a}n + {b} where n is the number"],
            num("the result"),
            metric="numeric",
        )
