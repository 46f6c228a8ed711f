"""Family ``t_letter_count``: count how often one fixed consonant appears in a word."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_letter_count", split="train",
                summary="count the occurrences of a fixed consonant in a word")

for c in "bcdghklmnprstwy":
    FAMILY.add(
        f"word_count_{c}", D["word"], lambda w, c=c: w.count(c),
        [f"count how many times the letter '{c}' appears in the word",
         f"say how many {c}'s the word contains",
         f"count the letter {c} in the word"],
        num("the count"),
        metric="numeric",
        balance=True,  # as many words without the letter as with it once, or twice
    )
