"""Family ``t_num_threshold``: is a number above a fixed threshold, or inside a fixed range?"""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D

FAMILY = Family("t_num_threshold", split="train",
                summary="compare a number with a fixed threshold or range, with several label sets")

LABELS = [("yes", "no"), ("true", "false"), ("above", "below")]
for i, k in enumerate([10, 25, 50, 100, 150, 200, 300, 400, 600, 750, 900]):
    yes, no = LABELS[i % len(LABELS)]
    if yes == "above":
        FAMILY.add(
            f"num_above_below_{k}",
            D["num"],
            lambda n, k=k: "above" if n > k else "below" if n < k else None,
            [f"say whether the number is above or below {k}", f"compare the number with {k}",
             f"tell if the number is more or less than {k}"],
            lab("above", "below"),
            labels=["above", "below"],
        )
        continue
    FAMILY.add(
        f"num_greater_{k}",
        D["num"],
        lambda n, k=k, yes=yes, no=no: yes if n > k else no,
        [f"decide whether the number is greater than {k}", f"check if the number is bigger than {k}",
         f"tell whether the number exceeds {k}"],
        yn(f"the number is more than {k}", yes, no),
        labels=[yes, no],
    )
for lo, hi in [(10, 20), (20, 50), (50, 100), (100, 200), (200, 500), (500, 800)]:
    FAMILY.add(
        f"num_between_{lo}_{hi}",
        D["num"],
        lambda n, lo=lo, hi=hi: "yes" if lo <= n <= hi else "no",
        [f"decide whether the number is between {lo} and {hi}, inclusive",
         f"check if the number lies in the range {lo} to {hi}",
         f"tell whether the number is at least {lo} and at most {hi}"],
        yn(f"the number is from {lo} to {hi}"),
        labels=["yes", "no"],
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('num_between_100_200', taught_by='number_between')
FAMILY.drop('num_above_below_200', 'num_above_below_50', 'num_above_below_600', taught_by='number_threshold')

# Too few numbers of the domain fall on one side for balanced yes/no examples.
FAMILY.drop('num_greater_10', 'num_between_10_20', taught_by='t_num_threshold')
FAMILY.drop('num_between_20_50', taught_by='number_between')  # answers agree with num_between_10_50 on shared inputs
