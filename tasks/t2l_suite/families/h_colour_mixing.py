"""Family ``h_colour_mixing``: the colour two paints make when mixed, and the missing colour (held out)."""

from __future__ import annotations

import random

from ..core import Family, lab

FAMILY = Family("h_colour_mixing", split="heldout",
                summary="mixing two paint colours (red and blue -> purple)")

_MIXES = {("red", "blue"): "purple", ("red", "yellow"): "orange", ("blue", "yellow"): "green",
          ("red", "white"): "pink", ("black", "white"): "grey"}
_RESULTS = sorted(set(_MIXES.values()))
_PARTS = sorted({c for pair in _MIXES for c in pair})
_MIX_FRAMES = ["{a} and {b}", "{a} + {b}", "{a} mixed with {b}", "{a} paint and {b} paint",
               "equal parts {a} and {b}",
               "a drop of {a} in {b}", "{a} with {b}"]
_MISSING_FRAMES = ["{t} from {a}", "{a} to make {t}", "{t}, starting with {a}", "turn {a} into {t}",
                   "{a} -> {t}",
                   "make {t} out of {a}", "{a}, want {t}"]


def _mix(rng: random.Random) -> tuple[str, str]:
    pair = rng.choice(sorted(_MIXES))
    a, b = pair if rng.random() < 0.5 else pair[::-1]
    return rng.choice(_MIX_FRAMES).format(a=a, b=b), _MIXES[pair]


def _missing(rng: random.Random) -> tuple[str, str]:
    pair = rng.choice(sorted(_MIXES))
    i = rng.randrange(2)
    return rng.choice(_MISSING_FRAMES).format(t=_MIXES[pair], a=pair[i]), pair[1 - i]


FAMILY.add("colour_mix", None, None,
           ["say what colour you get by mixing the two paints",
            "name the colour the two paints make together"],
           lab(*_RESULTS), labels=_RESULTS, make=_mix,
           inputs=("two paint colours", "a pair of colours to mix", "two colours joined by and or plus"),
           extra=["Mix the paints: red and blue -> purple, blue and yellow -> green.",
                  "What colour results from mixing these two? One word.",
                  "Paint mixing. Black with white makes grey; red with yellow makes orange. Do this one."])
FAMILY.add("colour_mix_missing", None, None,
           ["name the paint colour to add to the first one to get the target colour",
            "say which colour is missing from the mix"],
           lab(*_PARTS), labels=_PARTS, make=_missing,
           inputs=("a target colour and one starting colour",
                   "a colour to make and a colour you already have"),
           extra=["Which paint do you add? Purple from red -> blue.",
                  "You have one colour and want another: name the second paint to mix in."])
