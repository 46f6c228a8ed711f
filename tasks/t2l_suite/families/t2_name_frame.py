"""Family ``t2_name_frame``: put a person's first name into a fixed line (the line comes from the
description)."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D
from ..extra_lexicon2 import NAME_FRAMES

FAMILY = Family("t2_name_frame", split="train", summary="fill a fixed message with a person's name")

for i, frame in enumerate(NAME_FRAMES):
    FAMILY.add(
        f"name_frame_{i + 1:02d}", D["firstname"], lambda n, f=frame: f.replace("NAME", n),
        [f"put the name into the message '{frame}'", f"write '{frame}' with the person's name for NAME",
         f"fill in the name in '{frame}'"],
        exactly(f"'{frame}' with NAME replaced by the name"),
        metric="exact_match_cased",
    )
FAMILY.drop('name_frame_07', taught_by='salutation')
FAMILY.drop('name_frame_08', taught_by='salutation')
FAMILY.drop('name_frame_02', taught_by='salutation')
FAMILY.drop('name_frame_09', taught_by='salutation')
FAMILY.drop('name_frame_21', taught_by='salutation')
FAMILY.drop('name_frame_03', taught_by='salutation')
