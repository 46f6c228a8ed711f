"""Family ``t_animal_facts``: common knowledge about an animal or a thing: its class, legs and colour."""

from __future__ import annotations

from ..core import Family, lab
from ..extra_lexicon import ANIMAL_CLASS, ANIMAL_LEGS, THING, THING_COLOUR, head_noun, noun_phrases

FAMILY = Family("t_animal_facts", split="train",
                summary="the class of an animal, its number of legs, and the usual colour of a thing")

CLASSES = sorted(set(ANIMAL_CLASS.values()))
FAMILY.add(
    "animal_class", THING, lambda p: ANIMAL_CLASS[head_noun(p)],
    ["name the class of the animal", "say whether the animal is a mammal, bird, fish, insect or reptile",
     "classify the animal into its group of the animal kingdom"],
    lab(*CLASSES), labels=CLASSES, pool=noun_phrases(sorted(ANIMAL_CLASS)),
)
LEGS = sorted(set(ANIMAL_LEGS.values()))
FAMILY.add(
    "animal_legs", THING, lambda p: ANIMAL_LEGS[head_noun(p)],
    ["say how many legs the animal has", "give the number of legs of the animal",
     "count the legs of the animal named"],
    lab(*LEGS), labels=LEGS, pool=noun_phrases(sorted(ANIMAL_LEGS)),
)
COLOURS = sorted(set(THING_COLOUR.values()))
FAMILY.add(
    "thing_colour", THING, lambda p: THING_COLOUR[head_noun(p)],
    ["name the usual colour of the thing", "say what colour the thing named normally is",
     "give the colour that the thing usually has"],
    lab(*COLOURS), labels=COLOURS, pool=noun_phrases(sorted(THING_COLOUR)),
)

# The same tasks (same ids and skill) are defined by these families; the suite keeps theirs.
FAMILY.drop('animal_class', taught_by='animal_class')
FAMILY.drop('thing_colour', taught_by='thing_colour')
