"""Family ``calendar_rule``: is a year a leap year.

Ported from the v1 suite.
"""

from __future__ import annotations

import calendar

from ..core import Family, num, yn
from ..domains import D

FAMILY = Family(
    "calendar_rule",
    split="heldout",
    summary="is a year a leap year",
)

FAMILY.add(
    "leap_year",
    D["year"],
    lambda y: "yes" if calendar.isleap(y) else "no",
    [
        "decide whether the year is a leap year",
        "check if the year has a 29th of February",
        "tell whether the year has 366 days",
    ],
    yn("it is a leap year"),
    labels=["yes", "no"],
)

FAMILY.add(
    "leap_year_days",
    D["year"],
    lambda y: 366 if calendar.isleap(y) else 365,
    ["say how many days the year has", "count the days in that calendar year"],
    num("365 or 366"),
    metric="numeric",
    balance=True,
)
