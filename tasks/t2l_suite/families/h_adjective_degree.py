"""Family ``h_adjective_degree``: comparative and superlative of adjectives (held out)."""

from __future__ import annotations

from ..core import Family, only
from ..heldout_lexicon import ADJECTIVE_DEGREES

FAMILY = Family("h_adjective_degree", split="heldout", summary="comparative and superlative of an adjective")

_ADJS = sorted(ADJECTIVE_DEGREES)
_INPUTS = ("an English adjective", "a describing word such as big", "an adjective in its plain form")
_BASE = sorted((sup, adj) for adj, (_, sup) in ADJECTIVE_DEGREES.items())

FAMILY.add("adj_comparative", None, None,
           ["write the comparative form of the adjective", "give the form used to compare two things"],
           only("the comparative, such as bigger or more famous"),
           make=lambda rng: (lambda a: (a, ADJECTIVE_DEGREES[a][0]))(rng.choice(_ADJS)), inputs=_INPUTS,
           extra=["Comparative: big -> bigger, good -> better, famous -> more famous.",
                  "This one is ___ than that one: fill in the adjective's comparing form.",
                  "What is the -er (or 'more') form of this adjective?"])
FAMILY.add("adj_superlative", None, None,
           ["write the superlative form of the adjective",
            "give the form meaning 'the most' of the adjective"],
           only("the superlative without 'the', such as biggest or most famous"),
           make=lambda rng: (lambda a: (a, ADJECTIVE_DEGREES[a][1]))(rng.choice(_ADJS)), inputs=_INPUTS,
           extra=["Superlative: big -> biggest, good -> best, famous -> most famous.",
                  "It is the ___ of all: fill in the gap and write only the adjective form."])
FAMILY.add("superlative_to_base", None, None,
           ["give the plain adjective behind the superlative",
            "remove the superlative and write the basic adjective"],
           only("the plain adjective"), make=lambda rng: rng.choice(_BASE),
           inputs=("a superlative adjective", "a word such as biggest or most famous"),
           extra=["Biggest -> big, best -> good, most famous -> famous.",
                  "Which simple adjective is this superlative made from?"])
