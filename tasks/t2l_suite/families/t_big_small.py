"""Family ``t_big_small``: whether a thing is big or small compared with a person."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import BIG_THINGS, SMALL_THINGS
from ._t_binary import add_binary

FAMILY = Family("t_big_small", split="train",
                summary="whether a thing is big or small compared with a person")
add_binary(
    FAMILY, "thing_big_small", BIG_THINGS, SMALL_THINGS, pos_label="big", neg_label="small",
    question="the thing is big",
    actions=[
        "classify the thing as big or small",
        "say whether the thing named is big or small compared with a person",
        "sort the thing by size into big or small",
    ],
)
