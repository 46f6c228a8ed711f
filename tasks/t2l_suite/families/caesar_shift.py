"""Family ``caesar_shift``: shift every letter of a word along the alphabet (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("caesar_shift", split="heldout", summary="move each letter k places in the alphabet")


def _shift(word: str, k: int) -> str:
    return "".join(chr((ord(c) - 97 + k) % 26 + 97) for c in word)


FAMILY.add(
    "caesar_plus_1",
    D["common_word"],
    lambda w: _shift(w, 1),
    [
        "replace every letter of the word with the letter after it in the alphabet",
        "shift each letter one place forward in the alphabet (z becomes a)",
    ],
    only("the encoded word"),
)
FAMILY.add(
    "caesar_minus_1",
    D["common_word"],
    lambda w: _shift(w, -1),
    [
        "replace every letter of the word with the letter before it in the alphabet",
        "shift each letter one place back in the alphabet (a becomes z)",
    ],
    only("the decoded word"),
)
