"""Family ``h_country_currency``: the currency a country pays with (held out: knowledge lookup)."""

from __future__ import annotations

from ..core import Family, only
from ..heldout_lexicon import COUNTRY_FACTS

FAMILY = Family("h_country_currency", split="heldout", summary="the currency of a country (Japan -> yen)")

_CURRENCY = {c: row[0] for c, row in COUNTRY_FACTS.items() if row[0] != "-"}
_COUNTRIES = sorted(_CURRENCY)
_INPUTS = ("a country", "the name of a country", "a country name in English")

FAMILY.add(
    "country_currency", None, None,
    ["name the currency used in the country", "say what money people pay with in that country"],
    only("the currency's name in lowercase, such as yen"),
    make=lambda rng: (lambda c: (c, _CURRENCY[c]))(rng.choice(_COUNTRIES)), inputs=_INPUTS,
    extra=["Which currency does this country use? Japan -> yen, Mexico -> peso.",
           "Write the name of the national currency, one lowercase word, no symbol.",
           "You will be told a country. Reply with its money: euro, dollar, pound, rupee and so on.",
           "Currency lookup: country in, currency name out."],
)
FAMILY.add(
    "country_uses_euro", None, None,
    ["decide whether the country pays in euros", "tell if the euro is the money of the country"],
    only("yes or no"), labels=["yes", "no"],
    make=lambda rng: (lambda c: (rng.choice([c, f"in {c}"]), "yes" if _CURRENCY[c] == "euro" else "no"))(
        rng.choice(_COUNTRIES)),
    inputs=_INPUTS,
    extra=["Is the euro the currency here? France: yes. Sweden: no.",
           "Answer yes if people in this country pay with euros, otherwise no.",
           "Eurozone check for the given country; reply yes or no."],
)

# Its answers agree with training's country_in_europe on 94% of shared inputs: a held-out task must not be answerable by a trained one.
FAMILY.drop('country_uses_euro', taught_by='geography')
