"""Family ``number_notation``: decorate a number with a sign, a unit mark or a prefix."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family(
    "number_notation", split="train", summary="write a number with a sign, percent, hash or decimals"
)

_FORMS = [
    ("num_plus_sign", "+{n}", "put a plus sign in front of the number", "the number with a leading +"),
    (
        "num_percent_sign",
        "{n}%",
        "turn the number into a percentage by adding a percent sign",
        "the number followed by %",
    ),
    ("num_hash", "#{n}", "put a hash sign before the number", "the number with a leading #"),
    ("num_one_decimal", "{n}.0", "write the number with one decimal place", "the number followed by .0"),
    ("num_in_parens", "({n})", "put the number in round brackets", "the number inside parentheses"),
    (
        "num_no_prefix",
        "No. {n}",
        "write the number as 'No.' followed by the number",
        "'No. ' and then the number",
    ),
    ("num_square_brackets", "[{n}]", "put the number in square brackets", "the number inside [ and ]"),
    ("num_degrees", "{n}°", "add a degree sign after the number", "the number followed by °"),
]
for _tid, _tmpl, _action, _shape in _FORMS:
    FAMILY.add(
        _tid,
        D["num"],
        lambda n, t=_tmpl: t.format(n=n),
        [_action, f"format the number: {_action}"],
        only(_shape),
        metric="exact_match_cased",
    )
