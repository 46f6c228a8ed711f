"""Family ``t_add_prefix``: put a fixed beginning in front of a word, letter for letter."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_add_prefix", split="train",
                summary="put a fixed beginning in front of a word exactly as given")

PREFIXES = ("un re pre anti super mega mini non over under co ex sub auto micro ultra hyper multi mis my "
            "e i").split()
for p in PREFIXES:
    FAMILY.add(
        f"word_prefix_{p}", D["word"], lambda w, p=p: p + w,
        [f"put '{p}' in front of the word", f"add the prefix '{p}' to the start of the word",
         f"write '{p}' directly followed by the word"],
        only(f"the word with '{p}' in front, such as {p}cat"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('word_prefix_anti', 'word_prefix_mini', 'word_prefix_non', 'word_prefix_over', 'word_prefix_pre', 'word_prefix_re', 'word_prefix_super', 'word_prefix_un', 'word_prefix_under', taught_by='word_affix')
