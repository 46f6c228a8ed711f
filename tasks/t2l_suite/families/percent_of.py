"""Family ``percent_of``: a given percentage of a number (validation)."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("percent_of", split="validation", summary="k percent of a number")

for _k in (10, 20, 25, 50, 75):
    FAMILY.add(
        f"num_percent_{_k}",
        D["num"],
        lambda n, k=_k: n * k // 100 if n * k % 100 == 0 else None,
        [f"compute {_k} percent of the number", f"work out {_k}% of the number"],
        num(f"{_k}% of the number"),
        metric="numeric",
    )
