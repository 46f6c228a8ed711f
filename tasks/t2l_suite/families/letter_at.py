"""Family ``letter_at``: the letter at a given position of a word, counted from the start or the end."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import ordinal

FAMILY = Family("letter_at", split="train", summary="the n-th letter of a word, from the start or the end")

_WORDS = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}
for _n, _name in _WORDS.items():
    FAMILY.add(
        f"word_letter_{_n}",
        D["common_word"],
        lambda w, n=_n: w[n - 1] if len(w) > n else None,
        [
            f"give the {_name} letter of the word",
            f"tell which letter comes {_name} in the word",
            f"find letter number {_n} of the word",
        ],
        only(f"the {_name} letter"),
    )
for _n, _name in list(_WORDS.items())[:3]:
    FAMILY.add(
        f"word_letter_{_n}_from_end",
        D["common_word"],
        lambda w, n=_n: w[-n] if len(w) > n else None,
        [
            f"give the {_name} letter from the end of the word",
            f"count {_n} letters back from the end of the word and give that letter",
            f"find the {ordinal(_n)} letter of the word counting from its end",
        ],
        only(f"the {_name}-to-last letter"),
    )
