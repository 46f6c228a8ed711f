"""Family ``h_letter_shift``: the letter just after or before a letter in the alphabet (held out).

Only shifts by one place: training teaches Caesar shifts of words by 2 to 25 places.
"""

from __future__ import annotations

import random
import string

from ..core import Family, only

FAMILY = Family("h_letter_shift", split="heldout", summary="the next or previous letter of the alphabet")

_FORMS = ["{l}", "{L}", "the letter {l}", "letter {L}"]
_INPUTS = ("a letter", "one letter of the alphabet", "a single letter, lower or upper case")


def _maker(k: int):
    def make(rng: random.Random) -> tuple[str, str] | None:
        i = rng.randrange(26)
        if not 0 <= i + k < 26:
            return None
        letter = string.ascii_lowercase[i]
        return rng.choice(_FORMS).format(l=letter, L=letter.upper()), string.ascii_lowercase[i + k]
    return make


_SHIFTS = {
    "next_letter": (1, ["give the letter that comes right after this one in the alphabet",
                        "name the following letter of the alphabet"],
                    ["Next letter of the alphabet: c -> d, m -> n.",
                     "What letter follows this one? Lowercase."]),
    "previous_letter": (-1, ["give the letter that comes right before this one in the alphabet",
                             "name the preceding letter of the alphabet"],
                        ["Previous letter: d -> c, n -> m.", "Which letter comes just before it in a to z?"]),
}
for _task_id, (_k, _actions, _extra) in _SHIFTS.items():
    FAMILY.add(_task_id, None, None, _actions, only("that letter in lowercase"), make=_maker(_k),
               inputs=_INPUTS,
               extra=_extra)
