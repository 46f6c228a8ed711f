"""Family ``arithmetic_const``: add, subtract, multiply or divide a number by a fixed constant."""

from __future__ import annotations

from ..core import Family, num
from ..domains import D
from ..wordforms import words_en

_WORD = {k: words_en(k) for k in range(100)} | {100: "one hundred"}

FAMILY = Family(
    "arithmetic_const", split="train", summary="add, subtract, multiply or divide by a fixed number"
)

for _k in (2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 20, 25, 30, 40, 50, 75, 100, 200, 500):
    FAMILY.add(
        f"num_add_{_k}",
        D["num"],
        lambda n, k=_k: n + k,
        [
            f"add {_k} to the number",
            f"increase the number by {_k}",
            f"give the number plus {_WORD.get(_k, _k)}",
        ],
        num("the sum"),
        metric="numeric",
    )
for _k in (2, 3, 4, 5, 6, 7, 8, 9, 15, 20, 25, 50, 100, 200):
    FAMILY.add(
        f"num_sub_{_k}",
        D["num"],
        lambda n, k=_k: n - k,
        [
            f"subtract {_k} from the number",
            f"decrease the number by {_k}",
            f"give the number minus {_WORD.get(_k, _k)}",
        ],
        num("the difference"),
        metric="numeric",
    )
for _k in (3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 20, 25, 50, 100):
    FAMILY.add(
        f"num_times_{_k}",
        D["num"],
        lambda n, k=_k: n * k,
        [
            f"multiply the number by {_k}",
            f"give {_WORD.get(_k, _k)} times the number",
            f"compute the number times {_k}",
        ],
        num("the product"),
        metric="numeric",
    )
for _k in (2, 3, 4, 5, 6, 8, 10):
    FAMILY.add(
        f"num_div_{_k}",
        D["num"],
        lambda n, k=_k: n // k if n % k == 0 else None,
        [
            f"divide the number by {_k}",
            f"give the number divided by {_WORD.get(_k, _k)}",
            f"compute the number over {_k}",
        ],
        num("the quotient"),
        metric="numeric",
    )
FAMILY.drop('num_div_10', taught_by='percent_of')  # answers agree with num_percent_10 on shared inputs
FAMILY.drop('num_div_5', taught_by='percent_of')  # answers agree with num_percent_20 on shared inputs
FAMILY.drop('num_div_4', taught_by='percent_of')  # answers agree with num_percent_25 on shared inputs
FAMILY.drop('num_div_2', taught_by='percent_of')  # answers agree with num_percent_50 on shared inputs
