"""Family ``t_hot_cold``: whether a thing is usually hot or cold."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import HOT_THINGS, COLD_THINGS
from ._t_binary import add_binary

FAMILY = Family("t_hot_cold", split="train", summary="whether a thing is usually hot or cold")
add_binary(
    FAMILY, "thing_hot_cold", HOT_THINGS, COLD_THINGS, pos_label="hot", neg_label="cold",
    question="the thing is hot",
    actions=[
        "classify the thing as hot or cold",
        "say whether the thing named is usually hot or cold",
        "sort the thing by temperature into hot or cold",
    ],
)
