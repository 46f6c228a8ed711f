"""Family ``t_add_suffix``: glue a fixed ending onto a word, letter for letter (no spelling rules)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_add_suffix", split="train", summary="append a fixed ending to a word exactly as given")

SUFFIXES = ("ly ness ful less ish able ism ist ment ship hood dom ology tastic zilla ville bot ster let "
            "wise like ward ette scape verse fest land ie o 123 2000 x").split()
for s in SUFFIXES:
    FAMILY.add(
        f"word_suffix_{s}", D["word"], lambda w, s=s: w + s,
        [f"add '{s}' to the end of the word", f"append the ending '{s}' to the word",
         f"write the word followed directly by '{s}'"],
        only(f"the word with '{s}' attached, such as cat{s}"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('word_suffix_able', 'word_suffix_dom', 'word_suffix_ful', 'word_suffix_hood', 'word_suffix_ish', 'word_suffix_ist', 'word_suffix_less', 'word_suffix_ness', 'word_suffix_ship', taught_by='word_affix')
