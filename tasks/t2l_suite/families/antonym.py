"""Family ``antonym``: the everyday opposite of a word.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only, yn
from ..domains import D
from ..facts import ANTONYMS

FAMILY = Family(
    "antonym",
    split="heldout",
    summary="the everyday opposite of a word",
)

FAMILY.add(
    "antonym",
    D["antonym"],
    ANTONYMS.get,
    ["give the opposite of the word", "name the antonym of the word", "say which word means the reverse"],
    only("the opposite word"),
)


def _pair(rng):  # -> (prompt, answer)
    words = sorted(ANTONYMS)
    a = rng.choice(words)
    b = ANTONYMS[a] if rng.random() < 0.5 else rng.choice([w for w in words if w not in (a, ANTONYMS[a])])
    return f"{a} and {b}", "yes" if ANTONYMS[a] == b else "no"


FAMILY.add(
    "are_opposites",
    None,
    None,
    ["decide whether the two words are opposites", "check if the second word means the reverse of the first"],
    yn("they are antonyms"),
    labels=["yes", "no"],
    make=_pair,
    inputs=("two words joined by 'and'", "a pair of English words", "two everyday words"),
)
