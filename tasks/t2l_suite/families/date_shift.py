"""Family ``date_shift``: move an ISO date by a fixed number of days."""

from __future__ import annotations

import datetime as dt

from ..core import Family, only
from ..domains import D

FAMILY = Family("date_shift", split="train", summary="an ISO date plus or minus k days")

for _k in (1, 2, 3, 5, 7, 10, 14, 21, 30, 60, 100, -1, -2, -7, -14, -30):
    _said = f"{abs(_k)} day" + ("s" if abs(_k) > 1 else "")
    _dir = "after" if _k > 0 else "before"
    FAMILY.add(
        f"date_{'plus' if _k > 0 else 'minus'}_{abs(_k)}_days",
        D["date"],
        lambda d, k=_k: (d + dt.timedelta(days=k)).isoformat(),
        [
            f"give the date {_said} {_dir} the given one",
            f"move the date {_said} {'forward' if _k > 0 else 'back'}",
        ],
        only("the new date in YYYY-MM-DD format"),
    )
