"""Family ``h_nationality``: the nationality word of a country, and back (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..heldout_lexicon import COUNTRY_FACTS

FAMILY = Family("h_nationality", split="heldout",
                summary="the nationality adjective of a country (Canada -> Canadian)")

_ADJ = {c: row[2] for c, row in COUNTRY_FACTS.items() if row[2] != "-"}
_COUNTRIES = sorted(_ADJ)
_BACK = sorted((p, c) for c, a in _ADJ.items() for p in (a, f"{a} citizens"))

FAMILY.add(
    "country_nationality", None, None,
    ["give the word for a person or thing from the country",
     "write the nationality adjective of the country"],
    only("the adjective with a capital letter, such as Canadian"),
    make=lambda rng: (lambda c: (c, _ADJ[c]))(rng.choice(_COUNTRIES)),
    inputs=("a country", "the name of a country"),
    extra=["Canada -> Canadian, Peru -> Peruvian: what do you call someone from this country?",
           "Write the nationality that goes with the country, e.g. Sweden gives Swedish.",
           "You get a country name. Reply with the adjective for its people."],
)
FAMILY.add(
    "nationality_country", None, None,
    ["name the country that the nationality word refers to", "say which country those people come from"],
    only("the country's name in English"), make=lambda rng: rng.choice(_BACK),
    inputs=("a nationality word", "a nationality adjective, maybe followed by citizens"),
    extra=["Which country is this nationality from? Danish -> Denmark.",
           "From a nationality such as Brazilian, give the country (Brazil).",
           "Nationality in, home country out."],
)
