"""Family ``email_parts``: more parts of an email address."""

from __future__ import annotations

from ..core import Family, only, yn
from ..domains import D

FAMILY = Family("email_parts", split="train", summary="surname, provider and separator of an email address")

E = D["email"]
FAMILY.add(
    "email_surname",
    E,
    lambda e: e["user"][len(e["first"]) + 1 :].capitalize(),
    ["extract the surname from the email address", "give the family name that follows the dot or underscore"],
    only("the surname with a capital initial"),
    metric="exact_match_cased",
)
FAMILY.add(
    "email_provider",
    E,
    lambda e: e["domain"].split(".")[0],
    [
        "give the mail provider's name, between the @ and the dot",
        "extract the domain name without its ending",
    ],
    only("that name"),
)
FAMILY.add(
    "email_has_underscore",
    E,
    lambda e: "yes" if "_" in e["user"] else "no",
    ["check whether the username of the address contains an underscore", "tell if there is a _ before the @"],
    yn("the username has an underscore"),
    labels=["yes", "no"],
)
