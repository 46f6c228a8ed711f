"""Family ``t_num_pad``: pad a number with leading zeros to a fixed width (one task per width)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_num_pad", split="train", summary="pad a number with leading zeros to a fixed width")

for k in range(3, 11):
    FAMILY.add(
        f"num_pad_{k}",
        D["num"],
        lambda n, k=k: str(n).zfill(k),
        [f"pad the number with leading zeros to {k} digits", f"write the number with exactly {k} digits, "
         "filling the front with zeros", f"left-pad the number with zeros until it is {k} digits long"],
        only(f"the {k}-digit string, such as {'7'.zfill(k)}"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_pad_10', 'num_pad_3', 'num_pad_4', 'num_pad_5', 'num_pad_6', 'num_pad_7', 'num_pad_8', taught_by='number_pad')
