"""Family ``digit_spell``: spell or separate the digits of a number one by one."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..wordforms import words_de, words_en, words_fr

FAMILY = Family("digit_spell", split="train", summary="the digits of a number spelled out or separated")

FAMILY.add(
    "digits_spelled",
    D["num"],
    lambda n: " ".join(words_en(int(c)) for c in str(n)),
    ["spell out each digit of the number as an English word", "read the number digit by digit in words"],
    only("the digit words separated by spaces, such as four two"),
)
for _lang, _fn in (("French", words_fr), ("German", words_de)):  # Spanish number words stay held out
    FAMILY.add(
        f"digits_spelled_{_lang[:2].lower()}",
        D["num"],
        lambda n, f=_fn: " ".join(f(int(c)) for c in str(n)),
        [
            f"spell out each digit of the number as a {_lang} word",
            f"read the number digit by digit in {_lang}",
        ],
        only(f"the {_lang} digit words separated by spaces"),
    )
_SEPARATORS = [
    ("hyphens", "-", "hyphens"),
    ("spaces", " ", "spaces"),
    ("dots", ".", "dots"),
    ("commas", ",", "commas"),
    ("slashes", "/", "slashes"),
    ("bars", "|", "vertical bars"),
]
for _name, _sep, _said in _SEPARATORS:
    FAMILY.add(
        f"digits_with_{_name}",
        D["bignum"],
        lambda n, s=_sep: s.join(str(n)),
        [f"separate the digits of the number with {_said}", f"put {_said} between all digits of the number"],
        only(f"the digits joined by {_said}"),
    )
