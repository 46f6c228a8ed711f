"""Family ``phone_format``: write a ten-digit phone number in a given style."""

from __future__ import annotations

from ..core import Domain, Family, only

FAMILY = Family(
    "phone_format", split="train", summary="ten-digit phone numbers in dashed, dotted, bracketed style"
)

PHONE = Domain(
    "phone",
    ("a ten-digit phone number", "a phone number written as ten digits", "ten digits"),
    sample=lambda rng: "".join(str(rng.randint(0, 9)) for _ in range(10)),
)
_STYLES = [
    ("phone_dashes", "{a}-{b}-{c}", "with dashes, as 555-123-4567"),
    ("phone_dots", "{a}.{b}.{c}", "with dots, as 555.123.4567"),
    ("phone_brackets", "({a}) {b}-{c}", "with the area code in brackets, as (555) 123-4567"),
    ("phone_spaces", "{a} {b} {c}", "in three groups separated by spaces, as 555 123 4567"),
]
for _tid, _tmpl, _said in _STYLES:
    FAMILY.add(
        _tid,
        PHONE,
        lambda p, t=_tmpl: t.format(a=p[:3], b=p[3:6], c=p[6:]),
        [f"format the phone number {_said}", f"rewrite the ten digits {_said}"],
        only("the formatted number"),
    )
