"""Family ``t2_word_frame``: put a word into one more fixed sentence frame (the frame comes from the
description); the frames are new, none repeats one of ``t_word_frame``."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D
from ..extra_lexicon2 import WORD_FRAMES_2

FAMILY = Family("t2_word_frame", split="train", summary="fill one more fixed sentence frame with a word")

for i, frame in enumerate(WORD_FRAMES_2):
    FAMILY.add(
        f"word_frame2_{i + 1:02d}", D["word"], lambda w, f=frame: f.replace("WORD", w),
        [f"put the word into the line '{frame}'", f"write '{frame}' with the word where WORD stands",
         f"complete '{frame}' using the given word"],
        exactly(f"'{frame}' with WORD replaced by the word"),
    )
