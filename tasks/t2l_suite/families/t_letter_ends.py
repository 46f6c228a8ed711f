"""Family ``t_letter_ends``: does a word start or end with a fixed letter?"""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("t_letter_ends", split="train", summary="whether a word starts or ends with a fixed letter")

for c in "sbcltpdhwfgmr":
    FAMILY.add(
        f"word_starts_{c}", D["word"], lambda w, c=c: "yes" if w[0] == c else "no",
        [f"decide whether the word starts with the letter '{c}'", f"check if the word begins with {c}",
         f"tell whether the first letter of the word is {c}"],
        yn(f"its first letter is {c}"),
        labels=["yes", "no"],
    )
for c in "etrnydhk":
    FAMILY.add(
        f"word_ends_{c}", D["word"], lambda w, c=c: "yes" if w[-1] == c else "no",
        [f"decide whether the word ends with the letter '{c}'", f"check if the word finishes with {c}",
         f"tell whether the last letter of the word is {c}"],
        yn(f"its last letter is {c}"),
        labels=["yes", "no"],
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('word_ends_d', 'word_ends_e', 'word_ends_h', 'word_ends_n', 'word_ends_r', 'word_ends_t', 'word_ends_y', 'word_starts_b', 'word_starts_c', 'word_starts_f', 'word_starts_l', 'word_starts_p', 'word_starts_r', 'word_starts_s', 'word_starts_t', taught_by='letter_test')

# Too few words of the pool start or end with these letters for balanced yes/no examples.
FAMILY.drop('word_starts_d', 'word_starts_h', 'word_starts_w', 'word_starts_g', 'word_starts_m', 'word_ends_k',
            taught_by='t_letter_ends')
