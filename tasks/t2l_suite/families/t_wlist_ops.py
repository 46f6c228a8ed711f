"""Family ``t_wlist_ops``: pick or drop the k-th word of a list, or join the list with a given separator."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon import ORDINAL_WORDS

FAMILY = Family("t_wlist_ops", split="train",
                summary="the k-th item of a word list, the list without it, or joined with a separator")

WL = D["wlist"]
for k in (2, 3):
    FAMILY.add(
        f"wlist_item_{k}", WL, lambda t, k=k: t[k - 1],
        [f"give the {ORDINAL_WORDS[k]} word of the list", f"say which word comes in position {k} of the list",
         f"pick item number {k} from the list"],
        only("that word"),
    )
FAMILY.add(
    "wlist_second_last", WL, lambda t: t[-2],
    ["give the second-to-last word of the list", "say which word comes just before the last one",
     "pick the penultimate item of the list"],
    only("that word"),
)
for k in (1, 2, 3):
    FAMILY.add(
        f"wlist_drop_{k}", WL, lambda t, k=k: ", ".join(t[:k - 1] + t[k:]),
        [f"remove the {ORDINAL_WORDS[k]} word from the list", f"write the list without its item number {k}",
         f"drop the {ORDINAL_WORDS[k]} entry of the list and keep the rest in order"],
        only("the remaining words separated by a comma and a space"),
    )
FAMILY.add(
    "wlist_drop_last", WL, lambda t: ", ".join(t[:-1]),
    ["remove the last word from the list", "write the list without its final item",
     "drop the last entry of the list and keep the rest in order"],
    only("the remaining words separated by a comma and a space"),
)
JOINERS = [
    ("pipes", " | ", "a vertical bar with spaces around it"),
    ("slashes", " / ", "a slash with spaces around it"),
    ("semicolons", "; ", "a semicolon and a space"),
    ("plus", " + ", "a plus sign with spaces around it"),
    ("ampersand", " & ", "an ampersand with spaces around it"),
    ("underscores", "_", "an underscore"),
    ("arrows", " > ", "a greater-than sign with spaces around it"),
    ("spaces", " ", "single spaces"),
    ("dots", ".", "a full stop and no spaces"),
    ("colons", ":", "a colon and no spaces"),
]
for name, sep, how in JOINERS:
    FAMILY.add(
        f"wlist_join_{name}", WL, lambda t, sep=sep: sep.join(t),
        [f"join the words of the list with {how}", f"rewrite the list with {how} between the words",
         f"replace each comma separator in the list with {how}"],
        only(f"the joined words, such as cat{sep}dog{sep}sun"),
    )
FAMILY.add(
    "wlist_and", WL, lambda t: ", ".join(t[:-1]) + " and " + t[-1],
    ["write the list as an English phrase with 'and' before the last word",
     "turn the list into natural English, joining the last two words with 'and'",
     "read the list out as prose: commas between words, 'and' before the final one"],
    only("the phrase, such as cat, dog and sun"),
)
FAMILY.add(
    "wlist_or", WL, lambda t: ", ".join(t[:-1]) + " or " + t[-1],
    ["write the list as a choice with 'or' before the last word",
     "turn the list into a question of options, joining the last two words with 'or'",
     "read the list out as alternatives: commas between words, 'or' before the final one"],
    only("the phrase, such as cat, dog or sun"),
)

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('wlist_item_2', 'wlist_item_3', taught_by='list_item_at')
FAMILY.drop('wlist_join_plus', taught_by='string_join')
