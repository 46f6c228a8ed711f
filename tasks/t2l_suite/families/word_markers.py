"""Family ``word_markers``: put a word between a given pair of marker characters (validation)."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family("word_markers", split="validation", summary="put a word between given marker characters")

_MARKERS = {
    "angle": ("<", ">", "angle brackets"),
    "curly": ("{", "}", "curly braces"),
    "pipes": ("|", "|", "vertical bars"),
    "underscores": ("_", "_", "underscores"),
    "tildes": ("~", "~", "tildes"),
    "slashes": ("/", "/", "slashes"),
}
for _name, (_left, _right, _said) in _MARKERS.items():
    FAMILY.add(
        f"word_in_{_name}",
        D["word"],
        lambda w, a=_left, b=_right: f"{a}{w}{b}",
        [f"enclose the word in {_said}", f"surround the word with {_said}"],
        exactly(f"'{_left}WORD{_right}' with the word in place of WORD"),
        metric="exact_match_cased",
    )
