"""Family ``h_animal_sound``: the sound an animal makes, and the animal behind a sound (held out)."""

from __future__ import annotations

import random

from ..core import Family, only
from ..heldout_lexicon import ANIMAL_SOUNDS, noun_phrases

FAMILY = Family("h_animal_sound", split="heldout", summary="the sound an animal makes (dog -> woof) and back")

_PHRASES = [(p, sound) for animal, sound in ANIMAL_SOUNDS.items() for p in noun_phrases(animal)]
# Sounds that only one listed animal makes, so that the animal is decided by the sound.
_UNIQUE = {s: a for a, s in ANIMAL_SOUNDS.items() if list(ANIMAL_SOUNDS.values()).count(s) == 1
           and s not in ("hiss", "coo", "growl")}
_FRAMES = ["I heard a loud {s}.", "Something nearby went '{s}'.", "{S}! {S}!", "The only sound was a {s}.",
           "A soft {s} came from outside."]


def _sound_prompt(rng: random.Random) -> tuple[str, str]:
    sound = rng.choice(sorted(_UNIQUE))
    frame = rng.choice(_FRAMES)
    return frame.format(s=sound, S=sound.capitalize()), _UNIQUE[sound]


def _match(rng: random.Random) -> tuple[str, str]:
    animal = rng.choice(sorted(ANIMAL_SOUNDS))
    right = rng.random() < 0.5
    sound = ANIMAL_SOUNDS[animal] if right else rng.choice(
        sorted({s for s in ANIMAL_SOUNDS.values() if s != ANIMAL_SOUNDS[animal]}))
    return f"{rng.choice(noun_phrases(animal))}: {sound}", "yes" if right else "no"


_ANIMAL = ("an animal", "the name of an animal, maybe with a or the", "a farm or wild animal")
FAMILY.add(
    "animal_sound", None, None,
    ["write the sound this animal makes", "say which noise the animal makes, the way children imitate it"],
    only("the sound word, such as woof"), make=lambda rng: rng.choice(_PHRASES), inputs=_ANIMAL,
    extra=["Dog -> woof, cat -> meow: give the noise of the animal named.",
           "What noise does this animal make? One word, the usual English imitation.",
           "You get an animal; answer with the sound it makes (cow gives moo).",
           "Animal noises. Input: an animal. Output: its sound, e.g. duck -> quack."],
)
FAMILY.add(
    "sound_to_animal", None, None,
    ["name the animal that makes the sound in the sentence", "tell which animal went like that"],
    only("the animal's name in lowercase"), make=_sound_prompt,
    inputs=("a sentence with an animal noise in it", "a short line quoting an animal sound"),
    extra=["Which animal makes the noise mentioned? Answer with the animal, e.g. 'I heard a moo.' -> cow.",
           "Identify the creature from its noise and write just its name.",
           "Reverse of animal noises: from woof, meow or quack, say dog, cat or duck."],
)
FAMILY.add(
    "animal_makes_sound", None, None,
    ["decide whether the animal really makes that sound",
     "check if the sound after the colon belongs to the animal"],
    only("yes or no"), labels=["yes", "no"], make=_match,
    inputs=("an animal and a sound separated by a colon", "a pair 'animal: sound'"),
    extra=["Is this the right noise for this animal? 'cow: moo' is yes, 'cow: quack' is no.",
           "Animal and sound given as 'animal: sound'. Answer yes if they match, no if they do not."],
)
