"""Family ``t_num_notation``: a large number in scientific, E or compact (K / M) notation, or in words."""

from __future__ import annotations

import random

from ..core import Family, only


def _mantissa(n: int) -> tuple[str, int]:
    exp = len(str(n)) - 1
    digits = str(n).rstrip("0") or "0"
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return mant, exp


def _round_big(rng: random.Random) -> int:
    """1,000 to 99,000,000 with two significant digits (short answers), spread evenly over the magnitudes."""
    return rng.randint(10, 99) * 10 ** rng.randint(2, 6)


def _compact(n: int) -> str:
    if n >= 1_000_000:
        value, unit = n / 1_000_000, "M"
    else:
        value, unit = n / 1_000, "K"
    return f"{value:g}{unit}"


def _words(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} million"
    return f"{n / 1_000:g} thousand"


FAMILY = Family("t_num_notation", split="train",
                summary="scientific, E and compact notations of a large round number")
INPUTS = ("a large round number written as plain digits", "a big whole number such as 4500000",
          "a long integer with two significant digits")

FAMILY.add(
    "big_scientific", None, None,
    ["write the number in scientific notation", "express the number as a mantissa times a power of ten",
     "convert the number to standard form"],
    only("the number written like 4.5 x 10^6"),
    make=lambda r: (lambda n: (str(n), "{} x 10^{}".format(*_mantissa(n))))(_round_big(r)),
    inputs=INPUTS,
)
FAMILY.add(
    "big_e_notation", None, None,
    ["write the number in E notation", "give the number the way a calculator shows it with an E exponent",
     "express the number as a mantissa, the letter e and a power of ten"],
    only("the number written like 4.5e6"),
    make=lambda r: (lambda n: (str(n), "{}e{}".format(*_mantissa(n))))(_round_big(r)),
    inputs=INPUTS,
)
FAMILY.add(
    "big_compact", None, None,
    ["write the number in compact form with K for thousands or M for millions",
     "shorten the number with a K or M suffix", "abbreviate the number the way social media shows counts"],
    only("the short form, such as 45K or 4.5M"),
    make=lambda r: (lambda n: (str(n), _compact(n)))(_round_big(r)),
    inputs=INPUTS,
    metric="exact_match_cased",
)
FAMILY.add(
    "big_in_words", None, None,
    ["say the number as a count of thousands or millions", "write the number in thousands or millions",
     "restate the number using the word thousand or million"],
    only("a number and the word thousand or million, such as 45 thousand or 4.5 million"),
    make=lambda r: (lambda n: (str(n), _words(n)))(_round_big(r)),
    inputs=INPUTS,
)
