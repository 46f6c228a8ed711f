"""Family ``extraction``: fields of a purchase sentence, a key: value record, an email address or a
coloured object.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, num, only, yn
from ..domains import D
from ..lexicon import DAYS
from ..wordforms import plural, words_en

FAMILY = Family(
    "extraction",
    split="train",
    summary="fields of a purchase sentence, a key: value record, an email address or a coloured object",
)

C = "cphrase"
EV = "event"
RC = "record"
EM = "email"
FAMILY.add(
    "cp_colour",
    D[C],
    lambda t: t[1],
    [
        "extract the colour from the phrase",
        "say which colour the phrase mentions",
        "find the colour word in the phrase",
    ],
    only("the colour word"),
)

FAMILY.add(
    "cp_object",
    D[C],
    lambda t: t[2],
    [
        "extract the object from the phrase",
        "say which thing the phrase is about, ignoring the colour",
        "find the noun in the phrase",
    ],
    only("the noun, singular"),
)

FAMILY.add(
    "cp_object_plural",
    D[C],
    lambda t: plural(t[2]),
    [
        "give the plural of the object named in the phrase",
        "find the noun in the phrase and put it in the plural",
        "write the plural form of the thing the phrase describes",
    ],
    only("the plural noun"),
    comp="cp_object+noun_plural",
)

FAMILY.add(
    "event_person",
    D[EV],
    lambda e: e["person"],
    [
        "extract the name of the person in the sentence",
        "say who bought or sold the items",
        "find the person's name",
    ],
    only("the name"),
)

FAMILY.add(
    "event_count",
    D[EV],
    lambda e: e["count"],
    [
        "extract how many items were bought or sold",
        "say how many things the sentence mentions",
        "find the quantity in the sentence",
    ],
    num("the quantity"),
    metric="numeric",
)

FAMILY.add(
    "event_item",
    D[EV],
    lambda e: e["item"],
    [
        "extract what kind of item was bought or sold",
        "say which goods the sentence mentions",
        "find the item in the sentence",
    ],
    only("the item exactly as written, in the plural"),
)

FAMILY.add(
    "event_city",
    D[EV],
    lambda e: e["city"],
    [
        "extract the city from the sentence",
        "say where the purchase happened",
        "find the place named in the sentence",
    ],
    only("the city name"),
)

FAMILY.add(
    "event_day",
    D[EV],
    lambda e: DAYS[e["day"]],
    [
        "extract the day of the week from the sentence",
        "say on which day it happened",
        "find the weekday in the sentence",
    ],
    only("the day name"),
)

FAMILY.add(
    "event_count_words",
    D[EV],
    lambda e: words_en(e["count"]),
    [
        "write the quantity from the sentence in words",
        "spell out how many items were bought or sold",
        "give the number in the sentence as an English word",
    ],
    only("the number word in lowercase"),
    comp="event_count+num_words_en",
)

FAMILY.add(
    "record_name",
    D[RC],
    lambda r: r["name"],
    ["extract the person's name from the record", "read the name field", "give the value of the name field"],
    only("the name"),
)

FAMILY.add(
    "record_age",
    D[RC],
    lambda r: r["age"],
    ["extract the person's age from the record", "read the age field", "give the value of the age field"],
    num("the age"),
    metric="numeric",
)

FAMILY.add(
    "record_city",
    D[RC],
    lambda r: r["city"],
    ["extract the city from the record", "read the city field", "give the value of the city field"],
    only("the city"),
)

FAMILY.add(
    "record_job",
    D[RC],
    lambda r: r["job"],
    ["extract the person's job from the record", "read the job field", "give the value of the job field"],
    only("the job"),
)

FAMILY.add(
    "email_user",
    D[EM],
    lambda e: e["user"],
    [
        "extract the username of the email address",
        "give the part of the address before the @ sign",
        "find the local part of the email address",
    ],
    only("that part"),
)

FAMILY.add(
    "email_domain",
    D[EM],
    lambda e: e["domain"],
    [
        "extract the domain of the email address",
        "give the part of the address after the @ sign",
        "find the mail domain of the address",
    ],
    only("the domain"),
)

FAMILY.add(
    "email_tld",
    D[EM],
    lambda e: e["tld"],
    [
        "extract the top-level domain of the email address",
        "give the ending of the address after the last dot",
        "find the final dot-separated part of the address",
    ],
    only("those letters, without the dot"),
)

FAMILY.add(
    "email_first_name",
    D[EM],
    lambda e: e["first"].capitalize(),
    [
        "extract the person's first name from the email address",
        "give the first name at the start of the address",
        "find the given name in the email address",
    ],
    only("the first name with a capital initial"),
)

FAMILY.add(
    "email_is_com",
    D[EM],
    lambda e: "yes" if e["tld"] == "com" else "no",
    [
        "decide whether the email address ends in .com",
        "check if the address is a .com address",
        "tell whether the domain of the address ends with .com",
    ],
    yn("it ends in .com"),
    labels=["yes", "no"],
)
