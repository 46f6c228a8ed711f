"""Family ``compose_arithmetic``: held-out compositions of trained skills (arithmetic).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family(
    "compose_arithmetic",
    split="heldout_compositions",
    summary="new combinations of trained skills (arithmetic)",
)

RC = "record"
FAMILY.add(
    "record_age_in_ten_years",
    D[RC],
    lambda r: r["age"] + 10,
    [
        "give the person's age ten years from now",
        "say how old the person will be in a decade",
        "read the age field and add ten",
    ],
    num("the age"),
    metric="numeric",
    comp="record_age+num_add_ten",
)
