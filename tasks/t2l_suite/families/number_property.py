"""Family ``number_property``: yes/no and label properties of numbers: parity, primality, multiples,
thresholds.

Ported from the v1 suite.
"""

from __future__ import annotations

from ..core import Family, lab, yn
from ..domains import D
from ..wordforms import is_prime

FAMILY = Family(
    "number_property",
    split="train",
    summary="yes/no and label properties of numbers: parity, primality, multiples, thresholds",
)

N = "num"
P = "pair"
RC = "record"
FAMILY.add(
    "num_parity",
    D[N],
    lambda n: "even" if n % 2 == 0 else "odd",
    [
        "classify the number as even or odd",
        "decide whether the number is even or odd",
        "state the parity of the number",
    ],
    lab("even", "odd"),
    labels=["even", "odd"],
)

FAMILY.add(
    "num_is_even",
    D[N],
    lambda n: "yes" if n % 2 == 0 else "no",
    [
        "decide whether the number is even",
        "check if the number is divisible by two",
        "tell whether the number is even",
    ],
    yn("the number is even"),
    labels=["yes", "no"],
)

FAMILY.add(
    "num_is_odd",
    D[N],
    lambda n: "true" if n % 2 else "false",
    [
        "decide whether the number is odd",
        "check if the number leaves a remainder when divided by two",
        "tell whether the number is odd",
    ],
    yn("the number is odd", "true", "false"),
    labels=["true", "false"],
)

FAMILY.add(
    "num_parity_oui_non",
    D[N],
    lambda n: "oui" if n % 2 == 0 else "non",
    [
        "decide whether the number is even and answer in French",
        "check if the number is even, replying in French",
        "tell in French whether the number is even",
    ],
    yn("the number is even", "oui", "non"),
    labels=["oui", "non"],
)

FAMILY.add(
    "num_is_prime",
    D[N],
    lambda n: "yes" if is_prime(n) else "no",
    [
        "decide whether the number is prime",
        "check if the number is a prime number",
        "tell whether the number is prime",
    ],
    yn("the number is prime"),
    labels=["yes", "no"],
)

FAMILY.add(
    "num_multiple_of_3",
    D[N],
    lambda n: "yes" if n % 3 == 0 else "no",
    [
        "decide whether the number is divisible by 3",
        "check if the number is a multiple of three",
        "tell whether three divides the number exactly",
    ],
    yn("it is a multiple of 3"),
    labels=["yes", "no"],
)

FAMILY.add(
    "num_multiple_of_5",
    D[N],
    lambda n: "yes" if n % 5 == 0 else "no",
    [
        "decide whether the number is divisible by 5",
        "check if the number is a multiple of five",
        "tell whether five divides the number exactly",
    ],
    yn("it is a multiple of 5"),
    labels=["yes", "no"],
)

FAMILY.add(
    "num_over_500",
    D[N],
    lambda n: "yes" if n > 500 else "no",
    [
        "decide whether the number is greater than 500",
        "check if the number exceeds five hundred",
        "tell whether the number is above 500",
    ],
    yn("the number is greater than 500"),
    labels=["yes", "no"],
)

FAMILY.add(
    "num_high_low",
    D[N],
    lambda n: "high" if n >= 500 else "low",
    [
        "classify the number as high or low",
        "label the number high or low compared with 500",
        "decide whether the number counts as high or low",
    ],
    [
        "Reply 'high' for 500 or more and 'low' for anything below 500.",
        "Answer high if the number is at least 500, otherwise low.",
        "Say only high (500 and above) or low (below 500).",
    ],
    labels=["high", "low"],
)

FAMILY.add(
    "pair_both_even",
    D[P],
    lambda t: "yes" if t[0] % 2 == 0 and t[1] % 2 == 0 else "no",
    [
        "decide whether both numbers are even",
        "check that the two numbers are both even",
        "tell whether neither of the two numbers is odd",
    ],
    yn("both numbers are even"),
    labels=["yes", "no"],
)

FAMILY.add(
    "record_is_adult",
    D[RC],
    lambda r: "adult" if r["age"] >= 18 else "minor",
    [
        "decide whether the person is an adult",
        "classify the person as an adult or a minor by age",
        "tell whether the person is at least 18 years old",
    ],
    [
        "Reply 'adult' if the age is 18 or more and 'minor' otherwise.",
        "Answer adult for ages of 18 and over, minor below that.",
        "Say only adult or minor.",
    ],
    labels=["adult", "minor"],
)

FAMILY.add(
    "c_is_warm",
    D["celsius"],
    lambda c: "yes" if c > 20 else "no",
    [
        "decide whether the temperature is above 20 °C",
        "check if it is warmer than 20 degrees Celsius",
        "tell whether the temperature exceeds twenty degrees",
    ],
    yn("it is above 20 °C"),
    labels=["yes", "no"],
)

FAMILY.add(
    "c_freezing",
    D["celsius"],
    lambda c: "freezing" if c <= 0 else "not freezing",
    [
        "decide whether the temperature is at or below freezing",
        "check if water would freeze at this temperature",
        "tell whether the temperature is 0 °C or lower",
    ],
    [
        "Reply 'freezing' if it is 0 °C or colder and 'not freezing' otherwise.",
        "Answer freezing (0 °C or below) or not freezing (above 0 °C).",
        "Say only freezing or not freezing.",
    ],
    labels=["freezing", "not freezing"],
)
