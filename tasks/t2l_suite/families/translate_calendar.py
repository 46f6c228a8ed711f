"""Family ``translate_calendar``: month and weekday names in German, Italian, Portuguese, Dutch, French, Spanish."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D
from ..lexicon import DAYS, DAYS_ES, DAYS_FR

FAMILY = Family("translate_calendar", split="train", summary="month and weekday names in six languages")

MONTHS_IN = {
    "German": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "Italian": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "Portuguese": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "Dutch": "januari februari maart april mei juni juli augustus september oktober november december".split(),
}
DAYS_IN = {
    "German": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split(),
    "Italian": "lunedì martedì mercoledì giovedì venerdì sabato domenica".split(),
}
for _lang, _months in MONTHS_IN.items():
    FAMILY.add(
        f"date_month_{_lang[:2].lower()}",
        D["date"],
        lambda d, m=_months: m[d.month - 1],
        [f"give the month of the date in {_lang}", f"name the date's month in {_lang}"],
        only(f"the {_lang} month name"),
    )
for _lang, _days in DAYS_IN.items():
    FAMILY.add(
        f"event_day_{_lang[:2].lower()}",
        D["event"],
        lambda e, d=_days: d[e["day"]],
        [
            f"give the weekday of the purchase in {_lang}",
            f"translate the day mentioned in the sentence into {_lang}",
        ],
        only(f"the {_lang} name of the day"),
    )
assert len(DAYS) == 7

WEEKDAYS_IN = {
    "French": DAYS_FR,
    "Spanish": DAYS_ES,
    "German": DAYS_IN["German"],
    "Italian": DAYS_IN["Italian"],
    "Portuguese": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo".split(),
    "Dutch": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag".split(),
}
for _lang, _days in WEEKDAYS_IN.items():
    FAMILY.add(
        f"date_weekday_{_lang[:2].lower()}",
        D["date"],
        lambda d, w=_days: w[d.weekday()],
        [
            f"give the weekday of the date in {_lang}",
            f"name the day of the week the date falls on, in {_lang}",
        ],
        only(f"the {_lang} weekday name"),
    )
