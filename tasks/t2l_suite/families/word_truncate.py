"""Family ``word_truncate``: the first or last k letters of a word."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("word_truncate", split="train", summary="the first or last k letters of a word")

for _k, _name in ((2, "two"), (4, "four"), (5, "five")):
    FAMILY.add(
        f"word_first_{_k}",
        D["common_word"],
        lambda w, k=_k: w[:k] if len(w) > k else None,
        [f"keep only the first {_name} letters of the word", f"cut the word after its first {_k} letters"],
        only(f"those {_name} letters"),
    )
    FAMILY.add(
        f"word_last_{_k}",
        D["common_word"],
        lambda w, k=_k: w[-k:] if len(w) > k else None,
        [f"keep only the last {_name} letters of the word", f"give the final {_k} letters of the word"],
        only(f"those {_name} letters"),
    )
