"""Family ``compose_extraction``: held-out compositions of trained skills (extraction).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "compose_extraction",
    split="heldout_compositions",
    summary="new combinations of trained skills (extraction)",
)

EM = "email"
FAMILY.add(
    "email_user_upper",
    D[EM],
    lambda e: e["user"].upper(),
    [
        "give the part of the email address before the @ in capital letters",
        "write the username of the address in uppercase",
        "extract the local part of the address and capitalize it fully",
    ],
    only("the uppercase username"),
    metric="exact_match_cased",
    comp="email_user+word_upper",
)
