"""Family ``t_domestic_wild``: whether an animal is domestic or wild."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import DOMESTIC, WILD
from ._t_binary import add_binary

FAMILY = Family("t_domestic_wild", split="train", summary="whether an animal is domestic or wild")
add_binary(
    FAMILY, "animal_domestic_wild", DOMESTIC, WILD, pos_label="domestic", neg_label="wild",
    question="the animal is a pet or farm animal",
    actions=[
        "classify the animal as domestic or wild",
        "say whether the animal is tame (a pet or farm animal) or lives in the wild",
        "sort the animal into domestic or wild",
    ],
)
