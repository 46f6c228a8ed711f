"""Family ``word_problems``: one-step word problems about buying, giving away and sharing."""

from __future__ import annotations

import random

from ..core import Domain, Family, num
from ..lexicon import FIRST_NAMES

FAMILY = Family(
    "word_problems", split="train", summary="one-step word problems (more, fewer, shared equally)"
)

_ITEMS = ["apples", "books", "pencils", "stickers", "marbles", "cookies", "cards", "stamps"]


def _problem(kind: str) -> Domain:
    def sample(rng: random.Random) -> tuple[str, int]:
        name, item = rng.choice(FIRST_NAMES), rng.choice(_ITEMS)
        a, b = rng.randint(2, 30), rng.randint(2, 12)
        if kind == "more":
            return f"{name} has {a} {item} and gets {b} more. How many {item} does {name} have now?", a + b
        if kind == "fewer":
            a += b
            return f"{name} has {a} {item} and gives {b} away. How many {item} are left?", a - b
        return f"{name} shares {a * b} {item} equally among {b} friends. How many does each friend get?", a

    inputs = ("a short word problem", "a one-sentence maths story", "a simple arithmetic question in words")
    return Domain(f"problem_{kind}", inputs, sample=sample, render=lambda t: t[0])


for _kind, _action in (("more", "adding"), ("fewer", "taking away"), ("share", "dividing equally")):
    FAMILY.add(
        f"problem_{_kind}",
        _problem(_kind),
        lambda t: t[1],
        [f"solve the word problem by {_action}", f"answer the question in the story; it needs {_action}"],
        num("the answer"),
        metric="numeric",
    )
