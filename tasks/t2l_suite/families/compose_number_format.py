"""Family ``compose_number_format``: held-out compositions of trained skills (number format).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family(
    "compose_number_format",
    split="heldout_compositions",
    summary="new combinations of trained skills (number format)",
)

P = "pair"
FAMILY.add(
    "pair_sum_words",
    D[P],
    lambda t: words_en(t[0] + t[1]) if t[0] + t[1] < 100 else None,
    [
        "add the two numbers and write the sum in English words",
        "give the total of the two numbers spelled out",
        "spell out the sum of the two numbers",
    ],
    only("the words in lowercase, hyphenated as in forty-two"),
    comp="pair_sum+num_words_en",
)
