"""Family ``v_spelling_alphabet``: the radio spelling alphabet (a -> alpha) (validation)."""

from __future__ import annotations

import random

from ..core import Family, only
from ..heldout_lexicon import NATO

FAMILY = Family("v_spelling_alphabet", split="validation",
                summary="the radio spelling alphabet: letter to code word and back")

_LETTERS = sorted(NATO)
_CODE = {w: letter for letter, w in NATO.items()}


def _to_word(rng: random.Random) -> tuple[str, str]:
    letter = rng.choice(_LETTERS)
    return rng.choice([letter, letter.upper(), f"the letter {letter}"]), NATO[letter]


def _to_letter(rng: random.Random) -> tuple[str, str]:
    word = rng.choice(sorted(_CODE))
    return rng.choice([word, word.capitalize(), word.upper()]), _CODE[word]


def _spell(rng: random.Random) -> tuple[str, str]:
    word = "".join(rng.choice(_LETTERS) for _ in range(3))
    return word.upper(), " ".join(NATO[c] for c in word)


FAMILY.add("letter_code_word", None, None,
           ["give the code word for the letter in the radio spelling alphabet (alpha, bravo, charlie...)",
            "say the letter the way pilots and radio operators spell it (alpha for a)"],
           only("the code word in lowercase"), make=_to_word,
           inputs=("a letter", "one letter of the alphabet", "a single letter, lower or upper case"),
           extra=["Radio alphabet: a -> alpha, b -> bravo, c -> charlie. Which word is this letter?",
                  "Phonetic alphabet code word for the letter, please.",
                  "Spell the letter the way it is said over the radio, one word."])
FAMILY.add("code_word_letter", None, None,
           ["give the letter that the radio code word stands for",
            "decode the spelling-alphabet word to its letter"],
           only("the letter in lowercase"), make=_to_letter,
           inputs=("a code word of the radio spelling alphabet", "a word such as bravo or tango"),
           extra=["Which letter is this? Bravo -> b, tango -> t.",
                  "Radio code word in, single lowercase letter out."])
FAMILY.add("spell_with_code_words", None, None,
           ["spell the letters out with radio code words",
            "read out each letter with its spelling-alphabet word"],
           only("the code words in lowercase, separated by spaces"), make=_spell,
           inputs=("three capital letters", "a short code of three letters"),
           extra=["Spell it for the radio: ABC -> alpha bravo charlie.",
                  "Replace each letter by its code word (alpha, bravo...) and separate them with spaces."])
