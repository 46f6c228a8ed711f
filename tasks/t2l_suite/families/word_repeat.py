"""Family ``word_repeat``: write a word several times with a given separator."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family("word_repeat", split="train", summary="repeat a word k times with a separator")

_TIMES = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}
# separator -> (task id part, "separated by ...", "with ... between the copies")
_SEPS = {
    " ": ("space", "spaces", "a space"),
    ", ": ("comma", "commas", "a comma and a space"),
    "-": ("hyphen", "hyphens", "a hyphen"),
    "+": ("plus", "plus signs", "a plus sign"),
    "/": ("slash", "slashes", "a slash"),
    "": ("joined", "nothing at all", "no space or other character"),
}
for _k, _times in _TIMES.items():
    for _sep, (_id, _by, _between) in _SEPS.items():
        FAMILY.add(
            f"word_repeat_{_k}_{_id}",
            D["common_word"],
            lambda w, k=_k, s=_sep: s.join([w] * k),
            [
                f"write the word {_times}, separated by {_by}",
                f"repeat the word {_times} with {_between} between the copies",
            ],
            exactly(f"the word {_times} joined by {_by}"),
        )
