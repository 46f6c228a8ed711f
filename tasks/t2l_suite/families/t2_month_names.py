"""Family ``t2_month_names``: the month of a date, named in German, Italian, Portuguese or Dutch."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..extra_lexicon2 import MONTHS_BY_LANGUAGE
from ..lexicon import MONTHS

FAMILY = Family("t2_month_names", split="train",
                summary="name the month of a date in German, Italian, Portuguese or Dutch")

for lang, names in MONTHS_BY_LANGUAGE.items():
    code = {"German": "de", "Italian": "it", "Portuguese": "pt", "Dutch": "nl"}[lang]
    case = "capitalised, as German nouns are" if lang == "German" else "in lowercase"
    FAMILY.add(
        f"date_month_{code}", D["date"], lambda d, names=names: names[d.month - 1],
        [f"give the month of the date in {lang}", f"name the date's month in {lang}",
         f"say which month the date falls in, in {lang}"],
        only(f"the {lang} month name {case}, such as {names[2]} for March"),
    )
    FAMILY.add(
        f"ldate_month_{code}", D["longdate"], lambda d, names=names: names[d.month - 1],
        [f"translate the month name of the date into {lang}", f"write the date's month in {lang}",
         f"give the {lang} word for the month in the date"],
        only(f"the {lang} month name alone, such as {names[MONTHS.index('July')]} for July"),
    )

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('date_month_it', taught_by='translate_calendar')
