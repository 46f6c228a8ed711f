"""Family ``t_key_value``: put a word into a one-field JSON object, or a key=value / key: value line."""

from __future__ import annotations

import json

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_key_value", split="train",
                summary="write a word as the value of a given key in JSON, key=value or YAML style")

KEYS = ["word", "name", "value", "text", "answer", "item", "label", "input", "term", "token", "query",
        "title"]
for key in KEYS:
    FAMILY.add(
        f"word_json_{key}", D["word"], lambda w, key=key: json.dumps({key: w}),
        [f"put the word into a JSON object under the key \"{key}\"",
         f"write a JSON object whose \"{key}\" field holds the word",
         f"store the word as the value of \"{key}\" in JSON"],
        only(f"the JSON object on one line, such as {json.dumps({key: 'cat'})}"),
    )
for key in KEYS[:8]:
    FAMILY.add(
        f"word_kv_equals_{key}", D["word"], lambda w, key=key: f"{key}={w}",
        [f"write the word as a {key}=value pair", f"assign the word to the key {key} with an equals sign",
         f"output the key {key}, an equals sign and the word"],
        only(f"the pair, such as {key}=cat"),
    )
for key in KEYS[:6]:
    FAMILY.add(
        f"word_yaml_{key}", D["word"], lambda w, key=key: f"{key}: {w}",
        [f"write the word as a YAML line with the key {key}", f"give the line '{key}: ' followed by the word",
         f"label the word with '{key}:' in front"],
        only(f"the line, such as {key}: cat"),
    )
