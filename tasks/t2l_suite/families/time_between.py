"""Family ``time_between``: minutes between two times of one day (held out)."""

from __future__ import annotations

import random

from ..core import Domain, Family, num, only

FAMILY = Family("time_between", split="heldout", summary="durations between two 24-hour times")

_INPUTS = (
    "two 24-hour times joined by 'to'",
    "a start and an end time such as 09:15 to 11:40",
    "two times of the same day",
)


def _times(rng: random.Random) -> tuple[str, int]:
    a = rng.randrange(0, 1380)
    b = rng.randrange(a + 5, min(a + 600, 1439))
    return f"{a // 60:02d}:{a % 60:02d} to {b // 60:02d}:{b % 60:02d}", b - a


FAMILY.add(
    "time_minutes_between",
    Domain("time_minutes_between", _INPUTS, sample=lambda rng: _times(rng), render=lambda t: t[0]),
    lambda t: str(t[1]),
    [
        "count the minutes from the first time to the second",
        "work out how many minutes pass between the two times",
    ],
    num("the number of minutes"),
    metric="numeric",
)
FAMILY.add(
    "time_duration_hmm",
    Domain("time_duration_hmm", _INPUTS, sample=lambda rng: _times(rng), render=lambda t: t[0]),
    lambda t: f"{t[1] // 60}:{t[1] % 60:02d}",
    [
        "work out how long it is from the first time to the second",
        "give the length of the interval between the two times",
    ],
    only("the duration as H:MM, such as 2:05"),
)
