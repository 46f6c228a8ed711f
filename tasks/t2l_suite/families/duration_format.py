"""Family ``duration_format``: minutes as hours and minutes (H:MM).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Domain, Family, only
from ..domains import D

FAMILY = Family(
    "duration_format",
    split="heldout",
    summary="minutes as hours and minutes (H:MM)",
)

FAMILY.add(
    "minutes_to_hours",
    D["minutes"],
    lambda n: f"{n // 60}:{n % 60:02d}",
    [
        "convert the minutes into hours and minutes",
        "express the duration as hours:minutes",
        "split the minutes into whole hours and leftover minutes",
    ],
    only("H:MM, such as 2:15 for 135 minutes"),
)

FAMILY.add(
    "seconds_to_minutes",
    Domain(
        "seconds_to_minutes",
        ("a number of seconds", "a duration given in seconds", "an amount of time in seconds"),
        sample=lambda rng: rng.randint(61, 900),
        render=lambda n: f"{n} seconds",
    ),
    lambda n: f"{n // 60}:{n % 60:02d}",
    ["convert the seconds into minutes and seconds", "express the number of seconds as minutes:seconds"],
    only("M:SS, such as 3:05 for 185 seconds"),
)
