"""Family ``t_letter_shift``: a Caesar cipher, moving every letter k places on in the alphabet (k = 2..25)."""

from __future__ import annotations

import string

from ..core import Family, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t_letter_shift", split="train",
                summary="shift every letter of a word k places forward in the alphabet, wrapping z to a")

ABC = string.ascii_lowercase
for k in range(2, 26):
    table = str.maketrans(ABC, ABC[k:] + ABC[:k])
    actions = [f"shift every letter of the word {k} places forward in the alphabet, wrapping round after z",
               f"encode the word with a Caesar cipher of shift {k}",
               f"replace each letter with the letter {words_en(k)} places after it, going from z back to a"]
    if k == 13:
        actions[1] = "encode the word with ROT13"
    FAMILY.add(
        f"word_caesar_{k}",
        D["word"],
        lambda w, table=table: w.translate(table),
        actions,
        only(f"the encoded word, such as {'cat'.translate(table)} for cat"),
    )
