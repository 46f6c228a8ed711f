"""Family ``word_list``: a list of words: alphabetical extremes, sorting, counting, longest, initials.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D
from ..wordforms import unique_extreme

FAMILY = Family(
    "word_list",
    split="train",
    summary="a list of words: alphabetical extremes, sorting, counting, longest, initials",
)

WL = "wlist"
FAMILY.add(
    "wlist_first_alpha",
    D[WL],
    lambda t: min(t),
    [
        "give the word that comes first in alphabetical order",
        "find which word would appear first in a dictionary",
        "pick the alphabetically earliest word",
    ],
    only("that word"),
)

FAMILY.add(
    "wlist_last_alpha",
    D[WL],
    lambda t: max(t),
    [
        "give the word that comes last in alphabetical order",
        "find which word would appear last in a dictionary",
        "pick the alphabetically latest word",
    ],
    only("that word"),
)

FAMILY.add(
    "wlist_sort",
    D[WL],
    lambda t: ", ".join(sorted(t)) if len(t) <= 4 else None,
    ["sort the words alphabetically", "put the words in alphabetical order", "order the words from a to z"],
    only("the sorted words separated by a comma and a space"),
)

FAMILY.add(
    "wlist_count",
    D[WL],
    len,
    ["count the words in the list", "say how many words are listed", "give the number of items in the list"],
    num("the count"),
    metric="numeric",
)

FAMILY.add(
    "wlist_first",
    D[WL],
    lambda t: t[0],
    ["give the first word of the list", "pick the word listed first", "return the opening item of the list"],
    only("that word"),
)

FAMILY.add(
    "wlist_last",
    D[WL],
    lambda t: t[-1],
    ["give the last word of the list", "pick the word listed last", "return the final item of the list"],
    only("that word"),
)

FAMILY.add(
    "wlist_longest",
    D[WL],
    lambda t: unique_extreme(t, True),
    [
        "give the longest word in the list",
        "find the word with the most letters",
        "pick the longest item of the list",
    ],
    only("that word"),
)

FAMILY.add(
    "wlist_shortest",
    D[WL],
    lambda t: unique_extreme(t, False),
    [
        "give the shortest word in the list",
        "find the word with the fewest letters",
        "pick the shortest item of the list",
    ],
    only("that word"),
)

FAMILY.add(
    "wlist_reverse",
    D[WL],
    lambda t: ", ".join(t[::-1]) if len(t) <= 4 else None,
    [
        "reverse the order of the words in the list",
        "write the list backwards, last word first",
        "give the words in the opposite order",
    ],
    only("the words separated by a comma and a space"),
)

FAMILY.add(
    "wlist_hyphenate",
    D[WL],
    lambda t: "-".join(t) if len(t) <= 4 else None,
    [
        "join the words with hyphens",
        "link the listed words together with dashes",
        "turn the list into one hyphen-separated string",
    ],
    only("the words joined by '-', with no spaces"),
)

FAMILY.add(
    "wlist_initials",
    D[WL],
    lambda t: "".join(w[0] for w in t),
    [
        "write the first letter of each word, in order",
        "join the initial letters of the words",
        "build a string from the first letter of every word in the list",
    ],
    only("the letters as one lowercase string"),
)
