"""The task suite (tasks/t2l-tasks-v1): it matches its generator, meets its size rules, loads with
`datasets`, and every task can be scored by hf_t2l.scoring."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hf_t2l.scoring import METRICS, score

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tasks" / "t2l-tasks-v1"
FILES = [
    "README.md",
    "tasks/train.jsonl",
    "tasks/heldout.jsonl",
    "examples/train.jsonl",
    "examples/heldout.jsonl",
]


def _read(split: str, kind: str) -> list[dict]:
    with open(SUITE / kind / f"{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def suite():
    tasks = {split: _read(split, "tasks") for split in ("train", "heldout")}
    examples = {split: _read(split, "examples") for split in ("train", "heldout")}
    return tasks, examples


def _load_build_module():
    spec = importlib.util.spec_from_file_location("hf_t2l_tasks_build", ROOT / "tasks" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_committed_suite_equals_a_fresh_build(tmp_path):
    _load_build_module().build(tmp_path)
    produced = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert produced == sorted(FILES)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SUITE / name).read_bytes(), (
            f"{name} differs: run tasks/build.py"
        )


def test_sizes_and_counts(suite):
    tasks, examples = suite
    assert len(tasks["train"]) >= 150
    assert len(tasks["heldout"]) >= 20
    for split, minimum in (("train", 64), ("heldout", 64)):
        per_task = Counter(e["task_id"] for e in examples[split])
        for task in tasks[split]:
            assert len(task["descriptions"]) >= 10, task["task_id"]
            assert per_task[task["task_id"]] >= minimum, task["task_id"]
    assert len({t["family"] for t in tasks["train"]}) >= 10
    total = sum((SUITE / name).stat().st_size for name in FILES)
    assert total < 5_000_000


def test_schema_and_consistency(suite):
    tasks, examples = suite
    for split in ("train", "heldout"):
        ids = [t["task_id"] for t in tasks[split]]
        assert len(ids) == len(set(ids))
        for task in tasks[split]:
            assert set(task) == {"task_id", "family", "descriptions", "metric", "labels", "composition"}
            assert task["metric"] in METRICS, task["task_id"]
            assert (task["metric"] == "label_accuracy") == (task["labels"] is not None), task["task_id"]
            assert all(isinstance(d, str) and d.strip() for d in task["descriptions"])
            assert len(set(task["descriptions"])) == len(task["descriptions"])
        known = set(ids)
        prompts = defaultdict(set)
        for example in examples[split]:
            assert set(example) == {"task_id", "prompt", "response"}
            assert example["task_id"] in known
            assert example["prompt"].strip() and example["response"].strip()
            assert example["prompt"] not in prompts[example["task_id"]], "duplicate prompt within a task"
            prompts[example["task_id"]].add(example["prompt"])


def test_splits_share_no_task_or_description(suite):
    tasks, _ = suite
    train_ids = {t["task_id"] for t in tasks["train"]}
    held_ids = {t["task_id"] for t in tasks["heldout"]}
    assert not train_ids & held_ids
    train_descriptions = [d for t in tasks["train"] for d in t["descriptions"]]
    held_descriptions = [d for t in tasks["heldout"] for d in t["descriptions"]]
    assert not set(train_descriptions) & set(held_descriptions)
    assert len(set(train_descriptions)) == len(train_descriptions), "a description is shared by two tasks"


def test_heldout_tasks_are_new_families_or_new_compositions_of_train_tasks(suite):
    tasks, _ = suite
    train_ids = {t["task_id"] for t in tasks["train"]}
    train_families = {t["family"] for t in tasks["train"]}
    kinds = Counter()
    for task in tasks["heldout"]:
        if task["composition"]:
            parts = task["composition"].split("+")
            assert len(parts) >= 2 and set(parts) <= train_ids, task["task_id"]
            kinds["composition"] += 1
        else:
            assert task["family"] not in train_families, task["task_id"]
            kinds["family"] += 1
    assert kinds["composition"] >= 5 and kinds["family"] >= 5


def test_every_gold_response_scores_one_and_a_wrong_answer_zero(suite):
    tasks, examples = suite
    rng = random.Random(0)
    for split in ("train", "heldout"):
        by_id = {t["task_id"]: t for t in tasks[split]}
        by_task = defaultdict(list)
        for example in examples[split]:
            task = by_id[example["task_id"]]
            assert score(task["metric"], example["response"], example["response"], task["labels"]) == 1.0
            by_task[example["task_id"]].append(example["response"])
        for task_id, responses in by_task.items():  # a wrong answer: another example's different gold
            task = by_id[task_id]
            for gold in rng.sample(responses, min(5, len(responses))):
                wrong = next((r for r in responses if r.strip().casefold() != gold.strip().casefold()), None)
                if task["metric"] == "numeric":
                    wrong = str(float(gold.rstrip("%").replace(",", "")) + 1)
                assert wrong is not None, task_id
                assert score(task["metric"], wrong, gold, task["labels"]) == 0.0, (task_id, wrong, gold)


def test_label_tasks_use_their_labels_and_are_roughly_balanced(suite):
    tasks, examples = suite
    for split in ("train", "heldout"):
        counts = defaultdict(Counter)
        for example in examples[split]:
            counts[example["task_id"]][example["response"]] += 1
        for task in tasks[split]:
            if task["labels"]:
                seen = counts[task["task_id"]]
                assert set(seen) <= set(task["labels"]), task["task_id"]
                assert len(seen) >= 2, task["task_id"]


def test_loads_with_datasets(tmp_path):
    datasets = pytest.importorskip("datasets")
    cache = str(tmp_path / "cache")
    examples = datasets.load_dataset(str(SUITE), "examples", split="train", cache_dir=cache)
    assert examples.column_names == ["task_id", "prompt", "response"]
    assert len(examples) == sum(1 for _ in open(SUITE / "examples" / "train.jsonl", encoding="utf-8"))
    held = datasets.load_dataset(str(SUITE), "tasks", split="heldout", cache_dir=cache)
    assert set(held.column_names) == {"task_id", "family", "descriptions", "metric", "labels", "composition"}
    assert len(held) == len(_read("heldout", "tasks"))
    assert isinstance(held[0]["descriptions"], list)


# ---------------------------------------------------------------- hf_t2l.scoring


@pytest.mark.parametrize(
    "prediction, reference, expected",
    [
        ("Paris", "Paris", 1.0),
        ("  paris. ", "Paris", 1.0),
        ("PARIS", "paris", 1.0),
        ("Paris.", "Paris.", 1.0),
        ("Paris is the capital", "Paris", 0.0),
        ("Lyon", "Paris", 0.0),
        ("", "Paris", 0.0),
    ],
)
def test_exact_match(prediction, reference, expected):
    assert score("exact_match", prediction, reference) == expected


def test_exact_match_cased():
    assert score("exact_match_cased", " CAT. ", "CAT") == 1.0
    assert score("exact_match_cased", "cat", "CAT") == 0.0
    assert score("exact_match_cased", "Cat", "CAT") == 0.0


@pytest.mark.parametrize(
    "prediction, reference, labels, expected",
    [
        ("yes", "yes", ["yes", "no"], 1.0),
        ("No, it is not.", "no", ["yes", "no"], 1.0),
        ("Yes", "no", ["yes", "no"], 0.0),
        ("I know nothing", "no", ["yes", "no"], 0.0),  # "no" only inside other words: no label
        ("negative, not positive", "negative", ["positive", "negative"], 1.0),  # the earliest label counts
        ("It is not freezing", "not freezing", ["freezing", "not freezing"], 1.0),
        ("freezing", "not freezing", ["freezing", "not freezing"], 0.0),
        ("Body Part", "body part", ["animal", "body part"], 1.0),
        (":(", ":(", [":)", ":("], 1.0),
        ("non", "oui", ["oui", "non"], 0.0),
        ("", "yes", ["yes", "no"], 0.0),
    ],
)
def test_label_accuracy(prediction, reference, labels, expected):
    assert score("label_accuracy", prediction, reference, labels) == expected


def test_label_accuracy_needs_labels_and_a_gold_label():
    with pytest.raises(ValueError, match="labels"):
        score("label_accuracy", "yes", "yes")
    with pytest.raises(ValueError, match="not one of the labels"):
        score("label_accuracy", "yes", "maybe", ["yes", "no"])


@pytest.mark.parametrize(
    "prediction, reference, expected",
    [
        ("42", "42", 1.0),
        ("The answer is 42.", "42", 1.0),
        ("42.0", "42", 1.0),
        ("-3", "-3", 1.0),
        ("3", "-3", 0.0),
        ("1,000 m", "1000", 1.0),
        ("2.5", "2.5", 1.0),
        ("75%", "75%", 1.0),
        ("41", "42", 0.0),
        ("forty-two", "42", 0.0),
        ("42 or 43", "43", 0.0),
    ],
)
def test_numeric(prediction, reference, expected):
    assert score("numeric", prediction, reference) == expected


def test_numeric_needs_a_numeric_reference():
    with pytest.raises(ValueError, match="number in the reference"):
        score("numeric", "42", "forty-two")


def test_unknown_metric_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown metric 'bleu'.*exact_match.*label_accuracy.*numeric"):
        score("bleu", "a", "a")


def test_metrics_registry():
    assert {"exact_match", "exact_match_cased", "label_accuracy", "numeric"} <= set(METRICS)
