"""Family ``t2_key_markup``: tag a word with a given key in XML, a URL query, HTML or markdown style
(the key and the markup both come from the description)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t2_key_markup", split="train",
                summary="write a word as the value of a given key in XML, query, HTML or markdown markup")

KEYS = ["word", "name", "value", "text", "item", "label", "term", "title", "tag", "key", "field", "entry"]
for key in KEYS:
    FAMILY.add(
        f"word_xml_{key}", D["word"], lambda w, key=key: f"<{key}>{w}</{key}>",
        [f"wrap the word in an XML element named {key}", f"put the word between <{key}> and </{key}>",
         f"write the word as the content of a <{key}> tag"],
        only(f"the element on one line, such as <{key}>lamp</{key}>"),
    )
for key in KEYS[:8]:
    FAMILY.add(
        f"word_query_{key}", D["word"], lambda w, key=key: f"?{key}={w}",
        [f"turn the word into a URL query string with the parameter {key}",
         f"write a query string that sets {key} to the word", f"give '?{key}=' followed by the word"],
        only(f"the query string, such as ?{key}=lamp"),
    )
for key in KEYS[:6]:
    FAMILY.add(
        f"word_html_attr_{key}", D["word"], lambda w, key=key: f'{key}="{w}"',
        [f"write the word as the HTML attribute {key}",
         f"give an attribute {key} whose quoted value is the word",
         f"set the attribute {key} to the word in double quotes"],
        only(f"the attribute, such as {key}=\"lamp\""),
    )
for key in KEYS[:6]:
    FAMILY.add(
        f"word_md_bold_{key}", D["word"], lambda w, key=key: f"**{key.capitalize()}:** {w}",
        [f"write a markdown line with the bold label {key.capitalize()} and the word",
         f"label the word with a bold '{key.capitalize()}:' in markdown",
         f"put '**{key.capitalize()}:**' in front of the word"],
        only(f"the markdown line, such as **{key.capitalize()}:** lamp"),
    )
