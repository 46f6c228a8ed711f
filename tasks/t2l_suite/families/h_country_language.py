"""Family ``h_country_language``: the language spoken in a country (held out: knowledge lookup)."""

from __future__ import annotations

from ..core import Family, only
from ..heldout_lexicon import COUNTRY_FACTS

FAMILY = Family("h_country_language", split="heldout",
                summary="the main language of a country (Brazil -> Portuguese)")

_LANGUAGE = {c: row[1] for c, row in COUNTRY_FACTS.items() if row[1] != "-"}
_COUNTRIES = sorted(_LANGUAGE)
_INPUTS = ("a country", "the name of a country", "a country name in English")

FAMILY.add(
    "country_language", None, None,
    ["name the main language spoken in the country", "say which language people in that country speak"],
    only("the language's name in English, such as Portuguese"),
    make=lambda rng: (lambda c: (c, _LANGUAGE[c]))(rng.choice(_COUNTRIES)), inputs=_INPUTS,
    extra=["What language is spoken in this country? Brazil -> Portuguese, Egypt -> Arabic.",
           "Give the national language of the country named, in English.",
           "You are told a country; answer with the language most people there speak.",
           "Country to language. One word, e.g. Japanese."],
)
FAMILY.add(
    "country_speaks_spanish", None, None,
    ["decide whether Spanish is the main language of the country",
     "tell if people there mainly speak Spanish"],
    only("yes or no"), labels=["yes", "no"],
    make=lambda rng: (lambda c: (rng.choice([c, f"in {c}"]), "yes" if _LANGUAGE[c] == "Spanish" else "no"))(
        rng.choice(_COUNTRIES)),
    inputs=_INPUTS,
    extra=["Is Spanish the language of this country? Mexico: yes. Brazil: no.",
           "Reply yes for Spanish-speaking countries and no for all others."],
)
FAMILY.add(
    "country_speaks_arabic", None, None,
    ["decide whether Arabic is the main language of the country", "tell if people there mainly speak Arabic"],
    only("yes or no"), labels=["yes", "no"],
    make=lambda rng: (lambda c: (rng.choice([c, f"in {c}"]), "yes" if _LANGUAGE[c] == "Arabic" else "no"))(
        rng.choice(_COUNTRIES)),
    inputs=_INPUTS,
    extra=["Is Arabic spoken as the main language here? Egypt: yes. Iran: no.",
           "Reply yes for Arabic-speaking countries, no otherwise."],
)
