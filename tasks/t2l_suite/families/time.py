"""Family ``time``: times of day: 12-hour clock, AM/PM, hours, minutes, the part of the day.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, num, only, yn
from ..domains import D
from ..wordforms import part_of_day, twelve_hour

FAMILY = Family(
    "time",
    split="train",
    summary="times of day: 12-hour clock, AM/PM, hours, minutes, the part of the day",
)

TI = "time"
FAMILY.add(
    "time_12h",
    D[TI],
    lambda t: twelve_hour(*t),
    [
        "convert the time to 12-hour format with AM or PM",
        "rewrite the 24-hour time on a 12-hour clock",
        "give the time as you would say it with AM or PM",
    ],
    only("the time like 2:35 PM, without a leading zero on the hour"),
)

FAMILY.add(
    "time_am_pm",
    D[TI],
    lambda t: "AM" if t[0] < 12 else "PM",
    [
        "decide whether the time is AM or PM",
        "say if the time is before or after noon",
        "classify the time as morning (AM) or afternoon/evening (PM)",
    ],
    lab("AM", "PM"),
    labels=["AM", "PM"],
)

FAMILY.add(
    "time_hour",
    D[TI],
    lambda t: t[0],
    ["extract the hour from the time", "give the hour part of the time", "say which hour the time is in"],
    num("the hour, from 0 to 23"),
    metric="numeric",
)

FAMILY.add(
    "time_minute",
    D[TI],
    lambda t: t[1],
    [
        "extract the minutes from the time",
        "give the minute part of the time",
        "say how many minutes past the hour it is",
    ],
    num("the minutes, from 0 to 59"),
    metric="numeric",
)

FAMILY.add(
    "time_part_of_day",
    D[TI],
    lambda t: part_of_day(t[0]),
    [
        "say which part of the day the time is in",
        "classify the time as morning, afternoon, evening or night",
        "name the part of the day for the time",
    ],
    [
        "Reply with one word: morning (05:00-11:59), afternoon (12:00-16:59), evening (17:00-20:59) "
        "or night.",
        "Answer morning from 5 to 11, afternoon from 12 to 16, evening from 17 to 20 and night otherwise "
        "(by the hour).",
        "Say only morning (hours 5-11), afternoon (12-16), evening (17-20) or night (21-4).",
    ],
    labels=["morning", "afternoon", "evening", "night"],
)

FAMILY.add(
    "time_plus_hour",
    D[TI],
    lambda t: f"{(t[0] + 1) % 24:02d}:{t[1]:02d}",
    ["add one hour to the time", "give the time one hour later", "move the clock forward by an hour"],
    only("the new time in 24-hour HH:MM format"),
)

FAMILY.add(
    "time_minutes_since_midnight",
    D[TI],
    lambda t: 60 * t[0] + t[1],
    [
        "give the number of minutes since midnight",
        "convert the time to minutes after 00:00",
        "count how many minutes have passed since midnight",
    ],
    num("the minutes"),
    metric="numeric",
)

FAMILY.add(
    "time_on_the_hour",
    D[TI],
    lambda t: "yes" if t[1] == 0 else "no",
    [
        "decide whether the time is exactly on the hour",
        "check if the minutes of the time are zero",
        "tell whether the time is a full hour such as 14:00",
    ],
    yn("the minutes are 00"),
    labels=["yes", "no"],
)
