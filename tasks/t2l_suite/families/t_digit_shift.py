"""Family ``t_digit_shift``: add a fixed amount to every digit of a number, wrapping 9 round to 0."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_digit_shift", split="train",
                summary="shift every digit of a number by k, modulo 10 (a digit cipher)")

for k in range(1, 10):
    FAMILY.add(
        f"big_digit_shift_{k}",
        D["bignum"],
        lambda n, k=k: "".join(str((int(d) + k) % 10) for d in str(n)),
        [f"add {k} to every digit of the number, writing only the last digit of each sum",
         f"shift each digit of the number up by {k}, wrapping from 9 round to 0",
         f"replace every digit d of the number with (d + {k}) mod 10"],
        only(f"the new digits in the same order, such as {''.join(str((int(d) + k) % 10) for d in '1290')} "
             "for 1290"),
    )
