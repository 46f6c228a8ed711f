"""Family ``boolean_ops``: evaluate a chain of truth values (some negated) joined by one logical operator."""

from __future__ import annotations

import random
from functools import reduce

from ..core import Domain, Family, lab

FAMILY = Family("boolean_ops", split="train", summary="evaluate and, or, xor chains of truth values")

_OPS = {"and": lambda a, b: a and b, "or": lambda a, b: a or b, "xor": lambda a, b: a != b}
Operand = tuple[bool, bool]  # (written value, negated with "not")


def _chain(op: str, p_true: float) -> Domain:
    def sample(rng: random.Random) -> tuple[Operand, ...]:
        operands = []
        for _ in range(rng.randint(2, 4)):
            value, negated = rng.random() < p_true, rng.random() < 0.3
            operands.append((value != negated, negated))
        return tuple(operands)

    def render(t: tuple[Operand, ...]) -> str:
        return f" {op} ".join(("not " if neg else "") + str(value).lower() for value, neg in t)

    return Domain(
        f"bool_{op}",
        (
            f"an expression like 'true {op} not false'",
            f"truth values joined by '{op}'",
            "a small logic expression",
        ),
        sample=sample,
        render=render,
    )


def _value(t: tuple[Operand, ...], fn) -> str:
    return "true" if reduce(fn, [value != neg for value, neg in t]) else "false"


for _op, _fn, _p in (("and", _OPS["and"], 0.8), ("or", _OPS["or"], 0.2), ("xor", _OPS["xor"], 0.5)):
    FAMILY.add(
        f"bool_{_op}",
        _chain(_op, _p),
        lambda t, f=_fn: _value(t, f),
        [f"evaluate the logical {_op} expression", f"work out whether the {_op} chain of values is true"],
        lab("true", "false"),
        labels=["true", "false"],
    )
