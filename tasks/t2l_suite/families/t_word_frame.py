"""Family ``t_word_frame``: put a word into a fixed sentence frame (the frame comes from the description)."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family("t_word_frame", split="train", summary="fill a fixed sentence frame with a word")

FRAMES = [
    "I like the WORD.", "Where is the WORD?", "The WORD is here.", "This is my WORD.", "Look at the WORD!",
    "WORD is the word of the day.", "Have you seen the WORD?", "My favourite word is WORD.",
    "Today we learn the word WORD.", "Please spell WORD.", "WORD? Yes, WORD.", "The answer is WORD.",
    "Say WORD three times.", "Remember the word WORD.", "The password is WORD.", "I found a WORD.",
    "Is this a WORD?", "Bring me the WORD.", "Draw a WORD.", "There is no WORD.", "Write WORD in the box.",
    "Next word: WORD.", "WORD starts here.", "Goodbye, WORD!", "Keyword: WORD",
]
for i, frame in enumerate(FRAMES):
    FAMILY.add(
        f"word_frame_{i + 1:02d}", D["word"], lambda w, f=frame: f.replace("WORD", w),
        [f"put the word into the sentence '{frame}'", f"fill the gap in '{frame}' with the word",
         f"write '{frame}' with the given word in place of WORD"],
        exactly(f"'{frame}' with the word in place of WORD"),
    )
