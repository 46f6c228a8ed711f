"""Family ``compose_string_wrap``: held-out compositions of trained skills (string wrap).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "compose_string_wrap",
    split="heldout_compositions",
    summary="new combinations of trained skills (string wrap)",
)

W = "word"
FAMILY.add(
    "word_brackets_upper",
    D[W],
    lambda w: f"[{w.upper()}]",
    [
        "write the word in uppercase inside square brackets",
        "capitalize all the letters of the word and wrap it in [ ]",
        "put the word, in capitals, between square brackets",
    ],
    only("the result, such as [CAT]"),
    metric="exact_match_cased",
    comp="word_brackets+word_upper",
)
