"""Family ``t_nlist_ops``: change every number of a list alike; keep or count the numbers passing a test."""

from __future__ import annotations

from ..core import Family, num, only
from ..domains import D

FAMILY = Family("t_nlist_ops", split="train",
                summary="add to or multiply every number of a list; filter and count numbers by a test")

NL = D["nlist"]
ONE_LINE = "the new numbers separated by a comma and a space"
for k in range(1, 11):
    FAMILY.add(
        f"list_add_each_{k}", NL, lambda t, k=k: ", ".join(str(x + k) for x in t),
        [f"add {k} to every number in the list", f"increase each number of the list by {k}",
         f"write the list again with {k} added to each number"],
        only(ONE_LINE),
    )
for k in (2, 3, 4, 5, 10):
    FAMILY.add(
        f"list_times_each_{k}", NL, lambda t, k=k: ", ".join(str(x * k) for x in t),
        [f"multiply every number in the list by {k}", f"give each number of the list times {k}",
         f"write the list again with each number multiplied by {k}"],
        only(ONE_LINE),
    )
FILTERS = [("even", lambda x: x % 2 == 0, "the even numbers"),
           ("odd", lambda x: x % 2 == 1, "the odd numbers")]
FILTERS += [(f"over_{k}", lambda x, k=k: x > k, f"the numbers greater than {k}")
            for k in (10, 20, 25, 30, 40)]
for name, test, what in FILTERS:
    FAMILY.add(
        f"list_keep_{name}", NL,
        lambda t, test=test: ", ".join(str(x) for x in t if test(x)) or None,
        [f"keep only {what} from the list", f"remove every number except {what}",
         f"filter the list down to {what}, in their original order"],
        only("the kept numbers separated by a comma and a space"),
    )
    if name == "even":  # counting the even numbers is ``number_list.list_count_even``
        continue
    FAMILY.add(
        f"list_count_{name}", NL, lambda t, test=test: sum(1 for x in t if test(x)),
        [f"count {what} in the list", f"say how many of the listed numbers are {what[4:]}",
         f"give the number of list entries that are {what[4:]}"],
        num("the count"),
        metric="numeric",
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('list_count_odd', 'list_count_over_10', 'list_count_over_20', 'list_count_over_25', 'list_count_over_30', 'list_count_over_40', 'list_keep_odd', 'list_keep_over_10', 'list_keep_over_20', 'list_keep_over_25', 'list_keep_over_30', 'list_keep_over_40', taught_by='list_filter')
