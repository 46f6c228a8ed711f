"""The held-out (``h_*``) and validation (``v_*``) families of task suite v2: enough of them, in their
splits, every prompt with exactly one right answer, and tables that refuse a key with two answers."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tasks.t2l_suite.core import N_EXAMPLES, discover, rng_for
from tasks.t2l_suite.heldout_lexicon import PARTS_OF_SPEECH, table

FAMILIES = [f for f in discover() if f.name.startswith(("h_", "v_"))]


def test_held_out_and_validation_families_are_in_their_splits():
    held = [f for f in FAMILIES if f.name.startswith("h_")]
    valid = [f for f in FAMILIES if f.name.startswith("v_")]
    assert all(f.split == "heldout" for f in held) and all(f.split == "validation" for f in valid)
    assert len(held) >= 16 and sum(len(f.tasks) for f in held) >= 55
    assert len(valid) >= 2


@pytest.mark.parametrize("task", [t for f in FAMILIES for t in f.tasks], ids=lambda t: t.task_id)
def test_every_prompt_has_one_answer(task):
    # The builder keeps the first answer drawn for a prompt; a prompt that can get two different answers
    # (a word in two tables, a sound two animals make) would make the description not decide the answer.
    answers = defaultdict(set)
    for prompt, gold in task.candidates(rng_for("one-answer", task.task_id), N_EXAMPLES[task.split]):
        answers[prompt].add(gold)
    ambiguous = {p: a for p, a in answers.items() if len(a) > 1}
    assert len(answers) >= 64 and not ambiguous, ambiguous


def test_table_refuses_a_key_with_two_answers_and_a_short_row():
    assert table("dog | woof\ncat | meow", 2) == [["dog", "woof"], ["cat", "meow"]]
    with pytest.raises(ValueError, match=r"\['dog'\] appear on more than one row"):
        table("dog | woof\ndog | bark", 2)
    with pytest.raises(ValueError, match="do not have 2 cells"):
        table("dog | woof\ncat", 2)


def test_parts_of_speech_lists_are_disjoint():
    seen = [w for words in PARTS_OF_SPEECH.values() for w in words]
    assert len(seen) == len(set(seen))
