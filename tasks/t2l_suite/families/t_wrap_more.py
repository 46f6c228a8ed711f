"""Family ``t_wrap_more``: wrap a word in a given pair of delimiters or markup (brackets, tags, quotes...)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_wrap_more", split="train",
                summary="wrap a word in braces, angle brackets, quotes, tags or other markers")

WRAPS = [
    ("braces", "{", "}", "curly braces"),
    ("angle", "<", ">", "angle brackets"),
    ("single_quotes", "'", "'", "single quotation marks"),
    ("backticks", "`", "`", "backticks"),
    ("underscores", "_", "_", "underscores"),
    ("tildes", "~", "~", "tildes"),
    ("pipes", "|", "|", "vertical bars"),
    ("double_brackets", "[[", "]]", "double square brackets"),
    ("guillemets", "«", "»", "French quotation marks « and »"),
    ("slashes", "/", "/", "slashes"),
    ("percent", "%", "%", "percent signs"),
    ("double_stars", "**", "**", "double asterisks, as for bold in Markdown"),
    ("bold_tag", "<b>", "</b>", "an HTML bold tag, <b> before and </b> after"),
    ("dollar_braces", "${", "}", "a template placeholder, ${ before and } after"),
]
for name, left, right, what in WRAPS:
    FAMILY.add(
        f"word_wrap_{name}", D["word"], lambda w, a=left, b=right: f"{a}{w}{b}",
        [f"wrap the word in {what}", f"put the word between {what}", f"enclose the word in {what}"],
        only(f"the wrapped word, such as {left}cat{right}"),
    )
FAMILY.add(
    "word_mention", D["word"], lambda w: f"@{w}",
    ["turn the word into a mention by putting @ in front", "write the word as an @-handle",
     "prefix the word with an at sign"],
    only("the handle, such as @cat"),
)

# The validation family word_markers wraps words in these marks: the training side leaves them out.
FAMILY.drop('word_wrap_angle', 'word_wrap_pipes', 'word_wrap_underscores', 'word_wrap_tildes', 'word_wrap_slashes',
            taught_by='word_markers')
FAMILY.drop('word_wrap_braces', taught_by='word_markers')  # answers agree with word_in_curly on shared inputs
