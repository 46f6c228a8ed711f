"""Family ``t_letter_unshift``: decode a Caesar cipher, moving every letter k places back (k = 2..25)."""

from __future__ import annotations

import string

from ..core import Family, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t_letter_unshift", split="train",
                summary="shift every letter of a word k places back in the alphabet, wrapping a to z")

ABC = string.ascii_lowercase
for k in range(2, 26):
    table = str.maketrans(ABC, ABC[-k:] + ABC[:-k])
    FAMILY.add(
        f"word_caesar_back_{k}",
        D["word"],
        lambda w, table=table: w.translate(table),
        [f"shift every letter of the word {k} places back in the alphabet, wrapping round before a",
         f"undo a Caesar cipher of shift {k} on the word",
         f"replace each letter with the letter {words_en(k)} places before it, going from a back to z"],
        only(f"the decoded word, such as {'cat'.translate(table)} for cat"),
    )
