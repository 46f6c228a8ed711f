"""Family ``string_wrap``: wrap a word in brackets, parentheses, quotes, asterisks or a hash sign.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "string_wrap",
    split="train",
    summary="wrap a word in brackets, parentheses, quotes, asterisks or a hash sign",
)

W = "word"
FAMILY.add(
    "word_brackets",
    D[W],
    lambda w: f"[{w}]",
    [
        "wrap the word in square brackets",
        "put the word between [ and ]",
        "enclose the word in square brackets",
    ],
    only("the bracketed word, such as [cat]"),
)

FAMILY.add(
    "word_parens",
    D[W],
    lambda w: f"({w})",
    ["wrap the word in parentheses", "put the word between round brackets", "enclose the word in ( and )"],
    only("the word in parentheses, such as (cat)"),
)

FAMILY.add(
    "word_quotes",
    D[W],
    lambda w: f'"{w}"',
    [
        "wrap the word in double quotation marks",
        "put the word in double quotes",
        'quote the word with " marks',
    ],
    only('the quoted word, such as "cat"'),
)

FAMILY.add(
    "word_stars",
    D[W],
    lambda w: f"*{w}*",
    [
        "put an asterisk before and after the word",
        "surround the word with single asterisks",
        "wrap the word in * signs",
    ],
    only("the word between asterisks, such as *cat*"),
)

FAMILY.add(
    "word_hashtag",
    D[W],
    lambda w: f"#{w}",
    ["turn the word into a hashtag", "put a # sign in front of the word", "make a hashtag out of the word"],
    only("the hashtag, such as #cat"),
)
