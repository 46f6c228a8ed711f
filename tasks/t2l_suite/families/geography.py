"""Family ``geography``: countries, capitals and continents.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, only, yn
from ..domains import D
from ..facts import CAPITAL_TO_COUNTRY, CONTINENTS, COUNTRIES

FAMILY = Family(
    "geography",
    split="train",
    summary="countries, capitals and continents",
)

EV = "event"
FAMILY.add(
    "event_country",
    D[EV],
    lambda e: CAPITAL_TO_COUNTRY[e["city"]],
    [
        "name the country whose capital is the city in the sentence",
        "say in which country it happened",
        "find the city in the sentence and give its country",
    ],
    only("the country name"),
    comp="event_city+capital_country",
)

FAMILY.add(
    "country_capital",
    D["country"],
    lambda c: COUNTRIES[c][0],
    [
        "give the capital city of the country",
        "name the country's capital",
        "say which city is the capital of the country",
    ],
    only("the capital city"),
)

FAMILY.add(
    "country_continent",
    D["country"],
    lambda c: COUNTRIES[c][1],
    [
        "give the continent the country is in",
        "name the country's continent",
        "say on which continent the country lies",
    ],
    lab(*CONTINENTS),
    labels=CONTINENTS,
    balance=False,
)

FAMILY.add(
    "country_in_europe",
    D["country"],
    lambda c: "yes" if COUNTRIES[c][1] == "Europe" else "no",
    [
        "decide whether the country is in Europe",
        "check if the country is a European country",
        "tell whether the country lies in Europe",
    ],
    yn("the country is in Europe"),
    labels=["yes", "no"],
)

FAMILY.add(
    "capital_country",
    D["capital"],
    CAPITAL_TO_COUNTRY.get,
    [
        "give the country whose capital is the city",
        "name the country this city is the capital of",
        "say which country has this city as its capital",
    ],
    only("the country name"),
)
