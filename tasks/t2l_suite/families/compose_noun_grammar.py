"""Family ``compose_noun_grammar``: held-out compositions of trained skills (noun grammar).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import NOUN_CATEGORY, OTHER_NOUNS, TRANSLATIONS, UNCOUNTABLE, VOWEL_NOUNS
from ..wordforms import plural

FAMILY = Family(
    "compose_noun_grammar",
    split="heldout_compositions",
    summary="new combinations of trained skills (noun grammar)",
)

PLURAL_POOL = sorted({*TRANSLATIONS, *NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
FAMILY.add(
    "noun_plural_upper",
    D["noun"],
    lambda n: plural(n).upper(),
    [
        "give the plural of the noun in capital letters",
        "write the noun in the plural and in uppercase",
        "pluralize the noun and capitalize every letter",
    ],
    only("the uppercase plural"),
    metric="exact_match_cased",
    comp="noun_plural+word_upper",
    pool=PLURAL_POOL,
)
