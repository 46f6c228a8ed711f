"""Family ``nlist_quantifiers``: does any or every number of a list pass a test."""

from __future__ import annotations

from ..core import Family, yn
from ..domains import D

FAMILY = Family("nlist_quantifiers", split="train", summary="any or all items of a list above, below or even")

_TESTS = [
    (
        "list_any_over_40",
        lambda t: any(v > 40 for v in t),
        "some number in the list is greater than 40",
        "check whether any number in the list is above 40",
    ),
    (
        "list_all_under_30",
        lambda t: all(v < 30 for v in t),
        "every number in the list is below 30",
        "check whether all the numbers are smaller than 30",
    ),
    (
        "list_all_even",
        lambda t: all(v % 2 == 0 for v in t),
        "every number in the list is even",
        "check whether the list has only even numbers",
    ),
    (
        "list_any_multiple_10",
        lambda t: any(v % 10 == 0 for v in t),
        "some number in the list is a multiple of 10",
        "check whether any number in the list ends in 0",
    ),
]
for _tid, _fn, _cond, _action in _TESTS:
    FAMILY.add(
        _tid,
        D["nlist"],
        lambda t, f=_fn: "yes" if f(t) else "no",
        [_action, f"tell if {_cond}"],
        yn(_cond),
        labels=["yes", "no"],
    )
