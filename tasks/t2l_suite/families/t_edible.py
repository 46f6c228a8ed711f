"""Family ``t_edible``: whether a thing is food (edible) or not."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import FOODS, NOT_FOODS
from ._t_binary import add_binary

FAMILY = Family("t_edible", split="train", summary="whether a thing is food (edible) or not")
add_binary(
    FAMILY, "thing_edible", FOODS, NOT_FOODS, pos_label="edible", neg_label="inedible",
    question="the thing can be eaten",
    actions=[
        "classify the thing as edible or inedible",
        "say whether the thing named is food or not",
        "sort the thing into edible or inedible",
    ],
)
