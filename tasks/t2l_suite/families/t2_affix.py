"""Family ``t2_affix``: glue one more fixed beginning or ending onto a word, letter for letter (none
repeats a prefix of ``t_add_prefix`` or a suffix of ``t_add_suffix``)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon2 import PREFIXES_2, SUFFIXES_2

FAMILY = Family("t2_affix", split="train",
                summary="put a fixed prefix before or a fixed suffix after a word, without spelling rules")

for p in PREFIXES_2:
    FAMILY.add(
        f"word_prefix2_{p}", D["word"], lambda w, p=p: p + w,
        [f"stick '{p}' onto the front of the word", f"begin the word with the extra letters '{p}'",
         f"write '{p}' and then the word, with no space"],
        only(f"one word starting with '{p}', such as {p}lamp"),
    )
for s in SUFFIXES_2:
    FAMILY.add(
        f"word_suffix2_{s}", D["word"], lambda w, s=s: w + s,
        [f"stick '{s}' onto the end of the word", f"finish the word with the extra ending '{s}'",
         f"write the word and then '{s}', with no space"],
        only(f"one word ending in '{s}', such as lamp{s}"),
    )
