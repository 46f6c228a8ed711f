"""Family ``t_gender_swap``: swap a gendered noun for its counterpart (king -> queen), keeping the determiner."""

from __future__ import annotations

from ..core import Family, only
from ..extra_lexicon import FEMALE_TO_MALE, GENDER_FEMALE, GENDER_MALE, MALE_TO_FEMALE

FAMILY = Family("t_gender_swap", split="train",
                summary="replace a male noun with its female counterpart, or the other way round")

FAMILY.add(
    "gender_to_female", GENDER_MALE, lambda t: f"{t[0]} {MALE_TO_FEMALE[t[1]]}",
    ["replace the male noun with its female counterpart", "give the female version of the phrase",
     "swap the man or male animal in the phrase for the matching woman or female animal"],
    only("the phrase with the same first word, such as my aunt for my uncle"),
)
FAMILY.add(
    "gender_to_male", GENDER_FEMALE, lambda t: f"{t[0]} {FEMALE_TO_MALE[t[1]]}",
    ["replace the female noun with its male counterpart", "give the male version of the phrase",
     "swap the woman or female animal in the phrase for the matching man or male animal"],
    only("the phrase with the same first word, such as my uncle for my aunt"),
)
