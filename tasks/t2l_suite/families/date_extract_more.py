"""Family ``date_extract_more``: short forms of an ISO date (year-month, month and year, two-digit year)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import MONTHS

FAMILY = Family("date_extract_more", split="train", summary="year and month of a date in short forms")

FAMILY.add(
    "date_year_month",
    D["date"],
    lambda d: f"{d.year}-{d.month:02d}",
    ["drop the day from the date", "keep only the year and the month of the date"],
    only("YYYY-MM"),
)
FAMILY.add(
    "date_month_year_words",
    D["date"],
    lambda d: f"{MONTHS[d.month - 1]} {d.year}",
    ["write the month name and the year of the date", "give the date's month in words followed by its year"],
    only("the month name and the year, such as March 2021"),
    metric="exact_match_cased",
)
FAMILY.add(
    "date_two_digit_year",
    D["date"],
    lambda d: f"{d.year % 100:02d}",
    ["give the last two digits of the date's year", "write the year of the date in two digits"],
    only("the two digits, such as 07"),
)
