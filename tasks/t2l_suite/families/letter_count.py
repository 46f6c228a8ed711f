"""Family ``letter_count``: how many times a given letter occurs in a word."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("letter_count", split="train", summary="count one given letter in a word")

for _c in "aiorstnlcdubghmpyfkw":
    FAMILY.add(
        f"word_count_{_c}",
        D["common_word"],
        lambda w, c=_c: w.count(c),
        [
            f"count how many times the letter {_c} occurs in the word",
            f"say how often '{_c}' appears in the word",
            f"give the number of {_c}'s in the word",
        ],
        num(f"the number of {_c}'s"),
        metric="numeric",
    )
