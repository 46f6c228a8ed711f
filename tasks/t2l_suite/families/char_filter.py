"""Family ``char_filter``: keep only the digits or only the letters of a mixed string (held out)."""

from __future__ import annotations

import random
import string

from ..core import Domain, Family, num, only

FAMILY = Family("char_filter", split="heldout", summary="keep the digits or the letters of a mixed code")

_INPUTS = ("a code mixing letters and digits", "a string such as a1b2c3", "a short alphanumeric code")


def _code(rng: random.Random) -> str:
    chars = [rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 4))]
    chars += [rng.choice(string.digits) for _ in range(rng.randint(2, 4))]
    rng.shuffle(chars)
    return "".join(chars)


FAMILY.add(
    "keep_digits",
    Domain("keep_digits", _INPUTS, sample=lambda rng: _code(rng), render=lambda c: c),
    lambda c: "".join((x for x in c if x.isdigit())),
    [
        "remove every letter from the code and keep the digits",
        "extract the digits of the code in their order",
    ],
    only("the digits, with no spaces"),
)
FAMILY.add(
    "keep_letters",
    Domain("keep_letters", _INPUTS, sample=lambda rng: _code(rng), render=lambda c: c),
    lambda c: "".join((x for x in c if x.isalpha())),
    [
        "remove every digit from the code and keep the letters",
        "extract the letters of the code in their order",
    ],
    only("the letters, with no spaces"),
)
FAMILY.add(
    "count_digits_in_code",
    Domain("count_digits_in_code", _INPUTS, sample=lambda rng: _code(rng), render=lambda c: c),
    lambda c: str(sum((x.isdigit() for x in c))),
    ["count how many digits the code contains", "say how many characters of the code are numerals"],
    num("the count"),
    metric="numeric",
)
