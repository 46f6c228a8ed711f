"""Family ``t2_sentence_words``: pick words of a sentence by position (k-th, k-th from the end, pairs)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon import ORDINAL_WORDS

FAMILY = Family("t2_sentence_words", split="train",
                summary="give the word or words of a sentence at a fixed position")


def _words(s: str) -> list[str]:
    return s.rstrip(".?!").split()


for k in (2, 3, 4, 5):
    nth = ORDINAL_WORDS[k]
    FAMILY.add(
        f"sent_word_{k}", D["sentence"], lambda s, k=k: _words(s)[k - 1] if len(_words(s)) >= k else None,
        [f"give the {nth} word of the sentence", f"pick out word number {k} of the sentence",
         f"say which word comes {nth} in the sentence"],
        only(f"the {nth} word without punctuation"),
    )
for k in (2, 3):
    nth = ORDINAL_WORDS[k]
    FAMILY.add(
        f"sent_word_from_end_{k}", D["sentence"], lambda s, k=k: _words(s)[-k],
        [f"give the {nth} word from the end of the sentence", f"count {k} words back from the end of the "
         "sentence and give that word", f"pick the {nth}-to-last word of the sentence"],
        only(f"the {nth}-to-last word without punctuation"),
    )
FAMILY.add(
    "sent_first_two_words", D["sentence"], lambda s: " ".join(_words(s)[:2]),
    ["give the first two words of the sentence", "copy the opening two words of the sentence",
     "keep only the first pair of words of the sentence"],
    only("the two words separated by a space"),
)
FAMILY.add(
    "sent_last_two_words", D["sentence"], lambda s: " ".join(_words(s)[-2:]),
    ["give the last two words of the sentence", "copy the closing two words of the sentence",
     "keep only the final pair of words of the sentence"],
    only("the two words separated by a space, without the final punctuation"),
)
FAMILY.add(
    "sent_first_and_last_word", D["sentence"], lambda s: f"{_words(s)[0]} {_words(s)[-1]}",
    ["give the first and the last word of the sentence", "write the opening word and the closing word of "
     "the sentence", "keep only the words at both ends of the sentence"],
    only("the two words separated by a space"),
)
FAMILY.add(
    "sent_drop_first_word", D["sentence"], lambda s: s.split(" ", 1)[1],
    ["remove the first word of the sentence", "copy the sentence without its opening word",
     "delete the word at the start of the sentence"],
    only("the rest of the sentence, punctuation kept"),
)

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('sent_drop_first_word', taught_by='sentence_words')
FAMILY.drop('sent_word_2', 'sent_word_3', 'sent_word_4', 'sent_word_5', taught_by='word_at')
