"""Family ``time_styles``: rewrite a 24-hour time in other styles."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family(
    "time_styles", split="train", summary="24-hour times in other notations, and minutes to the hour"
)

FAMILY.add(
    "time_to_h_style",
    D["time"],
    lambda t: f"{t[0]}h{t[1]:02d}",
    [
        "write the time in the French style with an h between hours and minutes",
        "rewrite the time using h instead of the colon",
    ],
    only("the time such as 14h05"),
)
FAMILY.add(
    "time_to_hours_word",
    D["time"],
    lambda t: f"{t[0]:02d}{t[1]:02d} hours",
    [
        "write the time in military style followed by the word hours",
        "rewrite the time as four digits and the word hours",
    ],
    only("the time such as 1405 hours"),
)
FAMILY.add(
    "time_to_next_hour",
    D["time"],
    lambda t: 60 - t[1] if t[1] else None,
    [
        "say how many minutes remain until the next full hour",
        "count the minutes left until the clock next shows :00",
    ],
    num("the number of minutes"),
    metric="numeric",
)
FAMILY.add(
    "time_to_seconds",
    D["time"],
    lambda t: (t[0] * 60 + t[1]) * 60,
    ["give the number of seconds since midnight", "convert the time of day into seconds after midnight"],
    num("the number of seconds"),
    metric="numeric",
)
