"""Family ``time_round``: round a 24-hour time to the nearest hour or quarter hour."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("time_round", split="train", summary="round a time to the nearest hour or quarter hour")


def _round(t: tuple[int, int], step: int) -> str | None:
    total = t[0] * 60 + t[1]
    if total % step * 2 == step:  # exactly halfway: skip
        return None
    rounded = (total + step // 2) // step * step % 1440
    return f"{rounded // 60:02d}:{rounded % 60:02d}"


for _step, _said in ((60, "hour"), (15, "quarter hour"), (30, "half hour")):
    FAMILY.add(
        f"time_round_{_step}",
        D["time"],
        lambda t, s=_step: _round(t, s),
        [f"round the time to the nearest {_said}", f"give the closest full {_said} to the time"],
        only("the rounded time as HH:MM"),
    )
