"""Family ``list_membership``: does a list of numbers contain a given number (held out)."""

from __future__ import annotations

import random

from ..core import Family, yn

FAMILY = Family("list_membership", split="heldout", summary="is a given number in a list")


def _make(k: int):
    def make(rng: random.Random) -> tuple[str, str]:
        values = rng.sample([v for v in range(1, 20) if v != k], rng.randint(3, 6))
        if rng.random() < 0.5:
            values[rng.randrange(len(values))] = k
        return ", ".join(map(str, values)), "yes" if k in values else "no"

    return make


for _k in (3, 7, 12):
    FAMILY.add(
        f"list_contains_{_k}",
        None,
        None,
        [f"check whether {_k} appears in the list", f"tell if the number {_k} is one of the items"],
        yn(f"{_k} is in the list"),
        labels=["yes", "no"],
        make=_make(_k),
        inputs=("a comma-separated list of small numbers", "a short list of numbers"),
    )
