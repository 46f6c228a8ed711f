"""The shared input formats (``D[name]``): how each kind of task input is drawn, written and named.

Most formats feed many tasks that want different answers from the same input, so that only the
description tells the tasks apart.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from typing import Any

from .core import Domain
from .facts import ANTONYMS, CAPITAL_TO_COUNTRY, COUNTRIES, ELEMENTS
from .lexicon import (
    CATEGORIES,
    COLOURS,
    COMMON_WORDS,
    DAYS,
    DETERMINERS,
    FIRST_NAMES,
    JOBS,
    MONTHS,
    NEG_ADJ,
    NEG_VERBS,
    NOUN_CATEGORY,
    OBJECTS,
    POS_ADJ,
    POS_VERBS,
    SURNAMES,
    THINGS,
    TOPIC_FRAMES,
    TOPICS,
    WORDS,
)
from .wordforms import article, fmt_num, plural


def _num(rng: random.Random) -> int:
    return rng.randint(0, 99) if rng.random() < 0.5 else rng.randint(100, 999)


def _date(rng: random.Random) -> dt.date:
    return dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 29584))  # up to 2030-12-31


def _sentence(rng: random.Random) -> str:
    subjects = [
        *rng.sample(FIRST_NAMES, 1),
        "the teacher",
        "my brother",
        "our neighbour",
        "the old man",
        "a small child",
        "the farmer",
    ]
    verbs = {
        "painted": "paint",
        "found": "find",
        "carried": "carry",
        "opened": "open",
        "cleaned": "clean",
        "sold": "sell",
        "bought": "buy",
        "watched": "watch",
        "fixed": "fix",
        "dropped": "drop",
    }
    adjs = ["red", "heavy", "wooden", "broken", "tiny", "shiny", "old", "new", "strange", "lovely"]
    nouns = ["box", "door", "chair", "window", "bicycle", "basket", "lamp", "table", "kite", "piano"]
    tails = [
        "",
        " yesterday",
        " in the garden",
        " after lunch",
        " this morning",
        " at school",
        " very slowly",
    ]
    subj, (past, base), adj, noun, tail = (
        rng.choice(subjects),
        rng.choice(sorted(verbs.items())),
        rng.choice(adjs),
        rng.choice(nouns),
        rng.choice(tails),
    )
    kind = rng.randrange(4)
    if kind < 2:
        text = f"{subj} {past} the {adj} {noun}{tail}."
    elif kind == 2:
        text = f"Did {subj} {base} the {adj} {noun}{tail}?"
    else:
        text = rng.choice(
            [
                f"Where did {subj} {base} the {noun}?",
                f"Why is the {noun} so {adj}?",
                f"Who will {base} the {adj} {noun}{tail}?",
            ]
        )
    return text[0].upper() + text[1:]


def _review(rng: random.Random) -> tuple[str, str]:
    positive = rng.random() < 0.5
    thing = rng.choice(THINGS)
    if rng.random() < 0.75:
        adj = rng.choice(POS_ADJ if positive else NEG_ADJ)
        text = rng.choice(
            [
                f"The {thing} was {adj}.",
                f"What {article(adj)} {adj} {thing}!",
                f"I found the {thing} {adj}.",
                f"Honestly, the {thing} is {adj}.",
                f"This {thing} was truly {adj}.",
                f"Our {thing} today felt {adj}.",
            ]
        )
    else:
        verb = rng.choice(POS_VERBS if positive else NEG_VERBS)
        text = rng.choice(
            [f"I {verb} the {thing}.", f"We really {verb} this {thing}.", f"My friends {verb} the {thing}."]
        )
    return text, "positive" if positive else "negative"


def _topic(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(sorted(TOPICS))
    text = rng.choice(TOPIC_FRAMES).format(n=rng.choice(FIRST_NAMES), k=rng.choice(TOPICS[topic]))
    return text[0].upper() + text[1:], topic


EVENT_ITEMS = [
    "apple",
    "book",
    "candle",
    "cup",
    "lemon",
    "notebook",
    "ticket",
    "pencil",
    "plate",
    "towel",
    "basket",
    "bottle",
    "lamp",
    "shirt",
    "sock",
    "cherry",
    "peach",
    "knife",
    "glass",
    "brush",
]
EVENT_CITIES = sorted(c for c in CAPITAL_TO_COUNTRY if " " not in c and "-" not in c)


def _event(rng: random.Random) -> dict[str, Any]:
    e = dict(
        person=rng.choice(FIRST_NAMES),
        count=rng.randint(2, 12),
        item=plural(rng.choice(EVENT_ITEMS)),
        city=rng.choice(EVENT_CITIES),
        day=rng.randrange(7),
        form=rng.randrange(5),
    )
    return e


def _render_event(e: dict[str, Any]) -> str:
    p, k, i, c, d = e["person"], e["count"], e["item"], e["city"], DAYS[e["day"]]
    return [
        f"{p} bought {k} {i} in {c} on {d}.",
        f"On {d}, {p} bought {k} {i} in {c}.",
        f"In {c}, {p} sold {k} {i} on {d}.",
        f"{p} ordered {k} {i} from {c} on {d}.",
        f"On {d} in {c}, {p} picked up {k} {i}.",
    ][e["form"]]


RECORD_KEYS = ["name", "age", "city", "job"]


def _record(rng: random.Random) -> dict[str, Any]:
    return dict(
        name=rng.choice(FIRST_NAMES),
        age=rng.randint(5, 90),
        city=rng.choice(EVENT_CITIES),
        job=rng.choice(JOBS),
        order=tuple(rng.sample(RECORD_KEYS, 4)),
    )


def _render_record(r: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {r[k]}" for k in r["order"])


EMAIL_DOMAINS = ["example", "mailbox", "webmail", "postbox", "inbox", "letters", "fastmail", "homenet"]
EMAIL_TLDS = ["com", "org", "net", "io", "de", "fr", "co", "edu"]


def _email(rng: random.Random) -> dict[str, str]:
    first, last = rng.choice(FIRST_NAMES).lower(), rng.choice(SURNAMES).lower()
    tld = "com" if rng.random() < 0.4 else rng.choice(EMAIL_TLDS)
    return dict(
        first=first,
        user=f"{first}{rng.choice('._')}{last}",
        domain=f"{rng.choice(EMAIL_DOMAINS)}.{tld}",
        tld=tld,
    )


def _word_list(rng: random.Random) -> tuple[str, ...]:
    k = rng.randint(3, 5)
    words = rng.sample([w for w in WORDS if NOUN_CATEGORY.get(w) != "animal"], k)
    if rng.random() < 0.6:
        words[rng.randrange(k)] = rng.choice(CATEGORIES["animal"])
    return tuple(words)


def _palindrome_input(rng: random.Random) -> str:
    real = [
        "level",
        "radar",
        "civic",
        "kayak",
        "madam",
        "noon",
        "refer",
        "rotor",
        "stats",
        "racecar",
        "deed",
        "peep",
        "tenet",
        "solos",
        "sagas",
        "redder",
        "reviver",
        "minim",
        "pup",
        "pop",
        "wow",
        "mom",
        "dad",
        "eye",
        "bib",
        "gag",
        "nun",
        "tot",
        "did",
        "sees",
        "toot",
    ]
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(real)
    if roll < 0.5:
        half = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 3)))
        return half + (rng.choice(string.ascii_lowercase) if rng.random() < 0.5 else "") + half[::-1]
    if roll < 0.75:
        return rng.choice(WORDS)
    w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 7)))
    return w[:-1] + w[0] if rng.random() < 0.5 else w  # near misses: same first and last letter


def _anagram_input(rng: random.Random) -> tuple[str, str]:
    real = [
        ("listen", "silent"),
        ("evil", "vile"),
        ("heart", "earth"),
        ("night", "thing"),
        ("dusty", "study"),
        ("elbow", "below"),
        ("state", "taste"),
        ("angel", "glean"),
        ("act", "cat"),
        ("arc", "car"),
        ("god", "dog"),
        ("rat", "tar"),
        ("stop", "pots"),
        ("save", "vase"),
        ("lemon", "melon"),
        ("peach", "cheap"),
        ("inch", "chin"),
        ("fried", "fired"),
        ("sword", "words"),
        ("cider", "cried"),
    ]
    if rng.random() < 0.2:
        a, b = rng.choice(real)
        return (a, b) if rng.random() < 0.5 else (b, a)
    word = rng.choice([w for w in WORDS if 4 <= len(w) <= 7])
    letters = list(word)
    rng.shuffle(letters)
    if rng.random() < 0.5:  # a near miss: one letter changed
        i = rng.randrange(len(letters))
        letters[i] = rng.choice([c for c in string.ascii_lowercase if c != letters[i]])
    other = "".join(letters)
    return (word, other) if rng.random() < 0.5 else (other, word)


D: dict[str, Domain] = {
    d.name: d
    for d in [
        Domain(
            "word",
            ("a single English word", "one lowercase word", "an English word"),
            sample=lambda r: r.choice(WORDS),
        ),
        Domain(
            "common_word",
            ("a common English word", "one everyday word in lowercase", "a single lowercase English word"),
            pool=tuple(COMMON_WORDS),
        ),
        Domain("noun", ("an English noun", "a common noun", "a single noun")),  # pools are set per task
        Domain(
            "cphrase",
            (
                "a short phrase naming a coloured object",
                "a phrase such as 'the red car'",
                "a short noun phrase that contains a colour",
            ),
            sample=lambda r: (r.choice(DETERMINERS), r.choice(sorted(COLOURS)), r.choice(OBJECTS)),
            render=lambda t: " ".join(t),
        ),
        Domain("num", ("a whole number", "an integer", "a number written in digits"), sample=_num),
        Domain(
            "bignum",
            (
                "a large whole number written without separators",
                "a long integer",
                "a big number written as plain digits",
            ),
            sample=lambda r: r.randint(1000, 99_999_999),
        ),
        Domain(
            "pair",
            ("two numbers joined by 'and'", "a pair of whole numbers", "two integers"),
            sample=lambda r: (r.randint(0, 99), r.randint(0, 99)),
            render=lambda t: f"{t[0]} and {t[1]}",
        ),
        Domain(
            "nlist",
            (
                "a comma-separated list of numbers",
                "a short list of whole numbers",
                "several numbers separated by commas",
            ),
            sample=lambda r: tuple(r.randint(0, 50) for _ in range(r.randint(3, 5))),
            render=lambda t: ", ".join(map(str, t)),
        ),
        Domain(
            "wlist",
            ("a comma-separated list of words", "a short list of words", "a few words separated by commas"),
            sample=_word_list,
            render=", ".join,
        ),
        Domain(
            "sentence", ("a short English sentence", "one sentence", "a short sentence"), sample=_sentence
        ),
        Domain(
            "review",
            ("a short review", "a one-sentence opinion", "a short comment about something"),
            sample=_review,
            render=lambda t: t[0],
        ),
        Domain(
            "topic",
            ("a short sentence", "a one-line statement", "a sentence about some subject"),
            sample=_topic,
            render=lambda t: t[0],
        ),
        Domain(
            "event",
            (
                "a sentence describing a purchase or sale",
                "a short sentence about someone buying or selling things",
                "a one-sentence shopping story",
            ),
            sample=_event,
            render=_render_event,
        ),
        Domain(
            "record",
            (
                "a record with name, age, city and job fields",
                "a short key-value record about a person",
                "a line of 'key: value' fields describing a person",
            ),
            sample=_record,
            render=_render_record,
        ),
        Domain(
            "email",
            ("an email address", "an e-mail address", "a single email address"),
            sample=_email,
            render=lambda e: f"{e['user']}@{e['domain']}",
        ),
        Domain(
            "fullname",
            ("a person's full name", "a first name followed by a surname", "someone's first and last name"),
            sample=lambda r: (r.choice(FIRST_NAMES), r.choice(SURNAMES)),
            render=" ".join,
        ),
        Domain(
            "firstname", ("a first name", "a person's given name", "someone's name"), pool=tuple(FIRST_NAMES)
        ),
        Domain(
            "date",
            ("a date in YYYY-MM-DD format", "an ISO date", "a date written as year-month-day"),
            sample=_date,
            render=lambda d: d.isoformat(),
        ),
        Domain(
            "longdate",
            (
                "a date such as '14 March 2021'",
                "a date written out with the month name",
                "a date in day, month name, year order",
            ),
            sample=_date,
            render=lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        ),
        Domain(
            "time",
            ("a time in 24-hour HH:MM format", "a 24-hour clock time", "a time of day such as 14:35"),
            sample=lambda r: (
                r.randrange(24),
                r.choice([0, 0, 15, 30, 45, r.randrange(60), r.randrange(60)]),
            ),
            render=lambda t: f"{t[0]:02d}:{t[1]:02d}",
        ),
        Domain("country", ("a country name", "the name of a country", "a country"), pool=tuple(COUNTRIES)),
        Domain(
            "capital",
            ("a capital city", "the name of a capital city", "a city name"),
            pool=tuple(CAPITAL_TO_COUNTRY),
        ),
        # held-out inputs
        Domain(
            "candidate",
            ("a word or a string of letters", "a lowercase string", "a short string of letters"),
            sample=_palindrome_input,
        ),
        Domain(
            "wordpair",
            ("two words joined by 'and'", "a pair of words", "two strings of letters"),
            sample=_anagram_input,
            render=lambda t: f"{t[0]} and {t[1]}",
        ),
        Domain("antonym", ("a single English word", "an everyday word", "one word"), pool=tuple(ANTONYMS)),
        Domain(
            "element",
            ("the name of a chemical element", "a chemical element", "an element's English name"),
            pool=tuple(ELEMENTS),
        ),
        Domain(
            "daterange",
            (
                "two dates of the same month joined by 'to'",
                "a date range within one month",
                "two ISO dates separated by 'to'",
            ),
            sample=lambda r: (_date(r).replace(day=r.randint(1, 14)), r.randint(1, 14)),
            render=lambda t: f"{t[0].isoformat()} to {(t[0] + dt.timedelta(days=t[1])).isoformat()}",
        ),
        Domain(
            "fraction",
            ("a fraction such as 3/4", "a fraction written with a slash", "a simple fraction"),
            pool=tuple((a, b) for b in (2, 4, 5, 10, 20, 25, 50) for a in range(1, b)),
            render=lambda t: f"{t[0]}/{t[1]}",
        ),
        Domain(
            "hex",
            ("a hexadecimal number with the 0x prefix", "a number in base 16", "a hex value such as 0x1F"),
            sample=lambda r: r.randint(0, 255),
            render=lambda n: f"0x{n:X}",
        ),
        Domain(
            "minutes",
            ("a number of minutes", "a duration in minutes", "an amount of time given in minutes"),
            sample=lambda r: r.randint(61, 600),
            render=lambda n: f"{n} minutes",
        ),
        Domain(
            "year", ("a year", "a four-digit year", "a calendar year"), sample=lambda r: r.randint(1600, 2400)
        ),
    ]
}


def _measure(name: str, unit: str, inputs: tuple[str, ...], lo: float, hi: float, step: float) -> Domain:
    count = int(round((hi - lo) / step))
    return Domain(
        name,
        inputs,
        sample=lambda r: lo + step * r.randint(0, count),
        render=lambda x: f"{fmt_num(x)} {unit}",
    )


for _d in [
    _measure(
        "km", "km", ("a distance in kilometres", "a length in km", "a number of kilometres"), 0.5, 250, 0.5
    ),
    _measure("m", "m", ("a length in metres", "a distance in metres", "a number of metres"), 0.25, 60, 0.25),
    _measure("kg", "kg", ("a mass in kilograms", "a weight in kg", "a number of kilograms"), 0.5, 120, 0.5),
    _measure(
        "hours", "hours", ("a duration in hours", "a number of hours", "an amount of time in hours"), 1, 72, 1
    ),
    _measure(
        "mins", "min", ("a duration in minutes", "a number of minutes", "a time span in minutes"), 1, 240, 1
    ),
    _measure(
        "litres", "L", ("a volume in litres", "an amount in litres", "a number of litres"), 0.25, 40, 0.25
    ),
    _measure(
        "cm",
        "cm",
        ("a length in centimetres", "a number of centimetres", "a short length in cm"),
        0.5,
        150,
        0.5,
    ),
    _measure(
        "celsius",
        "°C",
        ("a temperature in degrees Celsius", "a Celsius temperature", "a temperature in °C"),
        -30,
        60,
        1,
    ),
    _measure(
        "fahrenheit",
        "°F",
        ("a temperature in degrees Fahrenheit", "a Fahrenheit temperature", "a temperature in °F"),
        -20,
        130,
        1,
    ),
]:
    D[_d.name] = _d
