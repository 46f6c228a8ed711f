"""Family ``t_word_rotate``: move letters from the front of a word to its end (or back), and pig latin."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t_word_rotate", split="train",
                summary="rotate a word's letters left or right; a simple pig latin")

for k in (1, 2, 3):
    n = "letter" if k == 1 else f"{words_en(k)} letters"
    FAMILY.add(
        f"word_rotate_left_{k}", D["word"], lambda w, k=k: w[k:] + w[:k] if len(w) > k + 1 else None,
        [f"move the first {n} of the word to its end", f"rotate the word left by {k}",
         f"take the opening {n} off the word and put {'it' if k == 1 else 'them'} at the back"],
        only("the rotated word"),
    )
    FAMILY.add(
        f"word_rotate_right_{k}", D["word"], lambda w, k=k: w[-k:] + w[:-k] if len(w) > k + 1 else None,
        [f"move the last {n} of the word to its front", f"rotate the word right by {k}",
         f"take the final {n} off the word and put {'it' if k == 1 else 'them'} at the start"],
        only("the rotated word"),
    )
FAMILY.add(
    "word_pig_latin", D["word"], lambda w: w[1:] + w[0] + "ay",
    ["turn the word into pig latin by moving its first letter to the end and adding 'ay'",
     "move the first letter of the word to the end, then append 'ay'",
     "write the word in simple pig latin: the first letter goes to the back, followed by 'ay'"],
    only("the pig latin word, such as atcay for cat"),
)
