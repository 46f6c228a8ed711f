"""Family ``t_can_fly``: whether an animal or vehicle can fly."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import FLYERS, NON_FLYERS
from ._t_binary import add_binary

FAMILY = Family("t_can_fly", split="train", summary="whether an animal or vehicle can fly")
add_binary(
    FAMILY, "thing_can_fly", FLYERS, NON_FLYERS, pos_label="flies", neg_label="does not fly",
    question="the thing can fly",
    actions=[
        "classify the thing by whether it flies",
        "say whether the thing named can fly",
        "sort the thing into things that fly and things that do not",
    ],
)
