"""Family ``unit_more``: more unit conversions (grams, seconds, days, weeks, dozens, feet)."""

from __future__ import annotations

import random

from ..core import Family, num

FAMILY = Family(
    "unit_more", split="train", summary="convert grams, seconds, days, weeks, years, dozens, feet"
)

# id | input unit | output unit | factor (output = input * factor) | inputs are multiples of
_UNITS = [
    ("g_to_kg", "g", "kilograms", 0.001, 250),
    ("s_to_min", "seconds", "minutes", 1 / 60, 60),
    ("days_to_hours", "days", "hours", 24, 1),
    ("weeks_to_days", "weeks", "days", 7, 1),
    ("years_to_months", "years", "months", 12, 1),
    ("dozens_to_items", "dozen", "items", 12, 1),
    ("feet_to_inches", "feet", "inches", 12, 1),
    ("m_to_km", "m", "kilometres", 0.001, 500),
    ("mm_to_cm", "mm", "centimetres", 0.1, 10),
    ("min_to_hours", "minutes", "hours", 1 / 60, 30),
    ("hours_to_days", "hours", "days", 1 / 24, 12),
    ("months_to_years", "months", "years", 1 / 12, 6),
    ("inches_to_feet", "inches", "feet", 1 / 12, 6),
    ("cm_to_m", "cm", "metres", 0.01, 25),
    ("kg_to_tonnes", "kg", "tonnes", 0.001, 500),
    ("ml_to_litres", "mL", "litres", 0.001, 250),
    ("days_to_weeks", "days", "weeks", 1 / 7, 7),
    ("g_to_mg", "g", "milligrams", 1000, 1),
]


def _make(unit: str, factor: float, step: int):
    def make(rng: random.Random) -> tuple[str, str]:
        value = step * rng.randint(1, 99)
        out = value * factor
        return f"{value} {unit}", f"{out:.10g}"

    return make


_NAMES = {
    "g": "grams",
    "m": "metres",
    "mm": "millimetres",
    "dozen": "dozens",
    "cm": "centimetres",
    "kg": "kilograms",
    "mL": "millilitres",
}
for _id, _in, _out, _factor, _step in _UNITS:
    _said = _NAMES.get(_in, _in)
    FAMILY.add(
        _id,
        None,
        None,
        [f"convert the {_said} to {_out}", f"express the number of {_said} in {_out}"],
        num(f"the number of {_out}"),
        metric="numeric",
        make=_make(_in, _factor, _step),
        inputs=(f"an amount in {_said}", f"a quantity given in {_said}", f"a number of {_said}"),
    )
