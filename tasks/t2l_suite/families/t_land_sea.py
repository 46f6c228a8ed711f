"""Family ``t_land_sea``: whether an animal lives in the sea or on land."""

from __future__ import annotations

from ..core import Family
from ..extra_lexicon import SEA_ANIMALS, LAND_ANIMALS
from ._t_binary import add_binary

FAMILY = Family("t_land_sea", split="train", summary="whether an animal lives in the sea or on land")
add_binary(
    FAMILY, "animal_land_sea", SEA_ANIMALS, LAND_ANIMALS, pos_label="sea", neg_label="land",
    question="the animal lives in the sea",
    actions=[
        "classify the animal as a sea animal or a land animal",
        "say whether the animal lives in the sea or on land",
        "sort the animal by where it lives: sea or land",
    ],
)
