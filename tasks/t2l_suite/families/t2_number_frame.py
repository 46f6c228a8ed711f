"""Family ``t2_number_frame``: put a number into a fixed label such as 'Room NUM' (the label comes from the
description)."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D
from ..extra_lexicon2 import NUMBER_FRAMES

FAMILY = Family("t2_number_frame", split="train", summary="fill a fixed label with a number")

for i, frame in enumerate(NUMBER_FRAMES):
    FAMILY.add(
        f"num_frame_{i + 1:02d}", D["num"], lambda n, f=frame: f.replace("NUM", str(n)),
        [f"write the number into the label '{frame}'", f"give '{frame}' with the number in place of NUM",
         f"label the number as '{frame}'"],
        exactly(f"'{frame}' with NUM replaced by the number"),
    )
