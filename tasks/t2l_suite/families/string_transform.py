"""Family ``string_transform``: rewrite a word letter by letter: reverse, change case, remove or mask
vowels, spell out, sort letters.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import VOWELS

FAMILY = Family(
    "string_transform",
    split="train",
    summary="rewrite a word: reverse, change case, remove or mask vowels, spell out, sort letters",
)

W = "word"
P = "pair"
FAMILY.add(
    "word_reverse",
    D[W],
    lambda w: w[::-1],
    ["reverse the order of the letters in the word", "write the word backwards", "spell the word in reverse"],
    only("the reversed word"),
)

FAMILY.add(
    "word_upper",
    D[W],
    str.upper,
    [
        "convert the word to uppercase",
        "rewrite the word in capital letters",
        "make every letter of the word uppercase",
    ],
    only("the word in uppercase"),
    metric="exact_match_cased",
)

FAMILY.add(
    "word_capitalize",
    D[W],
    str.capitalize,
    [
        "capitalize the first letter of the word",
        "make only the first letter of the word uppercase",
        "write the word with an initial capital letter",
    ],
    only("the capitalized word"),
    metric="exact_match_cased",
)

FAMILY.add(
    "word_remove_vowels",
    D[W],
    lambda w: "".join(c for c in w if c not in VOWELS) or None,
    [
        "remove every vowel (a, e, i, o, u) from the word",
        "delete the vowels a, e, i, o and u from the word",
        "strip the vowels out of the word, keeping the consonants in order",
    ],
    only("the remaining letters"),
)

FAMILY.add(
    "word_star_vowels",
    D[W],
    lambda w: "".join("*" if c in VOWELS else c for c in w),
    [
        "replace each vowel (a, e, i, o, u) in the word with an asterisk",
        "hide the vowels of the word behind '*' signs",
        "swap every a, e, i, o and u in the word for a '*'",
    ],
    only("the masked word"),
)

FAMILY.add(
    "word_spell_hyphens",
    D[W],
    lambda w: "-".join(w) if len(w) <= 6 else None,
    [
        "spell the word out with hyphens between the letters",
        "put a hyphen between every two letters of the word",
        "write the letters of the word separated by dashes",
    ],
    only("the hyphenated spelling, such as c-a-t"),
)

FAMILY.add(
    "word_spell_spaces",
    D[W],
    lambda w: " ".join(w) if len(w) <= 8 else None,
    [
        "spell the word out with a space between the letters",
        "write the letters of the word separated by single spaces",
        "put one space between every two letters of the word",
    ],
    only("the spaced-out letters, such as c a t"),
)

FAMILY.add(
    "word_sort_letters",
    D[W],
    lambda w: "".join(sorted(w)),
    [
        "sort the letters of the word alphabetically",
        "rearrange the word's letters into alphabetical order",
        "put the letters of the word in order from a to z",
    ],
    only("the sorted letters as one string"),
)

FAMILY.add(
    "word_repeat_twice",
    D[W],
    lambda w: f"{w} {w}",
    ["repeat the word twice", "write the word two times", "say the word twice in a row"],
    only("the word, a space, and the word again"),
)

FAMILY.add(
    "word_swap_ends",
    D[W],
    lambda w: w[-1] + w[1:-1] + w[0] if w[0] != w[-1] else None,
    [
        "swap the first and last letters of the word",
        "exchange the word's first letter with its last letter",
        "switch the opening and closing letters of the word",
    ],
    only("the changed word"),
)

FAMILY.add(
    "word_drop_first",
    D[W],
    lambda w: w[1:],
    [
        "remove the first letter of the word",
        "drop the word's opening letter",
        "delete the initial letter of the word",
    ],
    only("what is left of the word"),
)

FAMILY.add(
    "word_drop_last",
    D[W],
    lambda w: w[:-1],
    [
        "remove the last letter of the word",
        "drop the word's final letter",
        "delete the closing letter of the word",
    ],
    only("what is left of the word"),
)

FAMILY.add(
    "pair_concat",
    D[P],
    lambda t: f"{t[0]}{t[1]}",
    [
        "join the two numbers into one by writing them side by side",
        "glue the digits of the two numbers together",
        "concatenate the two numbers without a space",
    ],
    only("the joined digits, such as 1245 for 12 and 45"),
)
