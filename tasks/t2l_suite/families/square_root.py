"""Family ``square_root``: square roots of perfect squares and cube roots of perfect cubes (held out)."""

from __future__ import annotations

import random

from ..core import Domain, Family, num

FAMILY = Family("square_root", split="heldout", summary="roots of perfect squares")

FAMILY.add(
    "perfect_square_root",
    Domain(
        "perfect_square_root",
        ("a perfect square", "a square number", "a whole number that is a square"),
        sample=lambda rng: rng.randint(2, 99),
        render=lambda k: str(k * k),
    ),
    lambda k: str(k),
    ["find the square root of the number", "say which whole number multiplied by itself gives this number"],
    num("the root"),
    metric="numeric",
)


def _square_or_near_miss(rng: random.Random) -> tuple[str, str]:
    k = rng.randint(2, 60)
    if rng.random() < 0.5:
        return str(k * k), "1"
    return str(k * k + rng.randint(1, 2 * k)), "0"  # strictly between k^2 and (k+1)^2


FAMILY.add(
    "is_perfect_square",
    None,
    None,
    ["decide whether the number is a perfect square", "check if some whole number squared gives this number"],
    num("1 for a square and 0 otherwise"),
    metric="numeric",
    balance=True,
    make=_square_or_near_miss,
    inputs=("a whole number", "a positive integer", "a number written in digits"),
)
