"""Family ``time_shift``: add a fixed number of minutes to a 24-hour time (validation)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("time_shift", split="validation", summary="a time plus k minutes, on the 24-hour clock")

for _k in (15, 30, 45, 90):
    FAMILY.add(
        f"time_plus_{_k}_min",
        D["time"],
        lambda t, k=_k: "{:02d}:{:02d}".format(*divmod((t[0] * 60 + t[1] + k) % 1440, 60)),
        [f"add {_k} minutes to the time", f"give the time {_k} minutes later"],
        only("the new time as HH:MM on the 24-hour clock"),
    )
