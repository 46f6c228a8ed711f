"""Family ``t_num_separators``: group the digits of a large number with a given separator."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_num_separators", split="train",
                summary="group digits in threes with dots, spaces, apostrophes or underscores")

SEPARATORS = [
    ("dots", ".", "a full stop", "the European style"),
    ("spaces", " ", "a space", "the style of scientific writing"),
    ("apostrophes", "'", "an apostrophe", "the Swiss style"),
    ("underscores", "_", "an underscore", "the style of Python code"),
]
for name, sep, noun, style in SEPARATORS:
    FAMILY.add(
        f"big_group_{name}",
        D["bignum"],
        lambda n, sep=sep: f"{n:,}".replace(",", sep),
        [f"group the digits of the number in threes separated by {name}",
         f"write the number with {noun} between each group of three digits",
         f"format the number in {style}, with {noun} as the thousands separator"],
        only(f"the grouped number, such as {'1,234,567'.replace(',', sep)}"),
    )
