"""Maker of the ``t_*`` two-group classification families (not a family: discovery skips ``_`` modules).

One concept (living vs non-living...) becomes four tasks that differ only in how the answer is written:
the group names, yes/no, true/false and 1/0, so that the description alone decides the label set.
"""

from __future__ import annotations

from ..core import Family, lab, yn
from ..extra_lexicon import THING, head_noun, noun_phrases


def add_binary(family: Family, key: str, pos: list[str], neg: list[str], *, pos_label: str, neg_label: str,
               question: str, actions: list[str]) -> None:
    """Add the four tasks of one concept: ``pos`` nouns answer ``pos_label`` (or yes / true / 1).

    ``question`` is a condition such as "it is alive"; ``actions`` are 3 classify-actions naming both groups.
    """
    both = sorted(set(pos) & set(neg))
    if both:
        raise ValueError(f"{family.name}: {both} are listed in both groups; keep each noun in one group.")
    truth = {**{n: True for n in pos}, **{n: False for n in neg}}
    pool = noun_phrases(sorted(truth))

    def answer(yes: str, no: str):
        return lambda p: yes if truth[head_noun(p)] else no

    family.add(f"{key}_label", THING, answer(pos_label, neg_label), actions, lab(pos_label, neg_label),
               labels=[pos_label, neg_label], pool=pool)
    for yes, no in (("yes", "no"), ("true", "false"), ("1", "0")):
        family.add(
            f"{key}_{yes}_{no}", THING, answer(yes, no),
            [f"decide whether {question}", f"check if {question}", f"tell whether {question}"],
            yn(question.replace("the thing", "it"), yes, no), labels=[yes, no], pool=pool,
        )
