"""Family ``word_property``: yes/no properties of a word: length, first letter, letters it contains.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D
from ..lexicon import VOWELS

FAMILY = Family(
    "word_property",
    split="train",
    summary="yes/no properties of a word: length, first letter, letters it contains",
)

W = "word"
FAMILY.add(
    "word_short_long",
    D[W],
    lambda w: "short" if len(w) <= 5 else "long",
    [
        "classify the word as short or long by its length",
        "decide whether the word is short or long",
        "label the word short or long depending on how many letters it has",
    ],
    [
        "Reply 'short' if it has five letters or fewer and 'long' if it has six or more.",
        "Answer short for words of at most five letters and long for longer words.",
        "Say only short (five letters or fewer) or long (six letters or more).",
    ],
    labels=["short", "long"],
)

FAMILY.add(
    "word_starts_vowel",
    D[W],
    lambda w: "yes" if w[0] in VOWELS else "no",
    [
        "check whether the word begins with a vowel",
        "decide if the first letter of the word is a vowel",
        "tell whether the word starts with a, e, i, o or u",
    ],
    yn("the word starts with a vowel"),
    labels=["yes", "no"],
)

FAMILY.add(
    "word_has_e",
    D[W],
    lambda w: "yes" if "e" in w else "no",
    [
        "check whether the word contains the letter 'e'",
        "decide if the letter e appears in the word",
        "tell whether there is an 'e' anywhere in the word",
    ],
    yn("the word contains an e"),
    labels=["yes", "no"],
)

FAMILY.add(
    "word_has_a",
    D[W],
    lambda w: "true" if "a" in w else "false",
    [
        "check whether the word contains the letter 'a'",
        "decide if the letter a appears in the word",
        "tell whether there is an 'a' anywhere in the word",
    ],
    yn("the word contains an a", "true", "false"),
    labels=["true", "false"],
)

FAMILY.add(
    "word_double_letter",
    D[W],
    lambda w: "yes" if any(a == b for a, b in zip(w, w[1:], strict=False)) else "no",
    [
        "check whether the word has the same letter twice in a row",
        "decide if the word contains a doubled letter, as in 'ball'",
        "tell whether two identical letters stand next to each other in the word",
    ],
    yn("the word has a double letter"),
    labels=["yes", "no"],
)
