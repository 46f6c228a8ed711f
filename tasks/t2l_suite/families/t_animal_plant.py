"""Family ``t_animal_plant``: whether a living thing is an animal or a plant."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import ANIMALS, PLANTS
from ._t_binary import add_binary

FAMILY = Family("t_animal_plant", split="train", summary="whether a living thing is an animal or a plant")
add_binary(
    FAMILY, "thing_animal_plant", ANIMALS, PLANTS, pos_label="animal", neg_label="plant",
    question="the thing is an animal rather than a plant",
    actions=[
        "classify the living thing as an animal or a plant",
        "say whether the thing named is an animal or a plant",
        "sort the organism into animal or plant",
    ],
)
