"""Family ``chemistry``: the chemical symbol of an element.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Domain, Family, only
from ..domains import D
from ..facts import ELEMENTS

FAMILY = Family(
    "chemistry",
    split="heldout",
    summary="the chemical symbol of an element",
)

FAMILY.add(
    "element_symbol",
    D["element"],
    ELEMENTS.get,
    [
        "give the chemical symbol of the element",
        "write the periodic-table symbol for the element",
        "name the element's symbol",
    ],
    only("the symbol, such as Fe"),
)

_SYMBOL_TO_NAME = {symbol: name for name, symbol in ELEMENTS.items()}
FAMILY.add(
    "symbol_to_element",
    Domain(
        "symbol_to_element",
        ("a chemical symbol such as Fe", "the symbol of an element", "a periodic-table symbol"),
        sample=lambda rng: rng.choice(sorted(_SYMBOL_TO_NAME)),
        render=lambda s: s,
    ),
    lambda s: _SYMBOL_TO_NAME[s],
    ["name the chemical element that has this symbol", "spell out which element the symbol stands for"],
    only("the element's English name in lowercase"),
)
