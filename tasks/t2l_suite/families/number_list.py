"""Family ``number_list``: a list of numbers: maximum, minimum, sum, count, items, sorting, even numbers.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family(
    "number_list",
    split="train",
    summary="a list of numbers: maximum, minimum, sum, count, items, sorting, even numbers",
)

L = "nlist"
FAMILY.add(
    "list_max",
    D[L],
    max,
    [
        "give the largest number in the list",
        "find the maximum of the list",
        "pick the biggest number from the list",
    ],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "list_min",
    D[L],
    min,
    [
        "give the smallest number in the list",
        "find the minimum of the list",
        "pick the lowest number from the list",
    ],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "list_sum",
    D[L],
    sum,
    [
        "add up all the numbers in the list",
        "give the total of the list",
        "compute the sum of the listed numbers",
    ],
    num("the sum"),
    metric="numeric",
)

FAMILY.add(
    "list_count",
    D[L],
    len,
    [
        "count the numbers in the list",
        "say how many numbers the list contains",
        "give the length of the list",
    ],
    num("the count"),
    metric="numeric",
)

FAMILY.add(
    "list_first",
    D[L],
    lambda t: t[0],
    [
        "give the first number in the list",
        "pick the number that comes first",
        "return the opening item of the list",
    ],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "list_last",
    D[L],
    lambda t: t[-1],
    [
        "give the last number in the list",
        "pick the number that comes last",
        "return the final item of the list",
    ],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "list_second",
    D[L],
    lambda t: t[1],
    [
        "give the second number in the list",
        "pick the item in position two",
        "return the number that comes after the first one",
    ],
    num("that number"),
    metric="numeric",
)

FAMILY.add(
    "list_range",
    D[L],
    lambda t: max(t) - min(t),
    [
        "give the difference between the largest and the smallest number in the list",
        "compute the range of the list (maximum minus minimum)",
        "subtract the smallest list item from the largest",
    ],
    num("the result"),
    metric="numeric",
)

FAMILY.add(
    "list_count_even",
    D[L],
    lambda t: sum(x % 2 == 0 for x in t),
    [
        "count the even numbers in the list",
        "say how many numbers in the list are even",
        "find how many list items are divisible by two",
    ],
    num("the count"),
    metric="numeric",
)

FAMILY.add(
    "list_sort_asc",
    D[L],
    lambda t: ", ".join(map(str, sorted(t))) if len(t) == 3 else None,
    [
        "sort the numbers from smallest to largest",
        "put the list in ascending order",
        "order the numbers increasingly",
    ],
    only("the sorted numbers separated by a comma and a space"),
)

FAMILY.add(
    "list_sort_desc",
    D[L],
    lambda t: ", ".join(map(str, sorted(t, reverse=True))) if len(t) == 3 else None,
    [
        "sort the numbers from largest to smallest",
        "put the list in descending order",
        "order the numbers decreasingly",
    ],
    only("the sorted numbers separated by a comma and a space"),
)

FAMILY.add(
    "list_reverse",
    D[L],
    lambda t: ", ".join(map(str, t[::-1])) if len(t) == 3 else None,
    [
        "reverse the order of the list",
        "write the list backwards, last number first",
        "give the numbers in the opposite order",
    ],
    only("the numbers separated by a comma and a space"),
)
