"""Family ``time_hours_shift``: a 24-hour time moved by whole hours."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "time_hours_shift", split="train", summary="a time plus or minus k hours on the 24-hour clock"
)

for _k in (2, 3, 4, 5, 6, 12, -1, -2, -3, -6):
    _said = f"{abs(_k)} hour" + ("s" if abs(_k) > 1 else "")
    FAMILY.add(
        f"time_{'plus' if _k > 0 else 'minus'}_{abs(_k)}h",
        D["time"],
        lambda t, k=_k: f"{(t[0] + k) % 24:02d}:{t[1]:02d}",
        [
            f"give the time {_said} {'later' if _k > 0 else 'earlier'}",
            f"{'add' if _k > 0 else 'subtract'} {_said} {'to' if _k > 0 else 'from'} the time",
        ],
        only("the new time as HH:MM on the 24-hour clock"),
    )
