"""Family ``compose_translation``: held-out compositions of trained skills (translation).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import COLOURS, DAYS_ES, MONTHS_FR
from ..wordforms import words_es

FAMILY = Family(
    "compose_translation",
    split="heldout_compositions",
    summary="new combinations of trained skills (translation)",
)

C = "cphrase"
N = "num"
EV = "event"
DA = "date"
FAMILY.add(
    "num_words_es",
    D[N],
    lambda n: words_es(n) if n < 100 else None,
    [
        "write the number out in Spanish words",
        "spell the number in Spanish",
        "give the Spanish name of the number",
    ],
    only("the Spanish words in lowercase, as in cuarenta y dos"),
    comp="num_words_en+noun_es",
)

FAMILY.add(
    "cp_colour_de",
    D[C],
    lambda t: COLOURS[t[1]][2],
    [
        "give the German word for the colour in the phrase",
        "translate the colour mentioned in the phrase into German",
        "say the phrase's colour in German",
    ],
    only("the German colour word in its basic form"),
    comp="cp_colour_fr+noun_de",
)

FAMILY.add(
    "date_next_month_fr",
    D[DA],
    lambda d: MONTHS_FR[d.month % 12],
    [
        "give the month after the date's month, in French",
        "name in French the month that follows the date's month",
        "say in French which month comes next after the date",
    ],
    only("the French month name in lowercase"),
    comp="date_next_month+date_month_fr",
)

FAMILY.add(
    "event_day_after_es",
    D[EV],
    lambda e: DAYS_ES[(e["day"] + 1) % 7],
    [
        "give in Spanish the day after the weekday in the sentence",
        "say in Spanish which day follows the day mentioned",
        "find the day in the sentence, move one day forward and name it in Spanish",
    ],
    only("the Spanish day name in lowercase"),
    comp="event_day_after+event_day_es",
)
