"""Family ``calendar``: weekdays and months: the day after or before, weekends, seasons, quarters, month
lengths.

Ported from the v1 suite.
"""

from __future__ import annotations

import calendar

from ..core import Family, lab, num, only, yn
from ..domains import D
from ..lexicon import DAYS, MONTHS
from ..wordforms import season

FAMILY = Family(
    "calendar",
    split="train",
    summary="weekdays and months: the day after or before, weekends, seasons, quarters, month lengths",
)

EV = "event"
DA = "date"
FAMILY.add(
    "event_day_after",
    D[EV],
    lambda e: DAYS[(e["day"] + 1) % 7],
    [
        "give the day of the week after the one in the sentence",
        "say which weekday follows the day mentioned",
        "find the day in the sentence and move one day forward",
    ],
    only("the day name"),
)

FAMILY.add(
    "event_day_before",
    D[EV],
    lambda e: DAYS[(e["day"] - 1) % 7],
    [
        "give the day of the week before the one in the sentence",
        "say which weekday comes just before the day mentioned",
        "find the day in the sentence and move one day back",
    ],
    only("the day name"),
)

FAMILY.add(
    "event_weekend",
    D[EV],
    lambda e: "yes" if e["day"] >= 5 else "no",
    [
        "decide whether it happened at the weekend",
        "check if the day in the sentence is Saturday or Sunday",
        "tell whether the day mentioned falls on a weekend",
    ],
    yn("the day is Saturday or Sunday"),
    labels=["yes", "no"],
)

FAMILY.add(
    "event_day_abbr",
    D[EV],
    lambda e: DAYS[e["day"]][:3],
    [
        "abbreviate the day of the week in the sentence",
        "give the three-letter short form of the weekday mentioned",
        "shorten the day in the sentence to three letters",
    ],
    only("the abbreviation, such as Mon"),
)

FAMILY.add(
    "date_next_month",
    D[DA],
    lambda d: MONTHS[d.month % 12],
    [
        "give the name of the month after the date's month",
        "say which month follows the month of the date",
        "name the next month after the one in the date",
    ],
    only("the month name"),
)

FAMILY.add(
    "date_prev_month",
    D[DA],
    lambda d: MONTHS[d.month - 2],
    [
        "give the name of the month before the date's month",
        "say which month comes just before the month of the date",
        "name the previous month",
    ],
    only("the month name"),
)

FAMILY.add(
    "date_season",
    D[DA],
    lambda d: season(d.month),
    [
        "give the season of the date in the northern hemisphere",
        "say which season the date falls in, north of the equator",
        "name the northern-hemisphere season of the date",
    ],
    [
        "Reply with only 'winter' (December to February), 'spring' (March to May), 'summer' (June to August) "
        "or 'autumn' (September to November).",
        "Use meteorological seasons (winter is December to February, spring March to May, and so on) "
        "and answer "
        "with one word: winter, spring, summer or autumn.",
        "Answer winter for Dec-Feb, spring for Mar-May, summer for Jun-Aug and autumn for Sep-Nov, "
        "and nothing else.",
    ],
    labels=["winter", "spring", "summer", "autumn"],
)

FAMILY.add(
    "date_quarter",
    D[DA],
    lambda d: f"Q{(d.month - 1) // 3 + 1}",
    [
        "give the quarter of the year the date is in",
        "say which calendar quarter the date falls in",
        "name the date's quarter of the year",
    ],
    lab("Q1", "Q2", "Q3", "Q4"),
    labels=["Q1", "Q2", "Q3", "Q4"],
)

FAMILY.add(
    "date_first_half",
    D[DA],
    lambda d: "yes" if d.month <= 6 else "no",
    [
        "decide whether the date is in the first half of the year",
        "check if the date falls between January and June",
        "tell whether the date comes before July",
    ],
    yn("the month is January to June"),
    labels=["yes", "no"],
)

FAMILY.add(
    "date_days_in_month",
    D[DA],
    lambda d: calendar.monthrange(d.year, d.month)[1],
    [
        "give the number of days in the date's month",
        "say how many days the month of the date has",
        "count the days in that month of that year",
    ],
    num("the number of days"),
    metric="numeric",
)

FAMILY.add(
    "date_decade",
    D[DA],
    lambda d: f"{d.year // 10 * 10}s",
    ["give the decade of the date", "say which decade the date belongs to", "name the date's decade"],
    only("the decade, such as 1990s"),
)
