"""Family ``topic_yes_no``: is a sentence about a given topic (food, technology, music)."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("topic_yes_no", split="train", summary="is a sentence about food, technology or music")

for _topic in ("food", "technology", "music"):
    FAMILY.add(
        f"topic_is_{_topic}",
        D["topic"],
        lambda t, k=_topic: "yes" if t[1] == k else "no",
        [
            f"decide whether the sentence is about {_topic}",
            f"tell if the subject of the sentence is {_topic}",
        ],
        yn(f"it is about {_topic}"),
        labels=["yes", "no"],
    )
