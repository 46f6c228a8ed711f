"""Family ``noun_grammar``: plural of a noun, its indefinite article, the noun with its article.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, only
from ..domains import D
from ..lexicon import NOUN_CATEGORY, OTHER_NOUNS, TRANSLATIONS, UNCOUNTABLE, VOWEL_NOUNS
from ..wordforms import article, plural

FAMILY = Family(
    "noun_grammar",
    split="train",
    summary="plural of a noun, its indefinite article, the noun with its article",
)

PLURAL_POOL = sorted({*TRANSLATIONS, *NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
ARTICLE_POOL = sorted({*NOUN_CATEGORY, *VOWEL_NOUNS, *OTHER_NOUNS} - UNCOUNTABLE)
FAMILY.add(
    "noun_plural",
    D["noun"],
    plural,
    [
        "give the plural form of the noun",
        "write the noun in the plural",
        "turn the singular noun into its plural",
    ],
    only("the plural noun"),
    pool=PLURAL_POOL,
)

FAMILY.add(
    "noun_article",
    D["noun"],
    article,
    [
        "choose the indefinite article that goes before the noun",
        "decide whether the noun takes 'a' or 'an'",
        "pick the right indefinite article for the noun",
    ],
    lab("a", "an"),
    labels=["a", "an"],
    pool=ARTICLE_POOL,
)

FAMILY.add(
    "noun_with_article",
    D["noun"],
    lambda n: f"{article(n)} {n}",
    [
        "put the correct indefinite article in front of the noun",
        "write the noun preceded by 'a' or 'an' as appropriate",
        "add the right indefinite article before the noun",
    ],
    only("the article and the noun, such as 'an apple'"),
    pool=ARTICLE_POOL,
    balance=False,
)
