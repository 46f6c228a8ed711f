"""configs/seen_tasks_v2.py: training tasks of suite v2 with examples that training never saw."""

import importlib.util
import json
from pathlib import Path

from hf_t2l.training import load_task_collection

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("seen_tasks_v2", ROOT / "configs" / "seen_tasks_v2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_new_examples_of_training_tasks_are_none_of_the_suites(tmp_path):
    _script().main(["--out", str(tmp_path), "--tasks", "6", "--examples", "8"])
    tasks = load_task_collection(str(tmp_path), "train")
    assert 1 <= len(tasks) <= 6 and all(len(t.examples) == 8 for t in tasks)
    suite = {}
    for line in (ROOT / "tasks" / "t2l-tasks-v2" / "examples" / "train.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        suite.setdefault(row["task_id"], set()).add(row["prompt"])
    for task in tasks:
        assert task.task_id in suite  # a training task of the suite, with its own descriptions
        prompts = [prompt for prompt, _ in task.examples]
        assert not set(prompts) & suite[task.task_id]  # and examples training could not have drawn
