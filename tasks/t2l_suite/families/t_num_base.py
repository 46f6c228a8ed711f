"""Family ``t_num_base``: write a number in base 3 to 9 (binary is in ``number_format``)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_num_base", split="train", summary="write a number in base 3, 4, 5, 6, 7, 8 or 9")


def to_base(n: int, base: int) -> str:
    digits = ""
    while True:
        n, d = divmod(n, base)
        digits = str(d) + digits
        if n == 0:
            return digits


NAMES = {3: "ternary", 8: "octal"}
for b in range(3, 10):
    actions = [f"write the number in base {b}", f"convert the number to base {b}",
               f"give the base-{b} representation of the number"]
    if b in NAMES:
        actions[2] = f"write the number in {NAMES[b]}"
    FAMILY.add(
        f"num_base_{b}",
        D["num"],
        lambda n, b=b: to_base(n, b) if n < 200 else None,
        actions,
        only(f"the base-{b} digits without a prefix or leading zeros"),
    )
