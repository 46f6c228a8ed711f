"""Family ``number_pad``: pad a number with leading zeros to a given width."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("number_pad", split="train", summary="pad a number with zeros to k digits")

for _k in (3, 4, 5, 6, 7, 8, 10):
    FAMILY.add(
        f"num_pad_{_k}",
        D["num"],
        lambda n, k=_k: f"{n:0{k}d}",
        [
            f"pad the number with leading zeros to {_k} digits",
            f"write the number with exactly {_k} digits, filling with zeros on the left",
        ],
        only(f"the {_k}-digit string"),
    )
