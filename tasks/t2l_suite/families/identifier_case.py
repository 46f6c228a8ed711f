"""Family ``identifier_case``: a short phrase as a programming identifier in a given case style."""

from __future__ import annotations

from ..core import Domain, Family, only
from ..lexicon import COMMON_WORDS

FAMILY = Family("identifier_case", split="train", summary="snake_case, kebab-case, camelCase and friends")

PHRASE = Domain(
    "phrase",
    ("a short phrase of lowercase words", "two or three words separated by spaces", "a few lowercase words"),
    sample=lambda rng: tuple(rng.sample(COMMON_WORDS, rng.randint(2, 3))),
    render=" ".join,
)
_STYLES = [
    ("snake_case", lambda t: "_".join(t), "snake_case", "join the words with underscores"),
    ("kebab_case", lambda t: "-".join(t), "kebab-case", "join the words with hyphens"),
    (
        "camel_case",
        lambda t: t[0] + "".join(w.capitalize() for w in t[1:]),
        "camelCase",
        "join the words, capitalising every word after the first",
    ),
    (
        "pascal_case",
        lambda t: "".join(w.capitalize() for w in t),
        "PascalCase",
        "join the words, each capitalised",
    ),
    (
        "constant_case",
        lambda t: "_".join(t).upper(),
        "CONSTANT_CASE",
        "join the words with underscores in capitals",
    ),
    ("dot_case", lambda t: ".".join(t), "dot.case", "join the words with dots"),
    ("path_case", lambda t: "/".join(t), "path/case", "join the words with slashes"),
    ("title_case", lambda t: " ".join(w.capitalize() for w in t), "Title Case", "capitalise every word"),
    (
        "train_case",
        lambda t: "-".join(w.capitalize() for w in t),
        "Train-Case",
        "join capitalised words with hyphens",
    ),
]
for _tid, _fn, _name, _how in _STYLES:
    FAMILY.add(
        f"phrase_{_tid}",
        PHRASE,
        _fn,
        [f"turn the phrase into a {_name} identifier", f"{_how}"],
        only(f"the identifier in {_name}"),
        metric="exact_match_cased",
    )

SNAKE = Domain(
    "snake_identifier",
    ("a snake_case identifier", "words joined by underscores", "a name like red_apple"),
    sample=PHRASE.sample,
    render="_".join,
)
CAMEL = Domain(
    "camel_identifier",
    ("a camelCase identifier", "a name like redApplePie", "words run together in camel case"),
    sample=PHRASE.sample,
    render=_STYLES[2][1],
)
FAMILY.add(
    "snake_to_words",
    SNAKE,
    " ".join,
    [
        "split the snake_case name back into separate words",
        "turn the underscores of the identifier into spaces",
    ],
    only("the lowercase words separated by spaces"),
)
FAMILY.add(
    "camel_to_words",
    CAMEL,
    " ".join,
    [
        "split the camelCase name back into lowercase words",
        "break the identifier at its capital letters and lowercase everything",
    ],
    only("the lowercase words separated by spaces"),
)
