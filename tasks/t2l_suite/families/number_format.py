"""Family ``number_format``: write a number as words, Roman numerals, binary or an ordinal; round it;
group digits.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D
from ..wordforms import ordinal, roman, round_half_up, words_en

FAMILY = Family(
    "number_format",
    split="train",
    summary="write a number as words, Roman numerals, binary or an ordinal; round it; group digits",
)

N = "num"
FAMILY.add(
    "num_words_en",
    D[N],
    lambda n: words_en(n) if n < 100 else None,
    [
        "write the number out in English words",
        "spell the number in words",
        "give the English name of the number",
    ],
    only("the words in lowercase, with a hyphen in compounds such as forty-two"),
)

FAMILY.add(
    "num_roman",
    D[N],
    lambda n: roman(n) if 1 <= n <= 400 else None,
    [
        "write the number as a Roman numeral",
        "convert the number to Roman numerals",
        "give the Roman numeral for the number",
    ],
    only("the Roman numeral in capital letters"),
)

FAMILY.add(
    "num_binary",
    D[N],
    lambda n: format(n, "b") if n < 64 else None,
    [
        "write the number in binary",
        "convert the number to base 2",
        "give the binary representation of the number",
    ],
    only("the binary digits without a prefix or leading zeros"),
)

FAMILY.add(
    "num_ordinal",
    D[N],
    lambda n: ordinal(n) if n else None,
    [
        "turn the number into an ordinal",
        "write the number as an ordinal with its suffix",
        "add the right ordinal suffix (st, nd, rd or th) to the number",
    ],
    only("the ordinal in digits, such as 21st"),
)

FAMILY.add(
    "num_round_ten",
    D[N],
    lambda n: round_half_up(n / 10) * 10,
    [
        "round the number to the nearest ten",
        "give the number rounded to the nearest multiple of 10",
        "round the number to tens, rounding halves up",
    ],
    num("the rounded number"),
    metric="numeric",
)

FAMILY.add(
    "num_round_hundred",
    D[N],
    lambda n: round_half_up(n / 100) * 100,
    [
        "round the number to the nearest hundred",
        "give the number rounded to the nearest multiple of 100",
        "round the number to hundreds, rounding halves up",
    ],
    num("the rounded number"),
    metric="numeric",
)

FAMILY.add(
    "big_thousands",
    D["bignum"],
    lambda n: f"{n:,}",
    [
        "write the number with commas between groups of three digits",
        "add thousands separators to the number",
        "format the number with a comma every three digits from the right",
    ],
    only("the formatted number, such as 1,234,567"),
)

FAMILY.add(
    "big_round_thousand",
    D["bignum"],
    lambda n: round_half_up(n / 1000) * 1000,
    [
        "round the number to the nearest thousand",
        "give the number rounded to the nearest multiple of 1000",
        "round the number to thousands, rounding halves up",
    ],
    num("the rounded number, without separators"),
    metric="numeric",
)
