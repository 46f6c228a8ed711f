"""Family ``t_num_multiply``: multiply a number by a fixed factor (one task per factor, 3 to 25)."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t_num_multiply", split="train", summary="multiply a number by a fixed factor")

for k in [k for k in range(3, 26) if k != 10]:
    FAMILY.add(
        f"num_times_{k}",
        D["num"],
        lambda n, k=k: n * k,
        [f"multiply the number by {k}", f"give {words_en(k)} times the number",
         f"work out the number times {k}"],
        num("the product"),
        metric="numeric",
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_times_11', 'num_times_12', 'num_times_15', 'num_times_20', 'num_times_25', 'num_times_3', 'num_times_4', 'num_times_5', 'num_times_6', 'num_times_7', 'num_times_8', 'num_times_9', taught_by='arithmetic_const')
