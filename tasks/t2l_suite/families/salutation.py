"""Family ``salutation``: greet or address a person by name with a fixed phrase."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family(
    "salutation", split="train", summary="fixed greetings and wishes addressed to a person by name"
)

_PHRASES = [
    ("greet_ciao", "Ciao, {}!", "greet the person in Italian"),
    ("greet_ola", "Olá, {}!", "greet the person in Portuguese"),
    ("greet_good_evening", "Good evening, {}.", "wish the person a good evening"),
    ("greet_good_night", "Good night, {}.", "wish the person a good night"),
    ("greet_new_year", "Happy New Year, {}!", "wish the person a happy new year"),
    ("greet_congrats", "Congratulations, {}!", "congratulate the person"),
    ("greet_see_you", "See you soon, {}!", "say see you soon to the person"),
    ("greet_sorry", "Sorry, {}.", "apologise to the person"),
    ("greet_hey", "Hey {}!", "say hey to the person in a casual way"),
    ("greet_get_well", "Get well soon, {}!", "wish the person a quick recovery"),
    ("greet_good_afternoon", "Good afternoon, {}.", "wish the person a good afternoon"),
    ("greet_holidays", "Happy holidays, {}!", "wish the person happy holidays"),
    ("greet_well_done", "Well done, {}!", "praise the person for a job well done"),
    ("greet_take_care", "Take care, {}.", "tell the person to take care"),
    ("greet_nice_to_meet", "Nice to meet you, {}!", "say it is nice to meet the person"),
    ("greet_good_luck", "Good luck, {}!", "wish the person good luck"),
    ("greet_hej", "Hej {}!", "greet the person in Swedish"),
    ("greet_salut", "Salut {}!", "greet the person informally in French"),
    ("greet_buongiorno", "Buongiorno, {}!", "wish the person good morning in Italian"),
]
for _tid, _tmpl, _action in _PHRASES:
    FAMILY.add(
        _tid,
        D["firstname"],
        _tmpl.format,
        [_action, f"address the person by name: {_action}"],
        exactly(f"'{_tmpl.format('NAME')}' with the given name in place of NAME"),
        metric="exact_match_cased",
    )
