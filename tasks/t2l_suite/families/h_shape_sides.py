"""Family ``h_shape_sides``: the number of sides of a flat shape, and the shape for a number (held out)."""

from __future__ import annotations

import random

from ..core import Family, num, only
from ..heldout_lexicon import SHAPE_SIDES, SMALL_NUMBER_WORDS
from ..wordforms import article

FAMILY = Family("h_shape_sides", split="heldout",
                summary="the number of sides of a shape (pentagon -> 5) and back")

_SHAPES = sorted(SHAPE_SIDES)
_ONE = [(p, str(n)) for s, (n, _) in SHAPE_SIDES.items()
        for p in (s, f"{article(s)} {s}", f"the {s}", f"one {s}")]
_NAMES = {3: "triangle", 5: "pentagon", 6: "hexagon", 7: "heptagon", 8: "octagon", 9: "nonagon",
          10: "decagon",
          12: "dodecagon"}
_SIDE_FRAMES = ["{n} sides", "{n} corners", "{n} straight sides", "{n}-sided", "{n} angles"]


def _many(rng: random.Random) -> tuple[str, str]:
    shape, k = rng.choice(_SHAPES), rng.randint(2, 6)
    sides, plural = SHAPE_SIDES[shape]
    return f"{rng.choice([str(k), SMALL_NUMBER_WORDS[k]])} {plural}", str(k * sides)


def _name(rng: random.Random) -> tuple[str, str]:
    n = rng.choice(sorted(_NAMES))
    count = rng.choice([str(n), SMALL_NUMBER_WORDS[n]])
    return rng.choice(_SIDE_FRAMES).format(n=count), _NAMES[n]


FAMILY.add("shape_sides", None, None,
           ["give the number of sides of the shape", "say how many straight sides the shape has"],
           num("the number of sides"), metric="numeric", make=lambda rng: rng.choice(_ONE),
           inputs=("a flat shape", "the name of a polygon", "a geometric shape such as a hexagon"),
           extra=["How many sides does this shape have? Triangle -> 3, hexagon -> 6.",
                  "Count the edges of the named polygon and write the number in digits.",
                  "Sides of a shape: square 4, pentagon 5, octagon 8."])
FAMILY.add("shapes_total_sides", None, None,
           ["add up the sides of all the shapes", "count the sides of every shape together"],
           num("the total number of sides"), metric="numeric", make=_many,
           inputs=("a number of shapes, such as 3 squares", "a count and a shape name in the plural"),
           extra=["Total sides: 3 squares -> 12, two triangles -> 6.",
                  "How many sides do these shapes have altogether? Digits only."])
FAMILY.add("sides_to_shape", None, None,
           ["name the polygon with that many sides", "say which shape has this number of sides"],
           only("the shape's name in lowercase, such as pentagon"), make=_name,
           inputs=("a number of sides", "a phrase such as 6 sides or eight corners"),
           extra=["Which polygon has this many sides? 5 -> pentagon, 8 -> octagon.",
                  "Write the name of the shape with the given number of sides or corners."])
