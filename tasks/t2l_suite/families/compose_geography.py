"""Family ``compose_geography``: held-out compositions of trained skills (geography).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..facts import COUNTRIES

FAMILY = Family(
    "compose_geography",
    split="heldout_compositions",
    summary="new combinations of trained skills (geography)",
)

FAMILY.add(
    "country_capital_upper",
    D["country"],
    lambda c: COUNTRIES[c][0].upper(),
    [
        "give the country's capital city in uppercase",
        "name the capital of the country in capital letters",
        "write the country's capital with every letter capitalized",
    ],
    only("the capital in uppercase"),
    metric="exact_match_cased",
    comp="country_capital+word_upper",
)

FAMILY.add(
    "country_capital_initial",
    D["country"],
    lambda c: COUNTRIES[c][0][0],
    [
        "give the first letter of the country's capital city",
        "say which letter the capital of the country starts with",
        "name the initial of the country's capital",
    ],
    only("that single letter"),
    comp="country_capital+word_first_letter",
)
