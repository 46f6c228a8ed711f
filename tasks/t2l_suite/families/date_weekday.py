"""Family ``date_weekday``: the day of the week of an ISO date."""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D
from ..lexicon import DAYS

FAMILY = Family(
    "date_weekday", split="train", summary="the weekday of a date and whether it falls on a weekend"
)

FAMILY.add(
    "date_weekday_name",
    D["date"],
    lambda d: DAYS[d.weekday()],
    ["give the day of the week the date falls on", "name the weekday of the date"],
    lab(*DAYS),
    labels=DAYS,
)
FAMILY.add(
    "date_is_weekend",
    D["date"],
    lambda d: "yes" if d.weekday() >= 5 else "no",
    ["check whether the date is a Saturday or a Sunday", "tell if the date falls on a weekend"],
    yn("it is a Saturday or Sunday"),
    labels=["yes", "no"],
)
