"""Family ``h_word_type``: the part of speech of a word (noun, verb or adjective) (held out)."""

from __future__ import annotations

from ..core import Family, lab
from ..heldout_lexicon import PARTS_OF_SPEECH

FAMILY = Family("h_word_type", split="heldout", summary="is a word a noun, a verb or an adjective")

_WORDS = sorted((w, pos) for pos, words in PARTS_OF_SPEECH.items() for w in words)
_INPUTS = ("an English word", "a single word", "one word, a noun, verb or adjective")
_POS = ["noun", "verb", "adjective"]


def _is(pos: str):
    return lambda rng: (lambda w, p: (w, "yes" if p == pos else "no"))(*rng.choice(_WORDS))

FAMILY.add("word_type", None, None,
           ["say which part of speech the word is", "classify the word as a noun, a verb or an adjective"],
           lab(*_POS), labels=_POS, make=lambda rng: rng.choice(_WORDS), inputs=_INPUTS,
           extra=["Part of speech: table -> noun, sing -> verb, tall -> adjective.",
                  "Naming word, doing word or describing word? Answer noun, verb or adjective.",
                  "Grammar class of the word, please: noun, verb or adjective."])
for _pos, _extra in [("verb", "Does the word name an action, like run or speak? Yes or no."),
                     ("adjective", "Is it a describing word, such as tall or happy? Yes or no."),
                     ("noun", "Is it a thing, person or place word, like river or teacher? Yes or no.")]:
    FAMILY.add(f"word_is_{_pos}", None, None,
               [f"decide whether the word is {'an' if _pos[0] in 'aeiou' else 'a'} {_pos}",
                f"tell if the word is used as {'an' if _pos[0] in 'aeiou' else 'a'} {_pos}"],
               lab("yes", "no"), labels=["yes", "no"],
               make=_is(_pos),
               inputs=_INPUTS, extra=[_extra, f"Answer yes only for {_pos}s."])
