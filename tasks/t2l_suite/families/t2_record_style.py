"""Family ``t2_record_style``: rewrite a person's key-value record in a fixed short style."""

from __future__ import annotations

import json

from ..core import Family, only
from ..domains import D
from ..wordforms import article

FAMILY = Family("t2_record_style", split="train",
                summary="rewrite a key-value record about a person as a short line in a given style")

# (task id, answer from the record, actions, format)
STYLES = [
    ("record_name_age", lambda r: f"{r['name']} ({r['age']})",
     ["write the name followed by the age in brackets", "give the person's name with their age in "
      "parentheses", "shorten the record to name and bracketed age"], "the line like Anna (34)"),
    ("record_name_from_city", lambda r: f"{r['name']} from {r['city']}",
     ["say who the person is and where they are from", "write the name, the word 'from' and the city",
      "shorten the record to name and city joined by 'from'"], "the line like Anna from Paris"),
    ("record_name_job", lambda r: f"{r['name']}, {r['job']}",
     ["write the name, a comma and the job", "give the person's name followed by their job",
      "shorten the record to name and occupation"], "the line like Anna, teacher"),
    ("record_city_name", lambda r: f"{r['city']}: {r['name']}",
     ["write the city, a colon and the name", "give the city first and then the person's name after a colon",
      "label the person's name with their city"], "the line like Paris: Anna"),
    ("record_sentence", lambda r: f"{r['name']} is {article(r['job'])} {r['job']} from {r['city']}.",
     ["describe the person in one sentence with their job and city", "write a sentence saying what the "
      "person does and where they are from", "turn the record into 'NAME is a JOB from CITY.'"],
     "the sentence like Anna is a teacher from Paris"),
    ("record_json_name_age", lambda r: json.dumps({"name": r["name"], "age": r["age"]}),
     ["write the name and the age as a JSON object", "keep only the name and age fields, in JSON",
      "give a one-line JSON object with the keys name and age"],
     'the JSON, such as {"name": "Anna", "age": 34}'),
    ("record_csv", lambda r: f"{r['name']},{r['age']},{r['city']},{r['job']}",
     ["write the record as a CSV row in the order name, age, city, job", "give the four values separated by "
      "commas, name first, then age, city and job", "turn the record into one comma-separated line of "
      "values: name, age, city, job"], "the row like Anna,34,Paris,teacher, with no spaces"),
]
for task_id, fn, actions, fmt in STYLES:
    FAMILY.add(task_id, D["record"], fn, actions, only(fmt), metric="exact_match_cased")

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('record_city_name', 'record_name_age', 'record_name_job', taught_by='record_format')
