"""Family ``multiple_of``: is a number divisible by a given divisor."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("multiple_of", split="train", summary="is a number a multiple of k")

for _k in (4, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 20, 25, 30, 50):
    FAMILY.add(
        f"num_multiple_of_{_k}",
        D["num"],
        lambda n, k=_k: "yes" if n % k == 0 else "no",
        [f"check whether the number is divisible by {_k}", f"tell if the number is a multiple of {_k}"],
        yn(f"{_k} divides the number exactly"),
        labels=["yes", "no"],
    )
