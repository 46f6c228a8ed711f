"""Family ``list_item_at``: the item at a given position of a list of numbers or words."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family("list_item_at", split="train", summary="the n-th item of a list")

for _n, _name in ((3, "third"), (4, "fourth"), (5, "fifth")):
    FAMILY.add(
        f"list_item_{_n}",
        D["nlist"],
        lambda t, n=_n: t[n - 1] if len(t) >= n else None,
        [f"give the {_name} number of the list", f"pick out item number {_n} of the list"],
        num(f"the {_name} number"),
        metric="numeric",
    )
for _n, _name in ((2, "second"), (3, "third"), (4, "fourth")):
    FAMILY.add(
        f"wlist_item_{_n}",
        D["wlist"],
        lambda t, n=_n: t[n - 1] if len(t) >= n else None,
        [f"give the {_name} word of the list", f"pick out word number {_n} in the list"],
        only(f"the {_name} word"),
    )
FAMILY.add(
    "list_second_to_last",
    D["nlist"],
    lambda t: t[-2],
    ["give the second-to-last number of the list", "pick out the number just before the last one"],
    num("that number"),
    metric="numeric",
)
