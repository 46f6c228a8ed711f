"""Family ``v_contractions``: write negative contractions out, or contract them (validation)."""

from __future__ import annotations

import random

from ..core import Family, only
from ..heldout_lexicon import CONTRACTIONS
from ..lexicon import FIRST_NAMES

FAMILY = Family("v_contractions", split="validation", summary="expand or form contractions such as don't")

_ADJ = ["ready", "at home", "hungry", "late"]
_REST = ["like the rain", "know the answer", "want to wait", "feel ready", "see the point"]


def _sentence(rng: random.Random) -> tuple[str, str]:
    """A sentence with a negative contraction and the same sentence written out (subject and verb agree)."""
    short = rng.choice(sorted(CONTRACTIONS))
    name = rng.choice(FIRST_NAMES)
    if short in ("isn't", "wasn't"):
        text = f"{name} {{v}} {rng.choice(_ADJ)}."
    elif short in ("aren't", "weren't"):
        text = f"{rng.choice(['We', 'They', f'{name} and I'])} {{v}} {rng.choice(_ADJ)}."
    elif short in ("haven't", "hasn't", "hadn't"):
        subject = f"{name} and I" if short == "haven't" else name
        text = f"{subject} {{v}} finished yet."
    else:
        subject = name if short == "doesn't" else rng.choice([name, "I", "They"])
        text = f"{subject} {{v}} {rng.choice(_REST)}."
    return text.format(v=short), text.format(v=CONTRACTIONS[short])


FAMILY.add("expand_contraction", None, None,
           ["rewrite the sentence with the contraction written out in full",
            "replace the short form with full words"],
           only("the sentence with the contraction expanded"), make=_sentence,
           inputs=("a sentence with a contraction such as don't", "a short sentence using an apostrophe"),
           extra=["Expand contractions, so that 'I don't know' becomes 'I do not know'.",
                  "Write the sentence again without the apostrophe form (can't becomes cannot).",
                  "Replace won't, isn't, didn't and the like with their full words; keep everything else."])
FAMILY.add("make_contraction", None, None,
           ["rewrite the sentence using the short form with an apostrophe", "contract the negative verb"],
           only("the sentence with the contraction"),
           make=lambda rng: (lambda pair: (pair[1], pair[0]))(_sentence(rng)),
           inputs=("a sentence with a negative verb such as do not", "a short sentence containing not"),
           extra=["Contract it, so that 'I do not know' becomes 'I don't know'.",
                  "Shorten do not, will not, cannot and so on to don't, won't, can't; keep the rest."])
