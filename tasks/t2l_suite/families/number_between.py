"""Family ``number_between``: is a number inside a given range (validation)."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("number_between", split="validation", summary="is a number between two bounds")

for _lo, _hi in ((10, 50), (100, 200), (20, 80), (300, 600)):
    FAMILY.add(
        f"num_between_{_lo}_{_hi}",
        D["num"],
        lambda n, a=_lo, b=_hi: "yes" if a <= n <= b else "no",
        [
            f"check whether the number lies between {_lo} and {_hi}",
            f"tell if the number is in the range {_lo} to {_hi}",
        ],
        yn(f"{_lo} <= number <= {_hi}"),
        labels=["yes", "no"],
    )
