"""Family ``text_extract``: pull a hashtag, a mention or a number out of a short post."""

from __future__ import annotations

import random

from ..core import Domain, Family, num, only
from ..lexicon import COMMON_WORDS, FIRST_NAMES

FAMILY = Family("text_extract", split="train", summary="the hashtag, the @mention or the number in a post")


def _post(rng: random.Random) -> dict[str, str]:
    return {
        "tag": rng.choice(COMMON_WORDS),
        "name": rng.choice(FIRST_NAMES).lower(),
        "n": str(rng.randint(2, 99)),
        "form": str(rng.randrange(3)),
    }


def _render(p: dict[str, str]) -> str:
    forms = [
        "Thanks @{name} for the {n} tickets! #{tag}",
        "#{tag} day with @{name}: {n} photos so far",
        "@{name} just ran {n} km #{tag}",
    ]
    return forms[int(p["form"])].format(**p)


POST = Domain(
    "post",
    ("a short social-media post", "a post with a hashtag and a mention", "a one-line post"),
    sample=_post,
    render=_render,
)
FAMILY.add(
    "post_hashtag",
    POST,
    lambda p: p["tag"],
    ["give the hashtag of the post without the # sign", "extract the word tagged with #"],
    only("the tag word"),
)
FAMILY.add(
    "post_mention",
    POST,
    lambda p: p["name"],
    ["give the user mentioned with @, without the @", "extract the name after the at sign"],
    only("the user name"),
)
FAMILY.add(
    "post_number",
    POST,
    lambda p: p["n"],
    ["give the number mentioned in the post", "extract the quantity from the post"],
    num("the number"),
    metric="numeric",
)
