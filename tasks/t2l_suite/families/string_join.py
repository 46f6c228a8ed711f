"""Family ``string_join``: join the words of a comma-separated list with another separator (validation)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("string_join", split="validation", summary="join a list of words with a given separator")

_SEPS = {
    "plus": (" + ", "plus signs"),
    "slash": ("/", "slashes"),
    "underscore": ("_", "underscores"),
    "and": (" and ", "the word 'and'"),
    "semicolon": ("; ", "semicolons"),
}
for _name, (_sep, _said) in _SEPS.items():
    FAMILY.add(
        f"wlist_join_{_name}",
        D["wlist"],
        lambda t, s=_sep: s.join(t),
        [f"join the words of the list with {_said}", f"rewrite the list with {_said} between the words"],
        only(f"the words joined by {_said}"),
    )
