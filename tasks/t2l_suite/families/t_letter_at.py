"""Family ``t_letter_at``: the letter at a fixed position of a word, from the start or from the end."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon import ORDINAL_WORDS

FAMILY = Family("t_letter_at", split="train", summary="the k-th letter of a word, or the k-th from the end")

for k in range(2, 7):
    FAMILY.add(
        f"word_letter_{k}", D["word"], lambda w, k=k: w[k - 1] if len(w) >= k else None,
        [f"give the {ORDINAL_WORDS[k]} letter of the word",
         f"say which letter is in position {k} of the word",
         f"read off letter number {k} of the word, counting from the start"],
        only("that single letter"),
    )
for k in (2, 3, 4):
    FAMILY.add(
        f"word_letter_from_end_{k}", D["word"], lambda w, k=k: w[-k] if len(w) >= k else None,
        [f"give the {ORDINAL_WORDS[k]} letter from the end of the word",
         f"say which letter is {k} places from the end of the word",
         f"count {k} letters back from the end of the word and give that letter"],
        only("that single letter"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('word_letter_2', 'word_letter_3', 'word_letter_4', 'word_letter_5', taught_by='letter_at')
