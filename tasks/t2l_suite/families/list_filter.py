"""Family ``list_filter``: keep or count the numbers of a list that pass a test."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family("list_filter", split="train", summary="keep or count list items above a threshold or odd")


def _joined(values: list[int]) -> str | None:
    return ", ".join(map(str, values)) if values else None


for _t in (5, 10, 15, 20, 25, 30, 40):
    FAMILY.add(
        f"list_keep_over_{_t}",
        D["nlist"],
        lambda t, k=_t: _joined([v for v in t if v > k]),
        [
            f"keep only the numbers of the list that are greater than {_t}",
            f"remove every number that is {_t} or less from the list",
        ],
        only("the remaining numbers, comma-separated, in their order"),
    )
    FAMILY.add(
        f"list_count_over_{_t}",
        D["nlist"],
        lambda t, k=_t: sum(v > k for v in t),
        [
            f"count the numbers of the list that are greater than {_t}",
            f"say how many items of the list exceed {_t}",
        ],
        num("the count"),
        metric="numeric",
    )
FAMILY.add(
    "list_keep_odd",
    D["nlist"],
    lambda t: _joined([v for v in t if v % 2]),
    ["keep only the odd numbers of the list", "remove every even number from the list"],
    only("the odd numbers, comma-separated, in their order"),
)
FAMILY.add(
    "list_count_odd",
    D["nlist"],
    lambda t: sum(v % 2 for v in t),
    ["count the odd numbers in the list", "say how many items of the list are odd"],
    num("the count"),
    metric="numeric",
)
FAMILY.add(
    "list_sum_even",
    D["nlist"],
    lambda t: sum(v for v in t if v % 2 == 0),
    ["add up only the even numbers of the list", "give the total of the even items of the list"],
    num("the sum (0 if there are none)"),
    metric="numeric",
)
