"""Family ``record_format``: rewrite a key: value record as a short phrase."""

from __future__ import annotations

from ..core import Family, exactly
from ..domains import D

FAMILY = Family("record_format", split="train", summary="turn a key: value record into a fixed phrase")

_FORMS = [
    (
        "record_name_age",
        "{name} ({age})",
        "'NAME (AGE)'",
        "write the person's name followed by their age in brackets",
    ),
    (
        "record_name_job",
        "{name}, {job}",
        "'NAME, JOB'",
        "write the person's name and job separated by a comma",
    ),
    (
        "record_name_city",
        "{name} from {city}",
        "'NAME from CITY'",
        "say who the person is and where they live",
    ),
    ("record_job_city", "{job} in {city}", "'JOB in CITY'", "give the person's job and their city"),
    (
        "record_city_name",
        "{city}: {name}",
        "'CITY: NAME'",
        "write the city, a colon and then the person's name",
    ),
    ("record_age_years", "{age} years", "'AGE years'", "give the person's age followed by the word years"),
]
for _tid, _tmpl, _shape, _action in _FORMS:
    FAMILY.add(
        _tid,
        D["record"],
        lambda r, t=_tmpl: t.format(**r),
        [_action, f"rewrite the record in the form {_shape}"],
        exactly(f"{_shape} with the values from the record"),
        metric="exact_match_cased",
    )
