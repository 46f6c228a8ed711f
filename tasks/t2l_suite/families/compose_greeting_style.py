"""Family ``compose_greeting_style``: held-out compositions of trained skills (greeting style).

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family(
    "compose_greeting_style",
    split="heldout_compositions",
    summary="new combinations of trained skills (greeting style)",
)

EV = "event"
FAMILY.add(
    "event_greet_person",
    D[EV],
    lambda e: f"Hello, {e['person']}!",
    [
        "greet the person mentioned in the sentence",
        "say hello to whoever bought or sold the items",
        "write a hello to the person named in the sentence",
    ],
    exactly("'Hello, NAME!' with the person's name in place of NAME"),
    comp="event_person+greet_hello",
)
