"""Family ``date_arithmetic``: days between two dates of one month.

Ported from the v1 suite.
"""

from __future__ import annotations

import calendar

from ..core import Family, num
from ..domains import D

FAMILY = Family(
    "date_arithmetic",
    split="heldout",
    summary="days between two dates of one month",
)

FAMILY.add(
    "date_days_between",
    D["daterange"],
    lambda t: t[1],
    [
        "count the days from the first date to the second",
        "say how many days separate the two dates",
        "compute the number of days between the two dates",
    ],
    num("the number of days"),
    metric="numeric",
)

FAMILY.add(
    "date_days_left_in_month",
    D["date"],
    lambda d: calendar.monthrange(d.year, d.month)[1] - d.day,
    [
        "count how many days of the month remain after the date",
        "say how many days are left until the month ends",
    ],
    num("the number of remaining days"),
    metric="numeric",
)
FAMILY.add(
    "date_day_of_year",
    D["date"],
    lambda d: d.timetuple().tm_yday,
    [
        "give the position of the date within its year, with 1 January as day 1",
        "count which day of the year the date is",
    ],
    num("the day number"),
    metric="numeric",
)
