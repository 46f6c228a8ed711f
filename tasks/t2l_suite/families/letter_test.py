"""Family ``letter_test``: yes/no questions about one given letter of a word (contains it, starts or ends
with it)."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family(
    "letter_test", split="train", summary="does a word contain, start with or end with a given letter"
)

for _c in "iorstnlubcdghkmpwy":
    FAMILY.add(
        f"word_has_{_c}",
        D["common_word"],
        lambda w, c=_c: "yes" if c in w else "no",
        [
            f"check whether the word contains the letter {_c}",
            f"tell if the letter '{_c}' appears in the word",
        ],
        yn(f"the word contains {_c}"),
        labels=["yes", "no"],
    )
for _c in "sbcptfarl":
    FAMILY.add(
        f"word_starts_{_c}",
        D["common_word"],
        lambda w, c=_c: "yes" if w.startswith(c) else "no",
        [f"check whether the word starts with the letter {_c}", f"tell if the word begins with '{_c}'"],
        yn(f"its first letter is {_c}"),
        labels=["yes", "no"],
    )
for _c in "etryndlh":
    FAMILY.add(
        f"word_ends_{_c}",
        D["common_word"],
        lambda w, c=_c: "true" if w.endswith(c) else "false",
        [
            f"check whether the word ends with the letter {_c}",
            f"tell if the last letter of the word is '{_c}'",
        ],
        yn(f"the word ends in {_c}", "true", "false"),
        labels=["true", "false"],
    )
