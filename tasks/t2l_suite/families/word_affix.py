"""Family ``word_affix``: glue a fixed prefix or suffix to a word."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("word_affix", split="train", summary="add a given prefix or suffix to a word")

for _p in ("un", "re", "pre", "super", "mini", "dis", "over", "under", "anti", "non"):
    FAMILY.add(
        f"word_prefix_{_p}",
        D["common_word"],
        lambda w, p=_p: p + w,
        [f"put '{_p}' in front of the word", f"add the prefix {_p} to the word"],
        only(f"'{_p}' followed by the word, with no space"),
    )
for _s in ("ness", "ful", "er", "ish", "less", "hood", "ship", "dom", "able", "ist"):
    FAMILY.add(
        f"word_suffix_{_s}",
        D["common_word"],
        lambda w, s=_s: w + s,
        [f"put '{_s}' after the word", f"add the suffix {_s} to the end of the word"],
        only(f"the word followed by '{_s}', with no space"),
    )
