"""Family ``number_threshold``: compare a number with a fixed threshold, with several label sets."""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D

FAMILY = Family(
    "number_threshold", split="train", summary="is a number above a threshold (yes/no, above/below)"
)

for _t in (40, 50, 100, 150, 200, 250, 300, 400, 600, 750, 900):
    FAMILY.add(
        f"num_over_{_t}",
        D["num"],
        lambda n, t=_t: None if n == t else ("yes" if n > t else "no"),
        [f"check whether the number is greater than {_t}", f"tell if the number exceeds {_t}"],
        yn(f"the number is more than {_t}"),
        labels=["yes", "no"],
    )
    FAMILY.add(
        f"num_above_below_{_t}",
        D["num"],
        lambda n, t=_t: None if n == t else ("above" if n > t else "below"),
        [f"say whether the number is above or below {_t}", f"compare the number with {_t}"],
        lab("above", "below"),
        labels=["above", "below"],
    )
