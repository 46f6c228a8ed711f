"""Family ``t2_date_style``: rewrite a date in one more written style (dots, compact, two-digit year...)."""

from __future__ import annotations

import datetime as dt

from ..core import Family, only
from ..domains import D
from ..extra_lexicon2 import MONTH_ABBR
from ..lexicon import MONTHS
from ..wordforms import ordinal

FAMILY = Family("t2_date_style", split="train",
                summary="rewrite a date in a given style: separators, padding, order, abbreviations")


def _abbr(d: dt.date) -> str:
    return MONTH_ABBR[d.month - 1]


# (task id, input domain, answer, style name used in the actions, example of the style)
STYLES = [
    ("date_slash_ymd", "date", lambda d: d.strftime("%Y/%m/%d"), "YYYY/MM/DD", "2021/03/14"),
    ("date_dots_dmy", "date", lambda d: d.strftime("%d.%m.%Y"), "DD.MM.YYYY", "14.03.2021"),
    ("date_dash_dmy", "date", lambda d: d.strftime("%d-%m-%Y"), "DD-MM-YYYY", "14-03-2021"),
    ("date_compact", "date", lambda d: d.strftime("%Y%m%d"), "YYYYMMDD", "20210314"),
    ("date_short_mdy", "date", lambda d: d.strftime("%m/%d/%y"), "MM/DD/YY", "03/14/21"),
    ("date_short_dmy", "date", lambda d: d.strftime("%d/%m/%y"), "DD/MM/YY", "14/03/21"),
    ("date_unpadded_dmy", "date", lambda d: f"{d.day}/{d.month}/{d.year}", "D/M/YYYY", "4/3/2021"),
    ("date_unpadded_mdy", "date", lambda d: f"{d.month}/{d.day}/{d.year}", "M/D/YYYY", "3/4/2021"),
    ("date_abbr_dmy", "date", lambda d: f"{d.day} {_abbr(d)} {d.year}", "D Mon YYYY", "14 Mar 2021"),
    ("date_abbr_mdy", "date", lambda d: f"{_abbr(d)} {d.day}, {d.year}", "Mon D, YYYY", "Mar 14, 2021"),
    ("date_upper_abbr", "date", lambda d: f"{d.day:02d}-{_abbr(d).upper()}-{d.year}", "DD-MON-YYYY",
     "14-MAR-2021"),
    ("date_ordinal_of", "date", lambda d: f"{ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
     "an ordinal day, 'of', the month name and the year", "14th of March 2021"),
    ("date_month_year", "date", lambda d: f"{MONTHS[d.month - 1]} {d.year}",
     "the month name and the year only", "March 2021"),
    ("date_day_month", "date", lambda d: f"{d.day} {MONTHS[d.month - 1]}", "the day and the month name only",
     "14 March"),
    ("date_year_month", "date", lambda d: d.strftime("%Y-%m"), "YYYY-MM", "2021-03"),
    ("date_iso_midnight", "date", lambda d: d.strftime("%Y-%m-%dT00:00:00"), "an ISO timestamp at midnight",
     "2021-03-14T00:00:00"),
    ("ldate_dots_dmy", "longdate", lambda d: d.strftime("%d.%m.%Y"), "DD.MM.YYYY with digits", "14.03.2021"),
    ("ldate_compact", "longdate", lambda d: d.strftime("%Y%m%d"), "YYYYMMDD, digits only", "20210314"),
]
for task_id, dom, fn, style, ex in STYLES:
    FAMILY.add(
        task_id, D[dom], fn,
        [f"rewrite the date as {style}", f"convert the date to the style {style}",
         f"format the date as {style}"],
        only(f"the date written like '{ex}'"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('date_year_month', taught_by='date_extract_more')
