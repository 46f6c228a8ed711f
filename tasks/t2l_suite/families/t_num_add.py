"""Family ``t_num_add``: add a fixed amount to a number (one task per amount)."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D

FAMILY = Family("t_num_add", split="train", summary="add a fixed amount to a number")

AMOUNTS = [2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 17, 19, 20, 25, 30, 40, 50, 60, 75, 99, 100, 200, 500,
           1000]
for k in AMOUNTS:
    FAMILY.add(
        f"num_plus_{k}",
        D["num"],
        lambda n, k=k: n + k,
        [f"add {k} to the number", f"increase the number by {k}", f"give the number plus {k}"],
        num("the sum"),
        metric="numeric",
    )
FAMILY.drop('num_plus_2', taught_by='arithmetic_const')
FAMILY.drop('num_plus_3', taught_by='arithmetic_const')
FAMILY.drop('num_plus_4', taught_by='arithmetic_const')
FAMILY.drop('num_plus_5', taught_by='arithmetic_const')
FAMILY.drop('num_plus_6', taught_by='arithmetic_const')
FAMILY.drop('num_plus_7', taught_by='arithmetic_const')
FAMILY.drop('num_plus_8', taught_by='arithmetic_const')
FAMILY.drop('num_plus_9', taught_by='arithmetic_const')
FAMILY.drop('num_plus_11', taught_by='arithmetic_const')
FAMILY.drop('num_plus_12', taught_by='arithmetic_const')
FAMILY.drop('num_plus_13', taught_by='arithmetic_const')
FAMILY.drop('num_plus_15', taught_by='arithmetic_const')
FAMILY.drop('num_plus_20', taught_by='arithmetic_const')
FAMILY.drop('num_plus_25', taught_by='arithmetic_const')
FAMILY.drop('num_plus_30', taught_by='arithmetic_const')
FAMILY.drop('num_plus_40', taught_by='arithmetic_const')
FAMILY.drop('num_plus_50', taught_by='arithmetic_const')
FAMILY.drop('num_plus_75', taught_by='arithmetic_const')
FAMILY.drop('num_plus_100', taught_by='arithmetic_const')
FAMILY.drop('num_plus_200', taught_by='arithmetic_const')
FAMILY.drop('num_plus_500', taught_by='arithmetic_const')
