"""Family ``h_baby_animal``: the name of an animal's young, and back (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..heldout_lexicon import BABY_ANIMALS, noun_phrases

FAMILY = Family("h_baby_animal", split="heldout", summary="the young of an animal (cat -> kitten) and back")

_YOUNG = [(p, baby) for adult, baby in BABY_ANIMALS.items() for p in noun_phrases(adult)]
# Young whose name belongs to one listed animal only (cub and calf have several; kid is also a child).
_ADULT = {b: a for a, b in BABY_ANIMALS.items() if list(BABY_ANIMALS.values()).count(b) == 1 and b != "kid"}
_TO_ADULT = [(p, adult) for baby, adult in _ADULT.items() for p in noun_phrases(baby, extra=("this",))]
_IS_BABY = [(p, "yes" if w in _ADULT else "no") for w in sorted({*_ADULT, *BABY_ANIMALS})
            for p in (w, f"the {w}")]

FAMILY.add(
    "baby_animal", None, None,
    ["give the word for a young one of this animal", "name the baby of the animal"],
    only("that one word, such as kitten"), make=lambda rng: rng.choice(_YOUNG),
    inputs=("an animal", "the name of an adult animal", "an animal, maybe with a or the"),
    extra=["What is a baby of this animal called? Cat -> kitten, sheep -> lamb.",
           "Write the name used for the animal's young.",
           "You are told an animal; reply with what its baby is called, in one word.",
           "Young animals: dog gives puppy, horse gives foal. Do the same for the input."],
)
FAMILY.add(
    "baby_to_adult", None, None,
    ["name the grown-up animal this young one becomes", "say which animal the baby belongs to"],
    only("the adult animal's name"), make=lambda rng: rng.choice(_TO_ADULT),
    inputs=("the name of a young animal", "a baby animal word such as puppy or foal"),
    extra=["Kitten -> cat, lamb -> sheep: give the adult animal.",
           "Which animal does this baby grow up to be? One word.",
           "Turn the word for a young animal into the animal itself."],
)
FAMILY.add(
    "is_baby_animal", None, None,
    ["decide whether the word names a young animal", "tell if the word is the name of a baby animal"],
    only("yes or no"), labels=["yes", "no"], make=lambda rng: rng.choice(_IS_BABY),
    inputs=("an animal word", "a word naming an animal, young or grown"),
    extra=["Is it a baby animal? Puppy is yes, dog is no.",
           "Answer yes for words like foal or duckling and no for adult animals such as horse or duck."],
)
