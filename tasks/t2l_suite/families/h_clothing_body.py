"""Family ``h_clothing_body``: the part of the body a garment or accessory is worn on (held out)."""

from __future__ import annotations

from ..core import Family, lab
from ..heldout_lexicon import CLOTHING_BODY, noun_phrases

FAMILY = Family("h_clothing_body", split="heldout", summary="where on the body a thing is worn (hat -> head)")

_PARTS = sorted(set(CLOTHING_BODY.values()))
_ITEMS = [(p, part) for item, part in CLOTHING_BODY.items() for p in noun_phrases(item, extra=("her", "his"))]


def _worn_on(part: str):
    return lambda rng: (lambda pair: (pair[0], "yes" if pair[1] == part else "no"))(rng.choice(_ITEMS))


_INPUTS = ("a piece of clothing or jewellery", "something people wear", "an item worn on the body")

FAMILY.add("worn_on", None, None,
           ["name the part of the body this is worn on", "say where on the body people wear it"],
           lab(*_PARTS), labels=_PARTS, make=lambda rng: rng.choice(_ITEMS), inputs=_INPUTS,
           extra=["Where is it worn? Hat -> head, glove -> hand, ring -> finger.",
                  "Body part for the item: head, neck, ear, wrist, hand, finger, waist or foot.",
                  "Tell me which part of the body this goes on."])
FAMILY.add("worn_on_head", None, None,
           ["decide whether the item is worn on the head", "tell if people wear it on their heads"],
           lab("yes", "no"), labels=["yes", "no"],
           make=_worn_on("head"),
           inputs=_INPUTS,
           extra=["Is it worn on the head? Helmet: yes. Sock: no.",
                  "Answer yes for headwear and no for everything else."])
FAMILY.add("worn_on_foot", None, None,
           ["decide whether the item is worn on the feet", "tell if people put it on their feet"],
           lab("yes", "no"), labels=["yes", "no"],
           make=_worn_on("foot"),
           inputs=_INPUTS,
           extra=["Footwear or not? Boot: yes. Scarf: no.", "Is this something you wear on your feet?"])
