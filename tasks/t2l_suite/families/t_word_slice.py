"""Family ``t_word_slice``: keep or drop a fixed number of letters at the start or end of a word."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon import ORDINAL_WORDS
from ..wordforms import words_en

FAMILY = Family("t_word_slice", split="train",
                summary="keep the first or last k letters of a word, or drop them")

for k in (2, 4, 5):
    FAMILY.add(
        f"word_first_{k}", D["word"], lambda w, k=k: w[:k] if len(w) >= k else None,
        [f"give the first {k} letters of the word", f"keep only the word's opening {words_en(k)} letters",
         f"cut the word after its {ORDINAL_WORDS[k]} letter"],
        only(f"those {k} letters"),
    )
for k in (2, 4, 5):
    FAMILY.add(
        f"word_last_{k}", D["word"], lambda w, k=k: w[-k:] if len(w) >= k else None,
        [f"give the last {k} letters of the word", f"keep only the word's final {words_en(k)} letters",
         f"write the ending of the word, {words_en(k)} letters long"],
        only(f"those {k} letters"),
    )
for k in (2, 3, 4):
    FAMILY.add(
        f"word_drop_first_{k}", D["word"], lambda w, k=k: w[k:] if len(w) > k else None,
        [f"remove the first {k} letters of the word", f"drop the word's opening {words_en(k)} letters",
         f"delete {words_en(k)} letters from the front of the word"],
        only("what is left of the word"),
    )
for k in (2, 3):
    FAMILY.add(
        f"word_drop_last_{k}", D["word"], lambda w, k=k: w[:-k] if len(w) > k else None,
        [f"remove the last {k} letters of the word", f"drop the word's final {words_en(k)} letters",
         f"delete {words_en(k)} letters from the end of the word"],
        only("what is left of the word"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('word_first_2', 'word_first_4', 'word_first_5', 'word_last_2', 'word_last_4', 'word_last_5', taught_by='word_truncate')
