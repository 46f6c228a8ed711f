"""Family ``age_from_year``: age from a birth year at a reference year (held out)."""

from __future__ import annotations

from ..core import Domain, Family, num

FAMILY = Family("age_from_year", split="heldout", summary="how old someone born in a year is in a given year")

for _ref in (2000, 2025, 2050):
    FAMILY.add(
        f"age_in_{_ref}",
        Domain(
            f"age_in_{_ref}",
            ("a birth year", "the year someone was born", "a four-digit year of birth"),
            sample=lambda rng, r=_ref: rng.randint(r - 99, r - 1),
            render=lambda y, r=_ref: str(y),
        ),
        lambda y, r=_ref: str(r - y),
        [
            f"work out how old a person born in that year turns in {_ref}",
            f"give the age reached in {_ref} by someone born in the given year",
        ],
        num("the age in years"),
        metric="numeric",
    )
