"""Family ``sentiment_labels``: the sentiment of a review with more label sets."""

from __future__ import annotations

from ..core import Family, lab
from ..domains import D

FAMILY = Family("sentiment_labels", split="train", summary="review sentiment answered with other label pairs")

_SETS = [
    ("like", "dislike", "say whether the writer likes or dislikes the thing"),
    ("happy", "unhappy", "say whether the writer is happy or unhappy"),
    ("recommend", "avoid", "say whether the review would recommend the thing or tell you to avoid it"),
    ("thumbs up", "thumbs down", "give the review a thumbs up or a thumbs down"),
    ("pleased", "disappointed", "say whether the writer sounds pleased or disappointed"),
    ("satisfied", "unsatisfied", "say whether the writer is satisfied or unsatisfied"),
    ("love", "hate", "say whether the writer loves or hates the thing"),
    ("5 stars", "1 star", "give the review the star rating it deserves, 5 stars or 1 star"),
    ("yay", "nay", "answer yay for a positive review and nay for a negative one"),
]
for _pos, _neg, _action in _SETS:
    FAMILY.add(
        f"senti_{_pos.replace(' ', '_')}_{_neg.replace(' ', '_')}",
        D["review"],
        lambda r, p=_pos, n=_neg: p if r[1] == "positive" else n,
        [_action, f"label the review '{_pos}' when it is positive and '{_neg}' when it is negative"],
        lab(_pos, _neg),
        labels=[_pos, _neg],
    )
