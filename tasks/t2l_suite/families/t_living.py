"""Family ``t_living``: whether a thing is living or non-living."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import LIVING, NON_LIVING
from ._t_binary import add_binary

FAMILY = Family("t_living", split="train", summary="whether a thing is living or non-living")
add_binary(
    FAMILY, "thing_living", LIVING, NON_LIVING, pos_label="living", neg_label="non-living",
    question="the thing is alive",
    actions=[
        "classify the thing as living or non-living",
        "say whether the thing named is a living thing or an object",
        "sort the thing into living or non-living",
    ],
)
