"""Family ``sentence_words``: rearrange or measure the words of a sentence."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family("sentence_words", split="train", summary="reverse, drop or measure the words of a sentence")

S = D["sentence"]


def _words(s: str) -> list[str]:
    return s.rstrip(".?!").split()


FAMILY.add(
    "sent_reverse_words",
    S,
    lambda s: " ".join(reversed(_words(s))),
    ["write the words of the sentence in reverse order", "reverse the order of the words, not the letters"],
    only("the words in reverse order, without the final punctuation"),
    metric="exact_match_cased",
)
FAMILY.add(
    "sent_drop_first_word",
    S,
    lambda s: " ".join(_words(s)[1:]),
    ["remove the first word of the sentence", "write the sentence without its opening word"],
    only("the remaining words, without the final punctuation"),
    metric="exact_match_cased",
)
FAMILY.add(
    "sent_long_words",
    S,
    lambda s: sum(len(w) > 4 for w in _words(s)),
    [
        "count the words of the sentence that have more than four letters",
        "say how many words are five letters or longer",
    ],
    num("the count"),
    metric="numeric",
)
FAMILY.add(
    "sent_letter_count",
    S,
    lambda s: sum(c.isalpha() for c in s),
    [
        "count the letters in the sentence, ignoring spaces and punctuation",
        "give the number of letters in the sentence",
    ],
    num("the number of letters"),
    metric="numeric",
)
