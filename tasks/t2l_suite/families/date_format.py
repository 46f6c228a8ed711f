"""Family ``date_format``: rewrite dates between ISO, day-first, month-first and written styles.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import MONTHS

FAMILY = Family(
    "date_format",
    split="train",
    summary="rewrite dates between ISO, day-first, month-first and written styles",
)

DA = "date"
LD = "longdate"
FAMILY.add(
    "date_dmy",
    D[DA],
    lambda d: d.strftime("%d/%m/%Y"),
    [
        "rewrite the date as day/month/year",
        "convert the date to DD/MM/YYYY format",
        "put the date in European slash format",
    ],
    only("the date as DD/MM/YYYY, with leading zeros"),
)

FAMILY.add(
    "date_mdy",
    D[DA],
    lambda d: d.strftime("%m/%d/%Y"),
    [
        "rewrite the date as month/day/year",
        "convert the date to MM/DD/YYYY format",
        "put the date in American slash format",
    ],
    only("the date as MM/DD/YYYY, with leading zeros"),
)

FAMILY.add(
    "date_long",
    D[DA],
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    [
        "write the date out with the month name",
        "convert the date to day, month name and year",
        "spell out the month of the date in words",
    ],
    only("the date in the form 14 March 2021"),
)

FAMILY.add(
    "ldate_iso",
    D[LD],
    lambda d: d.isoformat(),
    [
        "convert the date to ISO format",
        "rewrite the date as year-month-day with digits",
        "turn the written date into YYYY-MM-DD",
    ],
    only("the date as YYYY-MM-DD"),
)

FAMILY.add(
    "ldate_us",
    D[LD],
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    [
        "rewrite the date in American style with the month first",
        "put the month name before the day",
        "convert the date to the form 'March 14, 2021'",
    ],
    only("the date as Month day, year"),
)
