"""Family ``name_format``: reformat a full name: first name, surname, initials, surname first.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "name_format",
    split="train",
    summary="reformat a full name: first name, surname, initials, surname first",
)

FN = "fullname"
FAMILY.add(
    "name_first",
    D[FN],
    lambda t: t[0],
    ["give the first name only", "drop the surname and keep the first name", "extract the given name"],
    only("the first name"),
)

FAMILY.add(
    "name_last",
    D[FN],
    lambda t: t[1],
    ["give the surname only", "drop the first name and keep the family name", "extract the last name"],
    only("the surname"),
)

FAMILY.add(
    "name_initials",
    D[FN],
    lambda t: f"{t[0][0]}.{t[1][0]}.",
    ["give the person's initials", "abbreviate the name to its initials", "turn the name into initials"],
    only("the initials with a full stop after each, such as A.S."),
)

FAMILY.add(
    "name_last_first",
    D[FN],
    lambda t: f"{t[1]}, {t[0]}",
    [
        "rewrite the name as surname, comma, first name",
        "put the family name first, followed by a comma and the first name",
        "reorder the name into 'Last, First' form",
    ],
    only("the reordered name, such as Smith, Anna"),
)

FAMILY.add(
    "name_surname_upper",
    D[FN],
    lambda t: t[1].upper(),
    [
        "give the surname in capital letters",
        "write the family name in uppercase",
        "extract the last name and capitalize all of it",
    ],
    only("the uppercase surname"),
    metric="exact_match_cased",
    comp="name_last+word_upper",
)
