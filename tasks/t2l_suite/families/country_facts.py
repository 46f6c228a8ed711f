"""Family ``country_facts``: continents and capitals looked up from the capital city (held out)."""

from __future__ import annotations

from ..core import Domain, Family, lab, yn
from ..facts import CAPITAL_TO_COUNTRY, CONTINENTS, COUNTRIES

FAMILY = Family("country_facts", split="heldout", summary="facts about the country whose capital is given")

_INPUTS = ("the name of a capital city", "a capital city", "a city that is a national capital")
_CAPITALS = sorted(CAPITAL_TO_COUNTRY)


def _continent(capital: str) -> str:
    return COUNTRIES[CAPITAL_TO_COUNTRY[capital]][1]


FAMILY.add(
    "capital_continent",
    Domain("capital_continent", _INPUTS, sample=lambda rng: rng.choice(_CAPITALS), render=lambda c: c),
    lambda c: _continent(c),
    ["name the continent this capital city lies on", "say on which continent the city is"],
    lab(*CONTINENTS),
    labels=CONTINENTS,
)
FAMILY.add(
    "capital_in_asia",
    Domain("capital_in_asia", _INPUTS, sample=lambda rng: rng.choice(_CAPITALS), render=lambda c: c),
    lambda c: "Asian" if _continent(c) == "Asia" else "not Asian",
    ["decide whether the capital city is in Asia", "check if the city lies on the Asian continent"],
    yn("the city is in Asia", "Asian", "not Asian"),
    labels=["Asian", "not Asian"],
    balance=True,
)
