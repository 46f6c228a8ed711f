"""Family ``greeting_style``: greet a person by name in a fixed style or language.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family(
    "greeting_style",
    split="train",
    summary="greet a person by name in a fixed style or language",
)

GR = "firstname"
for _tid, _tmpl, _instr in [
    (
        "greet_hello",
        "Hello, {}!",
        [
            "greet the person in English",
            "say hello to the person",
            "write a friendly hello to the named person",
        ],
    ),
    (
        "greet_hi",
        "Hi {}!",
        ["greet the person casually", "say hi to the person", "write an informal greeting for the person"],
    ),
    (
        "greet_good_morning",
        "Good morning, {}.",
        [
            "wish the person a good morning",
            "greet the person for the morning",
            "say good morning to the person",
        ],
    ),
    (
        "greet_goodbye",
        "Goodbye, {}.",
        ["say goodbye to the person", "bid the person farewell", "write a farewell to the person"],
    ),
    (
        "greet_welcome",
        "Welcome, {}!",
        ["welcome the person", "greet the person as a new arrival", "write a welcome for the person"],
    ),
    (
        "greet_thanks",
        "Thank you, {}!",
        ["thank the person", "write a short thank-you to the person", "express thanks to the person"],
    ),
    (
        "greet_birthday",
        "Happy birthday, {}!",
        [
            "wish the person a happy birthday",
            "write a birthday greeting for the person",
            "congratulate the person on their birthday",
        ],
    ),
    (
        "greet_bonjour",
        "Bonjour, {}!",
        [
            "greet the person in French",
            "say hello to the person in French",
            "write a French greeting for the person",
        ],
    ),
    (
        "greet_hola",
        "Hola, {}!",
        [
            "greet the person in Spanish",
            "say hello to the person in Spanish",
            "write a Spanish greeting for the person",
        ],
    ),
    (
        "greet_hallo",
        "Hallo, {}!",
        [
            "greet the person in German",
            "say hello to the person in German",
            "write a German greeting for the person",
        ],
    ),
    (
        "greet_dear",
        "Dear {},",
        [
            "open a letter to the person",
            "write the salutation of a letter to the person",
            "start a formal letter addressed to the person",
        ],
    ),
]:
    FAMILY.add(
        _tid,
        D[GR],
        _tmpl.format,
        _instr,
        exactly(f"'{_tmpl.format('NAME')}' with the given name in place of NAME"),
    )
