"""Family ``t_next_multiple``: the next multiple of a fixed number after the input."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_next_multiple", split="train",
                summary="the smallest multiple of a fixed number that is larger than the input")

for k in [3, 4, 6, 7, 8, 9, 11, 12, 15, 25]:
    FAMILY.add(
        f"num_next_multiple_{k}",
        D["num"],
        lambda n, k=k: (n // k + 1) * k,
        [f"give the next multiple of {k} after the number", f"find the smallest multiple of {k} that is "
         "greater than the number", f"count up from the number to the next number divisible by {k}"],
        num("that multiple"),
        metric="numeric",
    )
