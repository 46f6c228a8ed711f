"""Family ``list_map``: apply one operation to every number of a list."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("list_map", split="train", summary="add to, multiply or halve every item of a list")


def _joined(values) -> str:
    return ", ".join(map(str, values))


for _k in (1, 2, 3, 5, 10, 20, 100):
    FAMILY.add(
        f"list_add_{_k}_each",
        D["nlist"],
        lambda t, k=_k: _joined(v + k for v in t),
        [f"add {_k} to every number in the list", f"increase each item of the list by {_k}"],
        only("the new list, comma-separated"),
    )
for _k in (2, 3, 4, 5, 10):
    FAMILY.add(
        f"list_times_{_k}_each",
        D["nlist"],
        lambda t, k=_k: _joined(v * k for v in t),
        [f"multiply every number in the list by {_k}", f"scale each item of the list by {_k}"],
        only("the new list, comma-separated"),
    )
FAMILY.add(
    "list_last_digits",
    D["nlist"],
    lambda t: _joined(v % 10 for v in t),
    ["replace every number of the list by its last digit", "keep only the units digit of each item"],
    only("the digits, comma-separated"),
)
