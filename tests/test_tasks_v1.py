"""The frozen v1 task suite (tasks/t2l-tasks-v1, which the shipped default was trained on): its files
are intact, meet their size rules, load with `datasets`, and every task can be scored by
hf_t2l.evaluation.scoring.

Its generator was replaced by the v2 package (tasks/t2l_suite); the v1 files stay as they were built."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hf_t2l.evaluation.scoring import METRICS, score

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tasks" / "t2l-tasks-v1"
# The files the shipped default was trained and evaluated on, as they were built by the v1 generator.
SHA256 = {
    "README.md": "f9b310f06d5522e67f91c91912b70fde827b9c13a2312004708511759733f19b",
    "tasks/train.jsonl": "3046763efebdd8189baba9bfab341873c899ad8dce5d1abcaf905248d8fca581",
    "tasks/heldout.jsonl": "f3a0496c646d5a342fafd7f6bc33f7012e099a636bee3f6fc90ffb8b361c3cd2",
    "examples/train.jsonl": "eea6ca03082eff363000680a8106eab473ee46560791de078f64b1b8aaaac5dc",
    "examples/heldout.jsonl": "ab0bea9e829cb9970bf94d13eb9cd40b5aa76a328503ae5f7a24b42cebcc3e41",
}
FILES = list(SHA256)


def _read(split: str, kind: str) -> list[dict]:
    with open(SUITE / kind / f"{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def suite():
    tasks = {split: _read(split, "tasks") for split in ("train", "heldout")}
    examples = {split: _read(split, "examples") for split in ("train", "heldout")}
    return tasks, examples


def test_frozen_files_are_unchanged():
    present = sorted(str(p.relative_to(SUITE)) for p in SUITE.rglob("*") if p.is_file())
    assert present == sorted(FILES)
    for name, digest in SHA256.items():
        assert hashlib.sha256((SUITE / name).read_bytes()).hexdigest() == digest, f"{name} was changed"


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
    lines = (SUITE / "examples" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(examples) == len(lines)
    held = datasets.load_dataset(str(SUITE), "tasks", split="heldout", cache_dir=cache)
    assert set(held.column_names) == {"task_id", "family", "descriptions", "metric", "labels", "composition"}
    assert len(held) == len(_read("heldout", "tasks"))
    assert isinstance(held[0]["descriptions"], list)
