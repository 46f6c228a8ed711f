"""Family ``sentence_ops``: words of a sentence: count, first, last, longest, acronym, question or statement.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, num, only
from ..domains import D
from ..wordforms import unique_extreme

FAMILY = Family(
    "sentence_ops",
    split="train",
    summary="words of a sentence: count, first, last, longest, acronym, question or statement",
)

SE = "sentence"


def _words(s: str) -> list[str]:
    return s.rstrip(".?!").split()


FAMILY.add(
    "sent_word_count",
    D[SE],
    lambda s: len(_words(s)),
    [
        "count the words in the sentence",
        "say how many words the sentence has",
        "give the number of words in the sentence",
    ],
    num("the count"),
    metric="numeric",
)

FAMILY.add(
    "sent_first_word",
    D[SE],
    lambda s: _words(s)[0],
    [
        "give the first word of the sentence",
        "pick the word the sentence starts with",
        "return the opening word of the sentence",
    ],
    only("that word, without punctuation"),
)

FAMILY.add(
    "sent_last_word",
    D[SE],
    lambda s: _words(s)[-1],
    [
        "give the last word of the sentence",
        "pick the word the sentence ends with",
        "return the final word of the sentence",
    ],
    only("that word, without punctuation"),
)

FAMILY.add(
    "sent_acronym",
    D[SE],
    lambda s: "".join(w[0] for w in _words(s)).upper(),
    [
        "make an acronym from the first letter of every word in the sentence",
        "join the initial letters of all the words into an acronym",
        "abbreviate the sentence to its word initials",
    ],
    only("the acronym in capital letters"),
)

FAMILY.add(
    "sent_longest_word",
    D[SE],
    lambda s: unique_extreme([w.lower() for w in _words(s)], True),
    [
        "give the longest word in the sentence",
        "find the word with the most letters in the sentence",
        "pick the longest word of the sentence",
    ],
    only("that word in lowercase"),
)

FAMILY.add(
    "sent_question",
    D[SE],
    lambda s: "question" if s.endswith("?") else "statement",
    [
        "decide whether the sentence is a question or a statement",
        "classify the sentence as a question or a statement",
        "tell whether the sentence asks something or states something",
    ],
    lab("question", "statement"),
    labels=["question", "statement"],
)
