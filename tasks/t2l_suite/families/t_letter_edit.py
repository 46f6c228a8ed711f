"""Family ``t_letter_edit``: remove every copy of a fixed letter from a word, or replace it with another."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_letter_edit", split="train",
                summary="delete or substitute every occurrence of a fixed letter in a word")

for c in "rlntsc":
    FAMILY.add(
        f"word_remove_{c}", D["word"], lambda w, c=c: w.replace(c, "") if c in w else None,
        [f"remove every letter '{c}' from the word", f"delete all the {c}'s in the word",
         f"write the word without any {c}"],
        only("the remaining letters"),
    )
SWAPS = [("a", "o"), ("e", "a"), ("s", "z"), ("t", "d"), ("o", "0"), ("i", "1"), ("e", "3"), ("a", "4"),
         ("l", "1"), ("r", "w"), ("c", "k"), ("o", "u")]
for a, b in SWAPS:
    FAMILY.add(
        f"word_replace_{a}_{b}", D["word"], lambda w, a=a, b=b: w.replace(a, b) if a in w else None,
        [f"replace every '{a}' in the word with '{b}'", f"swap each {a} in the word for {b}",
         f"change all the {a}'s of the word into {b}'s"],
        only("the changed word"),
    )
