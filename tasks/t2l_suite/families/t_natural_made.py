"""Family ``t_natural_made``: whether a thing is natural or made by people."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import NATURAL, MAN_MADE
from ._t_binary import add_binary

FAMILY = Family("t_natural_made", split="train", summary="whether a thing is natural or made by people")
add_binary(
    FAMILY, "thing_natural_made", NATURAL, MAN_MADE, pos_label="natural", neg_label="man-made",
    question="the thing occurs in nature",
    actions=[
        "classify the thing as natural or man-made",
        "say whether the thing named comes from nature or was made by people",
        "sort the thing into natural or man-made",
    ],
)
