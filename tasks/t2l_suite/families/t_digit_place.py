"""Family ``t_digit_place``: read one digit of a large number by its position or its place value."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon import ORDINAL_WORDS

FAMILY = Family("t_digit_place", split="train",
                summary="the k-th digit of a number, or its tens / hundreds / thousands digit")

for k in range(2, 6):
    FAMILY.add(
        f"big_digit_{k}",
        D["bignum"],
        lambda n, k=k: str(n)[k - 1] if len(str(n)) >= k else None,
        [f"give the {ORDINAL_WORDS[k]} digit of the number, counting from the left",
         f"read off digit number {k} from the left of the number",
         f"say which digit stands in position {k} of the number"],
        only("that single digit"),
    )
for place, k in [("tens", 2), ("hundreds", 3), ("thousands", 4), ("ten-thousands", 5)]:
    FAMILY.add(
        f"big_{place.replace('-', '_')}_digit",
        D["bignum"],
        lambda n, k=k: str(n)[-k] if len(str(n)) >= k else None,
        [f"give the {place} digit of the number", f"say which digit is in the {place} place of the number",
         f"read off the digit in the {ORDINAL_WORDS[k]} position from the right of the number"],
        only("that single digit"),
    )
