"""Family ``sentence_contains``: does a sentence contain a given word."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("sentence_contains", split="train", summary="does a sentence mention a given word")

for _w in ("box", "door", "lamp", "garden", "yesterday", "teacher"):
    FAMILY.add(
        f"sent_has_{_w}",
        D["sentence"],
        lambda s, w=_w: "yes" if w in s.lower().rstrip(".?!").split() else "no",
        [f"check whether the word '{_w}' occurs in the sentence", f"tell if the sentence mentions {_w}"],
        yn(f"'{_w}' is one of its words"),
        labels=["yes", "no"],
    )
