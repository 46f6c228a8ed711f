"""Family ``word_at``: the word at a given position of a sentence."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("word_at", split="train", summary="the n-th word of a sentence, from the start or the end")

_NAMES = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _words(sentence: str) -> list[str]:
    return sentence.rstrip(".?!").split()


for _n, _name in _NAMES.items():
    FAMILY.add(
        f"sent_word_{_n}",
        D["sentence"],
        lambda s, n=_n: _words(s)[n - 1] if len(_words(s)) > n else None,
        [f"give the {_name} word of the sentence", f"pick out word number {_n} of the sentence"],
        only(f"the {_name} word, without punctuation"),
        metric="exact_match_cased",
    )
FAMILY.add(
    "sent_word_2_from_end",
    D["sentence"],
    lambda s: _words(s)[-2],
    ["give the second-to-last word of the sentence", "pick out the word just before the last one"],
    only("the penultimate word, without punctuation"),
    metric="exact_match_cased",
)
