"""Family ``topic``: the topic of a sentence, and yes/no topic questions.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D
from ..lexicon import TOPICS

FAMILY = Family(
    "topic",
    split="train",
    summary="the topic of a sentence, and yes/no topic questions",
)

T_ = "topic"
FAMILY.add(
    "topic_label",
    D[T_],
    lambda t: t[1],
    [
        "classify the topic of the sentence",
        "say what subject the sentence is about",
        "label the sentence with its topic",
    ],
    lab(*sorted(TOPICS)),
    labels=sorted(TOPICS),
)

FAMILY.add(
    "topic_is_sports",
    D[T_],
    lambda t: "yes" if t[1] == "sports" else "no",
    [
        "decide whether the sentence is about sports",
        "check if the sentence talks about sport",
        "tell whether the subject of the sentence is sports",
    ],
    yn("it is about sports"),
    labels=["yes", "no"],
)

FAMILY.add(
    "topic_is_weather",
    D[T_],
    lambda t: "yes" if t[1] == "weather" else "no",
    [
        "decide whether the sentence is about the weather",
        "check if the sentence talks about weather",
        "tell whether the subject of the sentence is the weather",
    ],
    yn("it is about the weather"),
    labels=["yes", "no"],
)
