"""Family ``lexicon_category``: the category of a noun (animal, fruit, vehicle...) and yes/no category
questions.

Ported from the v1 suite.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core import Family, lab, only, yn
from ..domains import D
from ..lexicon import CATEGORIES, NOUN_CATEGORY, PRIMARY

FAMILY = Family(
    "lexicon_category",
    split="train",
    summary="the category of a noun (animal, fruit, vehicle...) and yes/no category questions",
)

C = "cphrase"
WL = "wlist"


def _only_animal(words: Sequence[str]) -> str | None:
    animals = [w for w in words if NOUN_CATEGORY.get(w) == "animal"]
    return animals[0] if len(animals) == 1 else None


FAMILY.add(
    "noun_category",
    D["noun"],
    NOUN_CATEGORY.get,
    [
        "name the category the noun belongs to",
        "classify the noun into its category",
        "say what kind of thing the noun is",
    ],
    lab(*CATEGORIES),
    labels=list(CATEGORIES),
    pool=sorted(NOUN_CATEGORY),
)

FAMILY.add(
    "noun_is_animal",
    D["noun"],
    lambda n: "yes" if NOUN_CATEGORY[n] == "animal" else "no",
    [
        "decide whether the noun names an animal",
        "check if the noun is an animal",
        "tell whether the thing named is an animal",
    ],
    yn("it is an animal"),
    labels=["yes", "no"],
    pool=sorted(NOUN_CATEGORY),
)

FAMILY.add(
    "noun_is_produce",
    D["noun"],
    lambda n: "yes" if NOUN_CATEGORY[n] in ("fruit", "vegetable") else "no",
    [
        "decide whether the noun names a fruit or a vegetable",
        "check if the noun is a kind of fruit or vegetable",
        "tell whether the thing named is a fruit or a vegetable",
    ],
    yn("it is a fruit or a vegetable"),
    labels=["yes", "no"],
    pool=sorted(NOUN_CATEGORY),
)

FAMILY.add(
    "cp_primary",
    D[C],
    lambda t: "yes" if t[1] in PRIMARY else "no",
    [
        "decide whether the colour in the phrase is a primary colour (red, blue or yellow)",
        "check if the phrase's colour is red, blue or yellow",
        "tell whether the object's colour is one of the primary colours red, blue and yellow",
    ],
    yn("it is a primary colour"),
    labels=["yes", "no"],
)

FAMILY.add(
    "wlist_animal",
    D[WL],
    _only_animal,
    [
        "find the animal in the list",
        "pick out the word that names an animal",
        "say which listed word is an animal",
    ],
    only("that word"),
)

FAMILY.add(
    "wlist_has_animal",
    D[WL],
    lambda t: "yes" if any(NOUN_CATEGORY.get(w) == "animal" for w in t) else "no",
    [
        "decide whether the list contains an animal",
        "check if any word in the list names an animal",
        "tell whether an animal is mentioned in the list",
    ],
    yn("at least one word is an animal"),
    labels=["yes", "no"],
)
