"""Family ``t_digit_count``: count how often one fixed digit appears in a large number."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_digit_count", split="train", summary="count the occurrences of a fixed digit in a number")

for d in "0123456789":
    FAMILY.add(
        f"big_count_digit_{d}",
        D["bignum"],
        lambda n, d=d: str(n).count(d),
        [f"count how many times the digit {d} appears in the number",
         f"say how many {d}s the number contains", f"count the occurrences of {d} among the number's digits"],
        num("the count"),
        metric="numeric",
    )
