"""Family ``sentence_letters``: count a given letter, or capitalised words, in a sentence."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family(
    "sentence_letters", split="train", summary="count one letter or the capitalised words of a sentence"
)

for _c in "eaotr":
    FAMILY.add(
        f"sent_count_{_c}",
        D["sentence"],
        lambda s, c=_c: s.lower().count(c),
        [
            f"count how many times the letter {_c} appears in the sentence",
            f"say how often '{_c}' occurs in the whole sentence, ignoring case",
        ],
        num(f"the number of {_c}'s"),
        metric="numeric",
    )
FAMILY.add(
    "sent_capitalised_words",
    D["sentence"],
    lambda s: sum(w[:1].isupper() for w in s.split()),
    [
        "count the words of the sentence that start with a capital letter",
        "say how many words are capitalised",
    ],
    num("the count"),
    metric="numeric",
)
