"""Family ``word_compare``: compare two words by length or alphabetical order (held out)."""

from __future__ import annotations

from ..core import Domain, Family, lab
from ..lexicon import COMMON_WORDS

FAMILY = Family("word_compare", split="heldout", summary="which of two words is longer or comes first")

PAIRS = Domain(
    "two_words",
    ("two words joined by 'and'", "a pair of English words", "two different words"),
    sample=lambda rng: (rng.choice(COMMON_WORDS), rng.choice(COMMON_WORDS)),
    render=lambda t: f"{t[0]} and {t[1]}",
)


def _longer(t: tuple[str, str]) -> str | None:
    if len(t[0]) == len(t[1]):
        return None
    return "first" if len(t[0]) > len(t[1]) else "second"


def _alphabetically_first(t: tuple[str, str]) -> str | None:
    if t[0] == t[1]:
        return None
    return "first" if t[0] < t[1] else "second"


FAMILY.add(
    "word_longer_of_two",
    PAIRS,
    _longer,
    ["tell which of the two words has more letters", "compare the lengths of the two words"],
    lab("first", "second"),
    labels=["first", "second"],
)
FAMILY.add(
    "word_alpha_first_of_two",
    PAIRS,
    _alphabetically_first,
    ["tell which of the two words comes first in a dictionary", "compare the two words alphabetically"],
    lab("first", "second"),
    labels=["first", "second"],
)
