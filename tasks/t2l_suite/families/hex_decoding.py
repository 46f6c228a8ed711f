"""Family ``hex_decoding``: a hexadecimal number in decimal.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Domain, Family, num, only
from ..domains import D

FAMILY = Family(
    "hex_decoding",
    split="heldout",
    summary="a hexadecimal number in decimal",
)

FAMILY.add(
    "hex_to_decimal",
    D["hex"],
    lambda n: n,
    [
        "convert the hexadecimal number to decimal",
        "give the base-10 value of the hex number",
        "translate the hex value into an ordinary decimal number",
    ],
    num("the decimal value"),
    metric="numeric",
)

FAMILY.add(
    "binary_to_decimal",
    Domain(
        "binary_to_decimal",
        ("a binary number", "a string of bits", "a number written in base 2"),
        sample=lambda rng: rng.randint(2, 255),
        render=lambda n: f"{n:b}",
    ),
    lambda n: str(n),
    ["convert the binary number to decimal", "give the base-10 value of the bits"],
    num("the decimal value"),
    metric="numeric",
)
FAMILY.add(
    "decimal_to_hex",
    Domain(
        "decimal_to_hex",
        ("a whole number between 10 and 255", "a decimal number", "a number written in digits"),
        sample=lambda rng: rng.randint(10, 255),
        render=lambda n: str(n),
    ),
    lambda n: f"0x{n:X}",
    ["convert the number to hexadecimal", "write the number in base 16"],
    only("the hex value with the 0x prefix and capital letters, such as 0x1F"),
    metric="exact_match_cased",
)
