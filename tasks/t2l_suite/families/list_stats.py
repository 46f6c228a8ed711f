"""Family ``list_stats``: median and average of a short list of numbers (held out)."""

from __future__ import annotations

import random

from ..core import Family, num

FAMILY = Family("list_stats", split="heldout", summary="median and mean of a list of numbers")

_INPUTS = (
    "a comma-separated list of numbers",
    "a few numbers separated by commas",
    "a short list of integers",
)


def _median(rng: random.Random) -> tuple[str, str]:
    values = rng.sample(range(1, 100), rng.choice([3, 5]))
    return ", ".join(map(str, values)), str(sorted(values)[len(values) // 2])


def _mean(rng: random.Random) -> tuple[str, str] | None:
    values = [rng.randint(1, 60) for _ in range(rng.choice([2, 3, 4]))]
    if sum(values) % len(values):
        return None
    return ", ".join(map(str, values)), str(sum(values) // len(values))


FAMILY.add(
    "list_median",
    None,
    None,
    ["find the median of the numbers", "give the middle value once the numbers are sorted"],
    num("the median"),
    metric="numeric",
    make=_median,
    inputs=_INPUTS,
)
FAMILY.add(
    "list_mean",
    None,
    None,
    ["compute the average of the numbers", "find the arithmetic mean of the list"],
    num("the mean"),
    metric="numeric",
    make=_mean,
    inputs=_INPUTS,
)
