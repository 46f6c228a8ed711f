"""Family ``noun_forms``: singular of a plural, and a noun counted with a number word."""

from __future__ import annotations

from ..core import Domain, Family, only
from ..lexicon import NOUN_CATEGORY, OTHER_NOUNS, TRANSLATIONS, UNCOUNTABLE, VOWEL_NOUNS
from ..wordforms import plural

FAMILY = Family(
    "noun_forms", split="train", summary="plural to singular, and 'two' or 'three' with the plural"
)

_NOUNS = sorted({*TRANSLATIONS, *NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
_SINGULAR_OF = {}
for _noun in _NOUNS:
    _SINGULAR_OF.setdefault(plural(_noun), _noun)  # plurals shared by two nouns keep one reading
PLURALS = Domain(
    "plural_noun",
    ("a plural English noun", "a noun in the plural", "the plural form of a noun"),
    pool=tuple(p for p in sorted(_SINGULAR_OF) if p != _SINGULAR_OF[p]),
)
NOUNS = Domain(
    "count_noun", ("an English noun", "a countable noun in the singular", "a common noun"), pool=tuple(_NOUNS)
)

FAMILY.add(
    "noun_singular",
    PLURALS,
    _SINGULAR_OF.get,
    ["give the singular form of the plural noun", "turn the plural noun back into the singular"],
    only("the singular noun"),
)
for _k in ("two", "three"):
    FAMILY.add(
        f"noun_{_k}",
        NOUNS,
        lambda n, k=_k: f"{k} {plural(n)}",
        [
            f"write '{_k}' followed by the plural of the noun",
            f"say there are {_k} of the thing, using the plural noun",
        ],
        only(f"'{_k}' and the plural noun, such as {_k} cats"),
    )
