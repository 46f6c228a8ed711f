"""Family ``unit_conversion``: convert distances, masses, durations, volumes and temperatures.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D
from ..wordforms import fmt_num, round_half_up

FAMILY = Family(
    "unit_conversion",
    split="train",
    summary="convert distances, masses, durations, volumes and temperatures",
)

for _tid, _dom, _factor, _instr, _unit in [
    (
        "km_to_m",
        "km",
        1000,
        [
            "convert the distance from kilometres to metres",
            "say how many metres the distance is",
            "express the length in metres",
        ],
        "metres",
    ),
    (
        "m_to_cm",
        "m",
        100,
        [
            "convert the length from metres to centimetres",
            "say how many centimetres the length is",
            "express the length in centimetres",
        ],
        "centimetres",
    ),
    (
        "kg_to_g",
        "kg",
        1000,
        [
            "convert the mass from kilograms to grams",
            "say how many grams the weight is",
            "express the weight in grams",
        ],
        "grams",
    ),
    (
        "hours_to_minutes",
        "hours",
        60,
        [
            "convert the hours to minutes",
            "say how many minutes that many hours last",
            "express the duration in minutes",
        ],
        "minutes",
    ),
    (
        "minutes_to_seconds",
        "mins",
        60,
        [
            "convert the minutes to seconds",
            "say how many seconds that many minutes last",
            "express the duration in seconds",
        ],
        "seconds",
    ),
    (
        "litres_to_ml",
        "litres",
        1000,
        [
            "convert the volume from litres to millilitres",
            "say how many millilitres the volume is",
            "express the amount in millilitres",
        ],
        "millilitres",
    ),
    (
        "cm_to_mm",
        "cm",
        10,
        [
            "convert the length from centimetres to millimetres",
            "say how many millimetres the length is",
            "express the length in millimetres",
        ],
        "millimetres",
    ),
]:
    FAMILY.add(
        _tid,
        D[_dom],
        lambda x, f=_factor: fmt_num(x * f),
        _instr,
        num(f"the number of {_unit}"),
        metric="numeric",
    )

FAMILY.add(
    "km_to_m_with_unit",
    D["km"],
    lambda x: f"{fmt_num(x * 1000)} m",
    [
        "convert the distance to metres and keep the unit",
        "rewrite the distance in metres, unit included",
        "express the kilometres as metres followed by the symbol m",
    ],
    only("the number, a space and m, such as 2500 m"),
)

FAMILY.add(
    "kg_to_g_with_unit",
    D["kg"],
    lambda x: f"{fmt_num(x * 1000)} g",
    [
        "convert the mass to grams and keep the unit",
        "rewrite the weight in grams, unit included",
        "express the kilograms as grams followed by the symbol g",
    ],
    only("the number, a space and g, such as 1500 g"),
)

FAMILY.add(
    "c_to_f",
    D["celsius"],
    lambda c: round_half_up(c * 9 / 5 + 32),
    [
        "convert the temperature from Celsius to Fahrenheit",
        "give the temperature in degrees Fahrenheit",
        "express the Celsius reading in Fahrenheit",
    ],
    num("the Fahrenheit value, rounded to a whole number"),
    metric="numeric",
)

FAMILY.add(
    "f_to_c",
    D["fahrenheit"],
    lambda f: round_half_up((f - 32) * 5 / 9),
    [
        "convert the temperature from Fahrenheit to Celsius",
        "give the temperature in degrees Celsius",
        "express the Fahrenheit reading in Celsius",
    ],
    num("the Celsius value, rounded to a whole number"),
    metric="numeric",
)
