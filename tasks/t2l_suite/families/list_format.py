"""Family ``list_format``: rewrite a comma-separated list in another notation."""

from __future__ import annotations

import json

from ..core import Family, only
from ..domains import D

FAMILY = Family("list_format", split="train", summary="lists as JSON arrays, with other separators, numbered")

FAMILY.add(
    "wlist_to_json",
    D["wlist"],
    lambda t: json.dumps(list(t)),
    ["write the list of words as a JSON array", "turn the list into a JSON list of strings"],
    only('the JSON array, such as ["a", "b"]'),
)
FAMILY.add(
    "nlist_to_brackets",
    D["nlist"],
    lambda t: "[" + ", ".join(map(str, t)) + "]",
    ["put the list of numbers in square brackets", "write the numbers as a bracketed list"],
    only("the bracketed list, such as [1, 2, 3]"),
)
FAMILY.add(
    "wlist_numbered",
    D["wlist"],
    lambda t: " ".join(f"{i}. {w}" for i, w in enumerate(t, 1)),
    ["number the words of the list in order", "write each word of the list after its position and a dot"],
    only("the numbered items on one line, such as 1. cat 2. dog"),
)
FAMILY.add(
    "nlist_pipes",
    D["nlist"],
    lambda t: " | ".join(map(str, t)),
    ["separate the numbers with vertical bars", "replace the commas of the list by vertical bars"],
    only("the numbers joined by ' | '"),
)
FAMILY.add(
    "wlist_quoted",
    D["wlist"],
    lambda t: ", ".join(f'"{w}"' for w in t),
    ["put every word of the list in double quotes", "quote each item of the list"],
    only('the quoted words, comma-separated, such as "a", "b"'),
)
FAMILY.add(
    "nlist_semicolons",
    D["nlist"],
    lambda t: "; ".join(map(str, t)),
    ["separate the numbers with semicolons", "replace the commas of the list by semicolons"],
    only("the numbers joined by '; '"),
)
