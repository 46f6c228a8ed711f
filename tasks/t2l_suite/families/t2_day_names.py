"""Family ``t2_day_names``: the weekday named in a sentence, in German, Italian, Portuguese or Dutch."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon2 import DAYS_BY_LANGUAGE

FAMILY = Family("t2_day_names", split="train",
                summary="translate the weekday of a sentence into German, Italian, Portuguese or Dutch")

for lang, names in DAYS_BY_LANGUAGE.items():
    code = {"German": "de", "Italian": "it", "Portuguese": "pt", "Dutch": "nl"}[lang]
    FAMILY.add(
        f"event_day_{code}", D["event"], lambda e, names=names: names[e["day"]],
        [f"give the day of the week from the sentence in {lang}",
         f"translate the weekday in the sentence into {lang}", f"say in {lang} on which day it happened"],
        only(f"the {lang} day name, such as {names[4]} for Friday"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('event_day_it', taught_by='translate_calendar')
