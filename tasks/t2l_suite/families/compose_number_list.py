"""Family ``compose_number_list``: held-out compositions of trained skills (number list).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family(
    "compose_number_list",
    split="heldout_compositions",
    summary="new combinations of trained skills (number list)",
)

L = "nlist"
FAMILY.add(
    "list_max_double",
    D[L],
    lambda t: 2 * max(t),
    [
        "double the largest number in the list",
        "give twice the maximum of the list",
        "find the biggest number in the list and multiply it by two",
    ],
    num("the result"),
    metric="numeric",
    comp="list_max+num_double",
)
