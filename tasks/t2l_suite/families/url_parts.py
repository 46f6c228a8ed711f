"""Family ``url_parts``: parts of a web address."""

from __future__ import annotations

import random

from ..core import Domain, Family, only, yn
from ..lexicon import COMMON_WORDS

FAMILY = Family("url_parts", split="train", summary="host, path end, scheme of a URL")


def _url(rng: random.Random) -> dict[str, str]:
    return {
        "scheme": rng.choice(["http", "https"]),
        "host": rng.choice(["www.", "", "shop.", "blog."])
        + rng.choice(COMMON_WORDS)
        + "."
        + rng.choice(["com", "org", "net", "io"]),
        "path": "/".join(rng.sample(COMMON_WORDS, rng.randint(1, 3))),
    }


URL = Domain(
    "url",
    ("a web address", "a URL", "a link to a web page"),
    sample=_url,
    render=lambda u: f"{u['scheme']}://{u['host']}/{u['path']}",
)
FAMILY.add(
    "url_host",
    URL,
    lambda u: u["host"],
    ["give the host name of the URL", "extract the part between // and the next slash"],
    only("the host name"),
)
FAMILY.add(
    "url_last_segment",
    URL,
    lambda u: u["path"].split("/")[-1],
    ["give the last part of the URL's path", "extract what comes after the final slash"],
    only("that segment"),
)
FAMILY.add(
    "url_is_secure",
    URL,
    lambda u: "yes" if u["scheme"] == "https" else "no",
    ["check whether the link uses https", "tell if the web address is a secure one"],
    yn("it starts with https"),
    labels=["yes", "no"],
)
