"""Family ``roman_decode``: Roman numerals back to ordinary numbers (held out)."""

from __future__ import annotations

from ..core import Domain, Family, num
from ..wordforms import roman

FAMILY = Family("roman_decode", split="heldout", summary="the value of a Roman numeral")

FAMILY.add(
    "roman_to_number",
    Domain(
        "roman_to_number",
        ("a Roman numeral", "a number in Roman numerals", "an uppercase Roman numeral such as XIV"),
        sample=lambda rng: rng.randint(1, 399),
        render=lambda n: roman(n),
    ),
    lambda n: str(n),
    ["convert the Roman numeral to an ordinary number", "give the value of the Roman numeral"],
    num("the value"),
    metric="numeric",
)
FAMILY.add(
    "roman_is_even",
    Domain(
        "roman_is_even",
        ("a Roman numeral", "a number in Roman numerals", "an uppercase Roman numeral such as XIV"),
        sample=lambda rng: rng.randint(1, 399),
        render=lambda n: roman(n),
    ),
    lambda n: str(1 - n % 2),
    [
        "decide whether the Roman numeral stands for an even number",
        "check the parity of the number the Roman numeral represents",
    ],
    num("1 if even and 0 if odd"),
    metric="numeric",
    balance=True,
)
