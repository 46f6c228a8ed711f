"""Family ``file_names``: extension, base name and kind of a file name."""

from __future__ import annotations

import random

from ..core import Domain, Family, only, yn
from ..lexicon import COMMON_WORDS

FAMILY = Family("file_names", split="train", summary="the extension, the base name and the kind of a file")

_IMAGES = ["png", "jpg", "gif"]
_OTHERS = ["pdf", "txt", "csv", "docx", "mp3", "zip"]


def _file(rng: random.Random) -> tuple[str, str]:
    return rng.choice(COMMON_WORDS) + rng.choice(["", "_" + str(rng.randint(1, 9))]), rng.choice(
        _IMAGES + _OTHERS
    )


FILE = Domain(
    "file",
    ("a file name", "the name of a file with its extension", "a file name such as notes.txt"),
    sample=_file,
    render=lambda f: f"{f[0]}.{f[1]}",
)
FAMILY.add(
    "file_extension",
    FILE,
    lambda f: f[1],
    ["give the extension of the file name", "extract what comes after the dot in the file name"],
    only("the extension, without the dot"),
)
FAMILY.add(
    "file_base_name",
    FILE,
    lambda f: f[0],
    ["give the file name without its extension", "remove the dot and the extension from the file name"],
    only("the base name"),
)
FAMILY.add(
    "file_is_image",
    FILE,
    lambda f: "yes" if f[1] in _IMAGES else "no",
    ["check whether the file is a picture (png, jpg or gif)", "tell if the file name belongs to an image"],
    yn("it is an image file"),
    labels=["yes", "no"],
)
