"""Family ``animal_class``: which class of animal something is, and whether it can fly (knowledge lookup)."""

from __future__ import annotations

from ..core import Domain, Family, lab, yn

FAMILY = Family("animal_class", split="train", summary="mammal, bird, fish, reptile or insect; can it fly")

# Everyday animals with an unambiguous class (public knowledge, written down for this project).
CLASS_OF = {
    **dict.fromkeys(
        "dog cat horse cow pig sheep mouse rabbit bear wolf fox lion tiger elephant monkey goat deer zebra camel "
        "donkey whale dolphin giraffe squirrel otter bat kangaroo panda hippo rhino".split(),
        "mammal",
    ),
    **dict.fromkeys(
        "duck owl goose eagle parrot penguin ostrich crow swan pigeon robin sparrow flamingo chicken turkey "
        "peacock".split(),
        "bird",
    ),
    **dict.fromkeys("shark salmon trout tuna cod goldfish herring".split(), "fish"),
    **dict.fromkeys("snake turtle lizard crocodile tortoise alligator".split(), "reptile"),
    **dict.fromkeys("bee ant butterfly fly mosquito beetle ladybird wasp grasshopper".split(), "insect"),
}
FLIGHTLESS = {"penguin", "ostrich", "chicken", "turkey", "peacock", "ant"}  # peacocks and turkeys barely fly
CLASSES = ["mammal", "bird", "fish", "reptile", "insect"]
ANIMALS = Domain(
    "animal", ("the name of an animal", "an animal", "a common animal"), pool=tuple(sorted(CLASS_OF))
)

FAMILY.add(
    "animal_class",
    ANIMALS,
    CLASS_OF.get,
    ["say which class of animal it is", "classify the animal as mammal, bird, fish, reptile or insect"],
    lab(*CLASSES),
    labels=CLASSES,
    balance=False,
)
FAMILY.add(
    "animal_can_fly",
    ANIMALS,
    lambda a: (
        None
        if a in {"peacock", "turkey", "chicken"}
        else ("yes" if (CLASS_OF[a] in ("bird", "insect") or a == "bat") and a not in FLIGHTLESS else "no")
    ),
    ["decide whether the animal can fly", "tell if the animal is able to fly"],
    yn("it can fly"),
    labels=["yes", "no"],
)
