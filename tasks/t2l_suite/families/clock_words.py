"""Family ``clock_words``: times of day in words ("quarter past seven") and back to digits."""

from __future__ import annotations

from ..core import Domain, Family, only
from ..wordforms import words_en

FAMILY = Family("clock_words", split="train", summary="read and write clock times in words")

_PAST = {
    0: "{h} o'clock",
    5: "five past {h}",
    10: "ten past {h}",
    15: "quarter past {h}",
    20: "twenty past {h}",
    30: "half past {h}",
    40: "twenty to {n}",
    45: "quarter to {n}",
    50: "ten to {n}",
    55: "five to {n}",
}


def _words(t: tuple[int, int]) -> str:
    h, m = t
    return _PAST[m].format(h=words_en(h), n=words_en(h % 12 + 1))


TIMES = Domain(
    "clock_time",
    ("a time on a 12-hour clock such as 7:15", "a clock time in digits", "a time like 3:40"),
    pool=tuple((h, m) for h in range(1, 13) for m in _PAST),
    render=lambda t: f"{t[0]}:{t[1]:02d}",
)
SPOKEN = Domain(
    "spoken_time",
    (
        "a time said in words, such as quarter past seven",
        "a clock time written in words",
        "a spoken time of day",
    ),
    pool=TIMES.pool,
    render=_words,
)
FAMILY.add(
    "clock_to_words",
    TIMES,
    _words,
    ["say the clock time in words", "write the time the way people say it"],
    only("the time in words, such as quarter past seven or ten to four"),
)
FAMILY.add(
    "words_to_clock",
    SPOKEN,
    lambda t: f"{t[0]}:{t[1]:02d}",
    ["write the spoken time in digits", "turn the time in words into a clock time"],
    only("H:MM on a 12-hour clock, such as 7:15"),
)
