"""Family ``compose_sentiment``: held-out compositions of trained skills (sentiment).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab
from ..domains import D

FAMILY = Family(
    "compose_sentiment",
    split="heldout_compositions",
    summary="new combinations of trained skills (sentiment)",
)

R = "review"
FAMILY.add(
    "senti_fr_labels",
    D[R],
    lambda t: "positif" if t[1] == "positive" else "négatif",
    [
        "classify the sentiment of the review, answering in French",
        "give the review's sentiment as a French word",
        "judge in French whether the opinion is positive or negative",
    ],
    lab("positif", "négatif"),
    labels=["positif", "négatif"],
    comp="senti_pos_neg+num_parity_oui_non",
)
