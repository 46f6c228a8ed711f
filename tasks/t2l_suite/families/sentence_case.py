"""Family ``sentence_case``: rewrite a whole sentence in upper case, lower case or title case (validation)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("sentence_case", split="validation", summary="change the case of a whole sentence")

FAMILY.add(
    "sent_upper",
    D["sentence"],
    str.upper,
    ["rewrite the entire sentence in capital letters", "turn every letter of the sentence into uppercase"],
    only("the sentence in uppercase"),
    metric="exact_match_cased",
)
FAMILY.add(
    "sent_lower",
    D["sentence"],
    str.lower,
    ["rewrite the entire sentence in small letters", "turn every letter of the sentence into lowercase"],
    only("the sentence in lowercase"),
    metric="exact_match_cased",
)
FAMILY.add(
    "sent_title",
    D["sentence"],
    lambda s: " ".join(w[:1].upper() + w[1:] for w in s.split()),
    [
        "capitalise the first letter of every word of the sentence",
        "start each word of the sentence with a capital letter",
    ],
    only("the sentence with every word capitalised"),
    metric="exact_match_cased",
)
