"""Family ``sequence_next``: continue or complete an arithmetic sequence of numbers (validation)."""

from __future__ import annotations

import random

from ..core import Domain, Family, num

FAMILY = Family(
    "sequence_next", split="validation", summary="the next or previous term of an arithmetic sequence"
)

_INPUTS = (
    "a list of numbers that go up by a fixed step",
    "an arithmetic sequence of four numbers",
    "four numbers with a constant difference",
)


def _sequence(rng: random.Random) -> list[int]:
    start, step = rng.randint(0, 60), rng.choice([1, 2, 3, 4, 5, 10, 11, 20, 25])
    return [start + i * step for i in range(4)]


def _make(offset: int):
    def make(rng: random.Random) -> tuple[str, str]:
        seq = _sequence(rng)
        step = seq[1] - seq[0]
        answer = seq[-1] + step if offset > 0 else seq[0] - step
        return ", ".join(map(str, seq)), str(answer)

    return make


FAMILY.add(
    "seq_next",
    None,
    None,
    ["give the number that comes next in the sequence", "continue the sequence by one term"],
    num("the next term"),
    metric="numeric",
    make=_make(1),
    inputs=_INPUTS,
)
FAMILY.add(
    "seq_previous",
    None,
    None,
    [
        "give the number that would come just before the sequence",
        "extend the sequence by one term at its start",
    ],
    num("the term before the first"),
    metric="numeric",
    make=_make(-1),
    inputs=_INPUTS,
)
FAMILY.add(
    "seq_step",
    Domain("seq_step", _INPUTS, sample=lambda rng: _sequence(rng), render=lambda s: ", ".join(map(str, s))),
    lambda s: str(s[1] - s[0]),
    [
        "find the constant difference between neighbouring terms",
        "say by how much the sequence goes up each time",
    ],
    num("the step"),
    metric="numeric",
)
