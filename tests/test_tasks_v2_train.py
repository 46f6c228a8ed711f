"""The training side of task suite v2 is as large as the issue asks (at least 1,000 training tasks, at
least 100 families in the whole suite), its written files match its generator, and the ``t2_*``
training families give the answers their descriptions promise."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from hf_t2l.evaluation.scoring import score
from tasks.t2l_suite.core import MIN_EXAMPLES, discover

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tasks" / "t2l-tasks-v2"


@pytest.fixture(scope="module")
def tasks():
    return {t.task_id: t for family in discover() for t in family.tasks}


def test_suite_has_1000_training_tasks_and_100_families():
    families = discover()
    per_split = Counter(t.split for f in families for t in f.tasks)
    assert per_split["train"] >= 1000, per_split
    assert len(families) >= 100, len(families)


def test_written_train_split_matches_the_generator(tasks):
    with open(SUITE / "tasks" / "train.jsonl", encoding="utf-8") as f:
        written = [json.loads(line)["task_id"] for line in f]
    assert len(written) >= 1000
    assert sorted(written) == sorted(i for i, t in tasks.items() if t.split == "train")


# (task id, input as the task's domain draws it, expected gold answer)
GOLD = [
    ("date_month_de", dt.date(2021, 3, 14), "März"),
    ("date_month_nl", dt.date(2021, 10, 1), "oktober"),
    ("ldate_month_pt", dt.date(2021, 7, 9), "julho"),
    ("event_day_it", {"day": 2}, "mercoledì"),
    ("date_upper_abbr", dt.date(2021, 3, 4), "04-MAR-2021"),
    ("date_ordinal_of", dt.date(2021, 3, 22), "22nd of March 2021"),
    ("date_unpadded_mdy", dt.date(2021, 3, 4), "3/4/2021"),
    ("time_dotted_pm", (0, 5), "12.05 a.m."),
    ("name_email_initial", ("Anna", "Smith"), "asmith@example.com"),
    ("name_surname_comma_f", ("Anna", "Smith"), "Smith, A."),
    ("sent_word_from_end_2", "The farmer cleaned the tiny box.", "tiny"),
    ("sent_reverse_words", "Did Anna fix the lamp?", "lamp the fix Anna Did"),
    ("num_frame_07", 7, "No. 7"),
    ("word_prefix2_dis", "cat", "discat"),
    ("word_xml_tag", "cat", "<tag>cat</tag>"),
    ("big_last_three_digits", 4071, "071"),
    ("big_spell_digits", 905, "nine zero five"),
    (
        "record_sentence",
        {"name": "Ida", "age": 30, "city": "Oslo", "job": "engineer"},
        "Ida is an engineer from Oslo.",
    ),
]


@pytest.mark.parametrize(("task_id", "item", "expected"), GOLD, ids=[g[0] for g in GOLD])
def test_t2_family_answers(tasks, task_id, item, expected):
    task = tasks[task_id]
    assert str(task.answer(item)) == expected


def test_t2_families_are_train_only_and_their_examples_score_as_gold(tasks):
    t2 = [t for t in tasks.values() if t.family.startswith("t2_")]
    assert len(t2) >= 250 and len({t.family for t in t2}) >= 8
    assert {t.split for t in t2} == {"train"}
    for task in t2[::7]:  # a spread sample keeps the test quick
        examples = task.examples()
        assert len(examples) >= MIN_EXAMPLES
        assert examples == task.examples()  # the same seed gives the same data
        for _, gold in examples[:5]:
            assert gold.strip()
            assert score(task.metric, gold, gold, task.labels) == 1.0
