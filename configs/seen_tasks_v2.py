"""Training tasks with examples no training run has seen: does a hypernetwork fit what it was trained on?

    python configs/seen_tasks_v2.py [--out runs/seen-tasks-v2] [--tasks 116] [--examples 16]
    hf-t2l eval --data runs/seen-tasks-v2 --split train --conditions base+description,t2l ...

Picks one task from each of ``--tasks`` training families of task suite v2 (a fixed shuffle of the
families, seed 0), draws new examples for it from the suite's own generator with another seed, keeps
``--examples`` whose prompts are not among the task's training examples, and writes them as a task
collection (the same task records and descriptions, only the examples are new). Evaluating a hypernetwork
there, beside its held-out score, separates "did not learn the training tasks" from "learned them but
does not carry over to new families": with the suite's own examples, a task's scored examples may have
been drawn in training.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tasks.t2l_suite.build import build_tasks  # noqa: E402 - the suite's package lives in the checkout
from tasks.t2l_suite.core import balanced, rng_for  # noqa: E402


def fresh_examples(built, n: int) -> list[tuple[str, str]]:
    """``n`` examples of the task from another seed, none with a prompt of its training examples,
    spread over the labels of a classification task."""
    seen = {prompt for prompt, _ in built.examples}
    found: dict[str, str] = {}
    for prompt, gold in built.task.candidates(rng_for("seen-tasks-check", built.task.task_id), 20 * n):
        if prompt not in seen and prompt not in found:
            found[prompt] = gold
    pairs = list(found.items())
    return balanced(pairs, n) if built.task.balance else pairs[:n]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "seen-tasks-v2")
    parser.add_argument("--tasks", type=int, default=116, help="families to take one task from")
    parser.add_argument("--examples", type=int, default=16, help="new examples per task")
    args = parser.parse_args(argv)
    train = [b for b in build_tasks() if b.task.split == "train"]
    families: dict[str, list] = {}
    for b in train:
        families.setdefault(b.task.family, []).append(b)
    rng = random.Random(0)
    names = sorted(families)
    rng.shuffle(names)
    chosen = [rng.choice(sorted(families[f], key=lambda b: b.task.task_id)) for f in names[: args.tasks]]
    tasks, examples = [], []
    for b in chosen:
        pairs = fresh_examples(b, args.examples)
        if len(pairs) < args.examples:
            print(f"{b.task.task_id}: only {len(pairs)} new examples; left out", file=sys.stderr)
            continue
        tasks.append(b.record())
        examples += [
            {"task_id": b.task.task_id, "split": "train", "prompt": p, "response": r} for p, r in pairs
        ]
    for name, rows in (("tasks", tasks), ("examples", examples)):
        path = args.out / name / "train.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"Wrote {len(tasks)} training tasks with {len(examples)} new examples to {args.out}")


if __name__ == "__main__":
    main()
