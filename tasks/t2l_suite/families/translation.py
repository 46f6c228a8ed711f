"""Family ``translation``: translate nouns, colours, weekdays, months and numbers into French, Spanish or
German.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import COLOURS, DAYS_ES, DAYS_FR, MONTHS_ES, MONTHS_FR, TRANSLATIONS
from ..wordforms import words_fr

FAMILY = Family(
    "translation",
    split="train",
    summary="translate nouns, colours, weekdays, months and numbers into French, Spanish or German",
)

C = "cphrase"
N = "num"
EV = "event"
DA = "date"
for _lang, _i, _tid in (("French", 0, "noun_fr"), ("Spanish", 1, "noun_es"), ("German", 2, "noun_de")):
    FAMILY.add(
        _tid,
        D["noun"],
        lambda n, i=_i: TRANSLATIONS[n][i],
        [
            f"translate the English noun into {_lang}",
            f"give the {_lang} word for the noun",
            f"say the noun in {_lang}",
        ],
        only(f"the {_lang} word, singular and without an article"),
        pool=sorted(TRANSLATIONS),
    )

FAMILY.add(
    "cp_colour_fr",
    D[C],
    lambda t: COLOURS[t[1]][0],
    [
        "give the French word for the colour in the phrase",
        "translate the colour mentioned in the phrase into French",
        "say the phrase's colour in French",
    ],
    only("the French colour word in its basic masculine form"),
)

FAMILY.add(
    "cp_colour_es",
    D[C],
    lambda t: COLOURS[t[1]][1],
    [
        "give the Spanish word for the colour in the phrase",
        "translate the colour mentioned in the phrase into Spanish",
        "say the phrase's colour in Spanish",
    ],
    only("the Spanish colour word in its basic masculine form"),
)

FAMILY.add(
    "num_words_fr",
    D[N],
    lambda n: words_fr(n) if n < 100 else None,
    [
        "write the number out in French words",
        "spell the number in French",
        "give the French name of the number",
    ],
    only("the French words in lowercase, hyphenated as in quatre-vingt-dix"),
)

FAMILY.add(
    "event_day_fr",
    D[EV],
    lambda e: DAYS_FR[e["day"]],
    [
        "give the day of the week from the sentence in French",
        "translate the weekday in the sentence into French",
        "say in French on which day it happened",
    ],
    only("the French day name in lowercase"),
)

FAMILY.add(
    "event_day_es",
    D[EV],
    lambda e: DAYS_ES[e["day"]],
    [
        "give the day of the week from the sentence in Spanish",
        "translate the weekday in the sentence into Spanish",
        "say in Spanish on which day it happened",
    ],
    only("the Spanish day name in lowercase"),
)

FAMILY.add(
    "date_month_fr",
    D[DA],
    lambda d: MONTHS_FR[d.month - 1],
    [
        "give the month of the date in French",
        "name the date's month in French",
        "translate the month of the date into French",
    ],
    only("the French month name in lowercase"),
)

FAMILY.add(
    "date_month_es",
    D[DA],
    lambda d: MONTHS_ES[d.month - 1],
    [
        "give the month of the date in Spanish",
        "name the date's month in Spanish",
        "translate the month of the date into Spanish",
    ],
    only("the Spanish month name in lowercase"),
)
