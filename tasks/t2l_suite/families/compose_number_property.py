"""Family ``compose_number_property``: held-out compositions of trained skills (number property).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab
from ..domains import D

FAMILY = Family(
    "compose_number_property",
    split="heldout_compositions",
    summary="new combinations of trained skills (number property)",
)

P = "pair"
FAMILY.add(
    "pair_sum_parity",
    D[P],
    lambda t: "even" if (t[0] + t[1]) % 2 == 0 else "odd",
    [
        "decide whether the sum of the two numbers is even or odd",
        "add the two numbers and give the parity of the total",
        "classify the total of the two numbers as even or odd",
    ],
    lab("even", "odd"),
    labels=["even", "odd"],
    comp="pair_sum+num_parity",
)
