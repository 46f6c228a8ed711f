"""Family ``t_money_format``: write an amount as a price in a given style (symbol, code, cents)."""

from __future__ import annotations

from ..core import Family, only
from ..domains import D

FAMILY = Family("t_money_format", split="train",
                summary="write a whole amount as a price: currency symbol or code, with or without cents")

STYLES = [
    ("dollars", lambda n: f"${n}", "a dollar sign in front", "$45"),
    ("dollars_cents", lambda n: f"${n}.00", "a dollar sign and two decimal places", "$45.00"),
    ("euros_after", lambda n: f"{n} €", "a space and the euro sign after it", "45 €"),
    ("pounds", lambda n: f"£{n}", "a pound sign in front", "£45"),
    ("yen", lambda n: f"¥{n}", "a yen sign in front", "¥45"),
    ("usd_code", lambda n: f"USD {n}", "the code USD and a space in front", "USD 45"),
    ("eur_code", lambda n: f"{n} EUR", "a space and the code EUR after it", "45 EUR"),
    ("cents", lambda n: f"{n * 100} cents", "in cents, followed by the word cents", "4500 cents"),
]
ACTIONS = {"cents": ["convert the dollar amount to cents", "say how many cents the dollar amount is",
                     "write the number of dollars as cents, like 4500 cents for 45"]}
for name, fn, how, ex in STYLES:
    FAMILY.add(
        f"num_money_{name}",
        D["num"],
        fn,
        ACTIONS.get(name, [f"write the number as a price with {how}", f"format the amount as money, {how}",
                           f"turn the number into a price written like {ex}"]),
        only(f"the price, such as {ex}"),
    )
