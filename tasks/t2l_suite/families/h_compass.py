"""Family ``h_compass``: points of the compass: opposite, turns, abbreviations, bearings (held out)."""

from __future__ import annotations

import random

from ..core import Family, num, only
from ..heldout_lexicon import COMPASS, COMPASS_ABBR

FAMILY = Family("h_compass", split="heldout",
                summary="compass points: the opposite, a turn, the letters, the bearing")

_FRAMES = ["{d}", "{D}", "facing {d}", "heading {d}", "going {d}", "to the {d}", "walking {d}", "looking {d}",
           "pointing {d}"]
_INPUTS = ("a compass direction", "a direction such as north or southwest", "a heading on the compass")


def _maker(answer):  # answer(index of the direction) -> gold
    def make(rng: random.Random) -> tuple[str, str]:
        i = rng.randrange(8)
        return rng.choice(_FRAMES).format(d=COMPASS[i], D=COMPASS[i].capitalize()), str(answer(i))
    return make


FAMILY.add(
    "compass_opposite", None, None,
    ["give the direction pointing the other way", "name the opposite point of the compass"],
    only("the direction in lowercase, such as southwest"), make=_maker(lambda i: COMPASS[(i + 4) % 8]),
    inputs=_INPUTS,
    extra=["Opposite direction: north -> south, northeast -> southwest.",
           "Which way is exactly behind you if you face this direction? One lowercase word.",
           "Flip the compass point to its opposite."],
)
FAMILY.add(
    "compass_turn_right", None, None,
    ["say where you face after a quarter turn to the right (clockwise)",
     "turn the direction 90 degrees clockwise"],
    only("the new direction in lowercase"), make=_maker(lambda i: COMPASS[(i + 2) % 8]), inputs=_INPUTS,
    extra=["Facing this way, you turn right by 90 degrees. Which way do you face now? North -> east.",
           "Rotate the heading a quarter turn clockwise and write the result."],
)
FAMILY.add(
    "compass_turn_left", None, None,
    ["say where you face after a quarter turn to the left (anticlockwise)",
     "turn the direction 90 degrees anticlockwise"],
    only("the new direction in lowercase"), make=_maker(lambda i: COMPASS[(i - 2) % 8]), inputs=_INPUTS,
    extra=["You turn left by 90 degrees from this direction. Where do you face? North -> west.",
           "Rotate the heading a quarter turn counterclockwise and write the result."],
)
FAMILY.add(
    "compass_letters", None, None,
    ["write the direction with its compass letters", "abbreviate the direction the way a compass shows it"],
    only("the capital letters, such as NE"), make=_maker(lambda i: COMPASS_ABBR[COMPASS[i]]), inputs=_INPUTS,
    extra=["Compass letters: north -> N, southwest -> SW.",
           "Short form of the direction on a compass rose, one or two capital letters.",
           "How is this direction marked on a map's compass?"],
)
FAMILY.add(
    "compass_bearing", None, None,
    ["give the bearing of the direction in degrees, clockwise from north",
     "say how many degrees clockwise from north the direction is"],
    num("the bearing (0 to 315)"), metric="numeric", make=_maker(lambda i: 45 * i), inputs=_INPUTS,
    extra=["Bearing in degrees: north 0, east 90, south 180, west 270.",
           "How many degrees is this direction from north, turning clockwise? Digits only."],
)
