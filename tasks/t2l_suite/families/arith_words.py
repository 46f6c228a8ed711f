"""Family ``arith_words``: arithmetic stated in words ("seven plus five"), answered in digits or words."""

from __future__ import annotations

import random

from ..core import Domain, Family, num, only
from ..wordforms import words_en

FAMILY = Family("arith_words", split="train", summary="sums, differences and products written in words")

_OPS = {"plus": lambda a, b: a + b, "minus": lambda a, b: a - b, "times": lambda a, b: a * b}


def _expression(op: str, *, spelled: bool) -> Domain:
    def sample(rng: random.Random) -> tuple[int, int]:
        a, b = rng.randint(0, 12), rng.randint(0, 12)
        return (max(a, b), min(a, b)) if op == "minus" else (a, b)

    def render(t: tuple[int, int]) -> str:
        a, b = (words_en(t[0]), words_en(t[1])) if spelled else t
        return f"{a} {op} {b}"

    said = "written in words" if spelled else "with digits"
    return Domain(
        f"{op}_{spelled}",
        (
            f"a sum like 'seven {op} five'",
            f"two numbers joined by '{op}'",
            f"an arithmetic expression {said}",
        ),
        sample=sample,
        render=render,
    )


for _op, _fn in _OPS.items():
    FAMILY.add(
        f"words_{_op}_digits",
        _expression(_op, spelled=True),
        lambda t, f=_fn: f(*t),
        [
            f"work out the spelled-out {_op} expression",
            f"compute the result of the expression in words that uses {_op}",
        ],
        num("the result in digits"),
        metric="numeric",
    )
    FAMILY.add(
        f"words_{_op}_words",
        _expression(_op, spelled=True),
        lambda t, f=_fn: words_en(f(*t)) if f(*t) < 100 else None,
        [
            f"work out the {_op} expression and write the answer in words",
            f"compute the spelled-out {_op} expression and spell the result",
        ],
        only("the result as an English number word, such as twelve"),
    )
