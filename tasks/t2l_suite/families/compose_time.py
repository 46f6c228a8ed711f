"""Family ``compose_time``: held-out compositions of trained skills (time).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import twelve_hour

FAMILY = Family(
    "compose_time",
    split="heldout_compositions",
    summary="new combinations of trained skills (time)",
)

TI = "time"
FAMILY.add(
    "time_plus_hour_12h",
    D[TI],
    lambda t: twelve_hour((t[0] + 1) % 24, t[1]),
    [
        "give the time one hour later on a 12-hour clock",
        "add an hour to the time and write it with AM or PM",
        "move the clock forward one hour and convert to 12-hour format",
    ],
    only("the time like 2:35 PM, without a leading zero on the hour"),
    comp="time_plus_hour+time_12h",
)
