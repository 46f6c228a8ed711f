"""Family ``date``: parts of an ISO date: the year, the month (number or name), the day.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D
from ..lexicon import MONTHS

FAMILY = Family(
    "date",
    split="train",
    summary="parts of an ISO date: the year, the month (number or name), the day",
)

DA = "date"
LD = "longdate"
FAMILY.add(
    "date_year",
    D[DA],
    lambda d: d.year,
    ["extract the year from the date", "give the year of the date", "say which year the date falls in"],
    num("the year"),
    metric="numeric",
)

FAMILY.add(
    "date_month_number",
    D[DA],
    lambda d: d.month,
    [
        "extract the month number from the date",
        "give the month of the date as a number",
        "say which month the date is in, as a number from 1 to 12",
    ],
    num("the month number, without a leading zero"),
    metric="numeric",
)

FAMILY.add(
    "date_day",
    D[DA],
    lambda d: d.day,
    [
        "extract the day of the month from the date",
        "give the day number of the date",
        "say which day of the month the date is",
    ],
    num("the day, without a leading zero"),
    metric="numeric",
)

FAMILY.add(
    "date_month_name",
    D[DA],
    lambda d: MONTHS[d.month - 1],
    [
        "give the name of the month of the date",
        "say in which month the date falls",
        "name the date's month in English",
    ],
    only("the month name"),
)

FAMILY.add(
    "date_month_abbr",
    D[DA],
    lambda d: MONTHS[d.month - 1][:3],
    [
        "give the three-letter abbreviation of the date's month",
        "shorten the month of the date to three letters",
        "abbreviate the month of the date",
    ],
    only("the abbreviation, such as Mar"),
)

FAMILY.add(
    "ldate_month_number",
    D[LD],
    lambda d: d.month,
    [
        "give the month of the written date as a number",
        "convert the month name in the date to its number",
        "say which month number the date is in",
    ],
    num("the month number, from 1 to 12"),
    metric="numeric",
)
