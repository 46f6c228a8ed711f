"""Family ``number_round``: round a number to a given step."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D
from ..wordforms import round_half_up

FAMILY = Family("number_round", split="train", summary="round a number to the nearest 5, 10, 50 or 100")

for _step in (5, 20, 25, 50, 100):
    FAMILY.add(
        f"num_round_{_step}",
        D["num"],
        lambda n, s=_step: s * round_half_up(n / s),
        [f"round the number to the nearest multiple of {_step}", f"round the number to the closest {_step}"],
        num("the rounded number (halves round up)"),
        metric="numeric",
    )
for _step in (10, 100):
    FAMILY.add(
        f"num_floor_{_step}",
        D["num"],
        lambda n, s=_step: s * (n // s),
        [f"round the number down to a multiple of {_step}", f"cut the number down to the {_step} below it"],
        num("the rounded-down number"),
        metric="numeric",
    )
