"""Family ``name_styles``: more ways to write a person's full name."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("name_styles", split="train", summary="abbreviate or reorder a full name")

N = D["fullname"]
_STYLES = [
    (
        "name_initial_surname",
        lambda t: f"{t[0][0]}. {t[1]}",
        "abbreviate the first name to its initial",
        "the initial, a full stop, a space and the surname, such as A. Smith",
    ),
    (
        "name_first_initial",
        lambda t: f"{t[0]} {t[1][0]}.",
        "abbreviate the surname to its initial",
        "the first name, a space and the surname's initial with a full stop, such as Anna S.",
    ),
    (
        "name_surname_first_space",
        lambda t: f"{t[1]} {t[0]}",
        "write the surname first and then the first name",
        "the surname, a space and the first name, with no comma",
    ),
    (
        "name_upper_all",
        lambda t: f"{t[0]} {t[1]}".upper(),
        "write the whole name in capital letters",
        "the full name in uppercase",
    ),
    (
        "name_initials_plain",
        lambda t: f"{t[0][0]}{t[1][0]}",
        "give the two initials of the name with no dots",
        "the two capital initials together, such as AS",
    ),
    (
        "name_lower_all",
        lambda t: f"{t[0]} {t[1]}".lower(),
        "write the whole name in small letters",
        "the full name in lowercase",
    ),
]
for _tid, _fn, _action, _shape in _STYLES:
    FAMILY.add(
        _tid,
        N,
        _fn,
        [_action, f"reformat the full name: {_action}"],
        only(_shape),
        metric="exact_match_cased",
    )
