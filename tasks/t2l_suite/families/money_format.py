"""Family ``money_format``: write a whole amount as a price in a given currency style (validation)."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family("money_format", split="validation", summary="format an amount as dollars, euros or pounds")

_STYLES = {
    "usd": ("${n}.00", "US dollars", "a dollar sign, the amount and .00"),
    "eur": ("{n} €", "euros", "the amount, a space and the euro sign"),
    "gbp": ("£{n}", "pounds", "a pound sign followed by the amount"),
    "usd_word": ("{n} dollars", "dollars written out", "the amount followed by the word dollars"),
}
for _name, (_tmpl, _cur, _said) in _STYLES.items():
    FAMILY.add(
        f"money_{_name}",
        D["num"],
        lambda n, t=_tmpl: t.format(n=n),
        [f"write the number as a price in {_cur}", f"format the amount as money in {_cur}"],
        exactly(f"{_said} (e.g. '{_tmpl.format(n=12)}')"),
        metric="exact_match_cased",
    )
