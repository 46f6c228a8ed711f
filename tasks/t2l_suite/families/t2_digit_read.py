"""Family ``t2_digit_read``: read the digits of a number one by one (spell, space out, sort, pick extremes,
multiply, count parities, slice)."""

from __future__ import annotations

import math

from ..core import Family, num, only
from ..domains import D
from ..wordforms import words_en

FAMILY = Family("t2_digit_read", split="train",
                summary="read a number digit by digit: spell, separate, sort, extremes, product, slices")

B = D["bignum"]
FAMILY.add(
    "big_spell_digits", B, lambda n: " ".join(words_en(int(c)) for c in str(n)),
    ["read out the digits of the number one by one in English words", "spell every digit of the number as a "
     "word", "say each digit of the number as an English word"],
    only("the digit words separated by spaces, such as four two seven for 427"),
)
FAMILY.add(
    "big_digits_spaced", B, lambda n: " ".join(str(n)),
    ["put a space between every two digits of the number", "space out the digits of the number",
     "write the digits of the number separated by single spaces"],
    only("the digits with spaces, such as 4 2 7"),
)
FAMILY.add(
    "big_digits_commas", B, lambda n: ", ".join(str(n)),
    ["list the digits of the number separated by commas", "turn the number into a comma-separated list of "
     "its digits", "write each digit of the number followed by a comma and a space, except the last"],
    only("the digits joined by ', ', such as 4, 2, 7"),
)
FAMILY.add(
    "big_digits_plus", B, lambda n: "+".join(str(n)),
    ["write the digits of the number as a sum with plus signs", "put a plus sign between every two digits of "
     "the number", "turn the number into an addition of its digits, without working it out"],
    only("the digits joined by '+', such as 4+2+7"),
)
FAMILY.add(
    "big_max_digit", B, lambda n: max(str(n)),
    ["give the largest digit in the number", "find the highest digit of the number",
     "say which digit of the number is the biggest"],
    num("the largest digit"), metric="numeric",
)
FAMILY.add(
    "big_min_digit", B, lambda n: min(str(n)),
    ["give the smallest digit in the number", "find the lowest digit of the number",
     "say which digit of the number is the smallest"],
    num("the smallest digit"), metric="numeric",
)
FAMILY.add(
    "big_digits_sorted_asc", B, lambda n: "".join(sorted(str(n))),
    ["sort the digits of the number from smallest to largest", "rearrange the digits of the number in "
     "ascending order", "write the number's digits in increasing order"],
    only("the sorted digits as one string, leading zeros kept, such as 247 for 427"),
)
FAMILY.add(
    "big_digits_sorted_desc", B, lambda n: "".join(sorted(str(n), reverse=True)),
    ["sort the digits of the number from largest to smallest", "rearrange the digits of the number in "
     "descending order", "write the number's digits in decreasing order"],
    only("the sorted digits as one string, such as 742 for 427"),
)
FAMILY.add(
    "num_digit_product", D["num"], lambda n: math.prod(int(c) for c in str(n)),
    ["multiply the digits of the number together", "give the product of the number's digits",
     "work out what the digits of the number make when multiplied"],
    num("the product of the digits"), metric="numeric",
)
FAMILY.add(
    "big_count_even_digits", B, lambda n: sum(int(c) % 2 == 0 for c in str(n)),
    ["count how many digits of the number are even", "say how many even digits the number has",
     "give the number of even digits (0, 2, 4, 6, 8) in the number"],
    num("the count"), metric="numeric",
)
FAMILY.add(
    "big_count_odd_digits", B, lambda n: sum(int(c) % 2 == 1 for c in str(n)),
    ["count how many digits of the number are odd", "say how many odd digits the number has",
     "give the number of odd digits (1, 3, 5, 7, 9) in the number"],
    num("the count"), metric="numeric",
)
FAMILY.add(
    "big_first_two_digits", B, lambda n: str(n)[:2],
    ["give the first two digits of the number", "copy the two leading digits of the number",
     "keep only the opening two digits of the number"],
    only("the two digits, such as 42 for 4271"),
)
FAMILY.add(
    "big_last_three_digits", B, lambda n: str(n)[-3:],
    ["give the last three digits of the number", "copy the three final digits of the number",
     "keep only the closing three digits of the number, zeros included"],
    only("the three digits as written, such as 071 for 4071"),
)
FAMILY.add(
    "big_drop_zeros", B, lambda n: str(n).replace("0", "") if "0" in str(n) else None,
    ["remove every zero from the number", "delete all the 0 digits of the number",
     "write the number without any of its zeros"],
    only("the remaining digits, such as 47 for 4070"),
)

# Held-out families digit_stats and digit_sort teach these (largest, smallest digit, digit product, digits sorted).
FAMILY.drop('big_max_digit', 'big_min_digit', 'num_digit_product', 'big_digits_sorted_desc', 'big_digits_sorted_asc',
            taught_by='digit_stats')
