"""Family ``sentiment``: the sentiment of a short review, with several label sets.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D

FAMILY = Family(
    "sentiment",
    split="train",
    summary="the sentiment of a short review, with several label sets",
)

R = "review"
_senti = [
    "classify the sentiment of the review",
    "decide whether the opinion is positive or negative",
    "judge whether the writer liked the thing or not",
]
FAMILY.add(
    "senti_pos_neg",
    D[R],
    lambda t: t[1],
    _senti,
    lab("positive", "negative"),
    labels=["positive", "negative"],
)

FAMILY.add(
    "senti_good_bad",
    D[R],
    lambda t: "good" if t[1] == "positive" else "bad",
    [
        "say whether the review is good or bad",
        "rate the opinion as good or bad",
        "decide if the comment is good or bad",
    ],
    [
        "Reply 'good' for a positive opinion and 'bad' for a negative one.",
        "Answer good if the writer is pleased, otherwise bad.",
        "Say only good or bad.",
    ],
    labels=["good", "bad"],
)

FAMILY.add(
    "senti_is_positive",
    D[R],
    lambda t: "yes" if t[1] == "positive" else "no",
    [
        "decide whether the review is positive",
        "check if the writer liked the thing",
        "tell whether the opinion is favourable",
    ],
    yn("the review is positive"),
    labels=["yes", "no"],
)

FAMILY.add(
    "senti_is_negative",
    D[R],
    lambda t: "yes" if t[1] == "negative" else "no",
    [
        "decide whether the review is negative",
        "check if the writer disliked the thing",
        "tell whether the opinion is unfavourable",
    ],
    yn("the review is negative"),
    labels=["yes", "no"],
)

FAMILY.add(
    "senti_digit",
    D[R],
    lambda t: "1" if t[1] == "positive" else "0",
    [
        "score the sentiment of the review as a digit",
        "rate the opinion with 1 for positive and 0 for negative",
        "turn the review's sentiment into a binary digit",
    ],
    [
        "Reply '1' if the review is positive and '0' if it is negative.",
        "Answer 1 for positive, 0 for negative.",
        "Say only 1 (positive) or 0 (negative).",
    ],
    labels=["1", "0"],
)

FAMILY.add(
    "senti_emoji",
    D[R],
    lambda t: ":)" if t[1] == "positive" else ":(",
    [
        "answer the review with a smiley that matches its mood",
        "react to the opinion with a happy or sad face",
        "show the review's sentiment as an emoticon",
    ],
    [
        "Reply ':)' if the review is positive and ':(' if it is negative.",
        "Answer with :) for a positive opinion or :( for a negative one.",
        "Output only :) or :(.",
    ],
    labels=[":)", ":("],
)
