"""Family ``email_check``: is a string a well-formed email address (held out)."""

from __future__ import annotations

import random

from ..core import Family, yn
from ..lexicon import FIRST_NAMES

FAMILY = Family("email_check", split="heldout", summary="is a string a plausible email address")


def _candidate(rng: random.Random) -> tuple[str, str]:
    name = rng.choice(FIRST_NAMES).lower() + str(rng.randint(1, 99))
    domain = rng.choice(["mail", "post", "box", "web"]) + "." + rng.choice(["com", "org", "net"])
    kind = rng.randrange(4)
    if kind == 0:
        return f"{name}{domain}", "no"  # no @
    if kind == 1:
        return f"{name}@{domain.replace('.', '')}", "no"  # no dot after the @
    return f"{name}@{domain}", "yes"


FAMILY.add(
    "email_is_valid",
    None,
    None,
    [
        "decide whether the text is a well-formed email address",
        "check that the text has a name, an @ sign and a domain with a dot",
    ],
    yn("it is a valid address"),
    labels=["yes", "no"],
    make=_candidate,
    inputs=("a string that may be an email address", "a possible email address", "a short text"),
)
