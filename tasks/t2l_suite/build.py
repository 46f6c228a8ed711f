"""Build the hf_t2l task suite v2 (``tasks/t2l-tasks-v2``): tasks, descriptions, examples and card.

Usage (from the repository root)::

    python -m tasks.t2l_suite.build               # rewrites tasks/t2l-tasks-v2/
    python -m tasks.t2l_suite.build --out DIR     # writes the suite into DIR instead
    python -m tasks.t2l_suite.build --stats       # prints the counts per split, writes nothing

The output is deterministic: every random choice comes from a ``random.Random`` seeded with the
suite seed and the task id, so adding a task leaves every other task unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hf_t2l.evaluation.scoring import score

from .core import SPLITS, Example, Family, Task, discover
from .styles import HELDOUT, TRAIN, descriptions

__all__ = ["NAME", "BuiltTask", "build", "build_tasks", "card", "stats", "write"]

NAME = "t2l-tasks-v2"
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / NAME
TEMPLATE = HERE / "card_template.md"


@dataclass
class BuiltTask:
    """A task with its generated descriptions and examples."""

    task: Task
    descriptions: list[str]
    examples: list[Example]

    def record(self) -> dict[str, Any]:
        t = self.task
        return {
            "task_id": t.task_id,
            "family": t.family,
            "split": t.split,
            "descriptions": self.descriptions,
            "metric": t.metric,
            "labels": t.labels,
            "composition": t.composition,
        }


def build_tasks(families: list[Family] | None = None) -> list[BuiltTask]:
    """Generate every task of ``families`` (default: all discovered) and check the whole suite.

    Raises:
        ValueError: a duplicate task id, a description used by two tasks, or a composition that
            names something other than training tasks.
    """
    families = discover() if families is None else families
    built: list[BuiltTask] = []
    for family in families:
        for task in family.tasks:
            examples = task.examples()
            built.append(BuiltTask(task, descriptions(task, examples), examples))
    _check(built)
    return built


def _check(built: list[BuiltTask]) -> None:
    ids = Counter(b.task.task_id for b in built)
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise ValueError(f"Task id(s) {dupes} are used more than once; task ids must be unique.")
    seen: dict[str, str] = {}
    for b in built:
        for d in b.descriptions:
            if d in seen:
                raise ValueError(
                    f"Description shared by {seen[d]!r} and {b.task.task_id!r}: {d!r}; "
                    "reword an action or format of one of them."
                )
            seen[d] = b.task.task_id
    for b in built:  # every gold answer must score 1.0 with the task's own scorer
        for prompt, gold in b.examples:
            try:
                ok = score(b.task.metric, gold, gold, b.task.labels) == 1.0
            except ValueError as e:
                raise ValueError(f"Task {b.task.task_id!r}, prompt {prompt!r}: {e}") from None
            if not ok:
                raise ValueError(
                    f"Task {b.task.task_id!r}: the gold answer {gold!r} of {prompt!r} does not "
                    f"score 1.0 with {b.task.metric!r}."
                )
    train_ids = {b.task.task_id for b in built if b.task.split == "train"}
    for b in built:
        if b.task.composition:
            missing = [p for p in b.task.composition.split("+") if p not in train_ids]
            if missing:
                raise ValueError(f"Task {b.task.task_id!r}: composition names {missing}, not training tasks.")


def stats(built: list[BuiltTask]) -> dict[str, dict[str, int]]:
    """Counts per split: families, tasks, descriptions, examples."""
    out: dict[str, dict[str, int]] = {}
    for split in SPLITS:
        part = [b for b in built if b.task.split == split]
        out[split] = {
            "families": len({b.task.family for b in part}),
            "tasks": len(part),
            "descriptions": sum(len(b.descriptions) for b in part),
            "examples": sum(len(b.examples) for b in part),
        }
    return out


def card(built: list[BuiltTask]) -> str:
    """The dataset card (``configs`` name the files of each split), rendered from ``card_template.md``."""
    from huggingface_hub import DatasetCard, DatasetCardData

    configs = [
        {"config_name": kind, "data_files": [{"split": s, "path": f"{kind}/{s}.jsonl"} for s in SPLITS]}
        for kind in ("tasks", "examples")
    ]
    data = DatasetCardData(
        license="apache-2.0",
        language=["en", "fr", "es", "de"],
        pretty_name=NAME,
        size_categories=["10K<n<100K"],
        task_categories=["text-generation"],
        tags=["text-to-lora", "hf_t2l"],
        configs=configs,
    )
    families: dict[str, dict[str, Any]] = {}
    for b in built:
        f = families.setdefault(b.task.family, {"name": b.task.family, "split": b.task.split, "tasks": []})
        f["tasks"].append(b.task.task_id)
    metrics = Counter(b.task.metric for b in built)
    rendered = DatasetCard.from_template(
        data,
        template_path=str(TEMPLATE),
        name=NAME,
        splits=SPLITS,
        stats=stats(built),
        families=sorted(families.values(), key=lambda f: (SPLITS.index(f["split"]), f["name"])),
        metrics=sorted(metrics.items()),
        n_train_frames=sum(map(len, TRAIN.frames.values())),
        n_heldout_frames=sum(map(len, HELDOUT.frames.values())),
        styles=sorted(TRAIN.frames),
        compositions=[b.task for b in built if b.task.split == "heldout_compositions"],
    )
    return str(rendered).rstrip("\n") + "\n"


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write(built: list[BuiltTask], out: Path) -> None:
    """Write ``tasks/<split>.jsonl``, ``examples/<split>.jsonl`` and ``README.md`` into ``out``."""
    for split in SPLITS:
        part = [b for b in built if b.task.split == split]
        _write_jsonl(out / "tasks" / f"{split}.jsonl", [b.record() for b in part])
        rows = [
            {"task_id": b.task.task_id, "split": split, "prompt": p, "response": r}
            for b in part
            for p, r in b.examples
        ]
        _write_jsonl(out / "examples" / f"{split}.jsonl", rows)
    (out / "README.md").write_text(card(built), encoding="utf-8", newline="\n")


def build(out: Path = DEFAULT_OUT) -> dict[str, dict[str, int]]:
    """Generate the whole suite into ``out`` and return its counts per split."""
    built = build_tasks()
    write(built, Path(out))
    return stats(built)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tasks.t2l_suite.build", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: tasks/{NAME})"
    )
    parser.add_argument("--stats", action="store_true", help="print the counts per split and write nothing")
    parser.add_argument(
        "--push-to-hub", metavar="REPO_ID", help="after building, upload the folder as a Hub dataset"
    )
    args = parser.parse_args(argv)
    if args.stats:
        built = build_tasks()
        counts = stats(built)
        for split, row in counts.items():
            print(f"{split:22s} " + "  ".join(f"{k} {v:6d}" for k, v in row.items()))
        per_task = [len(b.descriptions) for b in built]
        print(f"descriptions per task: min {min(per_task)}, max {max(per_task)}")
        return 0
    print(json.dumps(build(args.out)), file=sys.stderr)
    if args.push_to_hub:
        from .hub import push_to_hub

        print(push_to_hub(args.out, args.push_to_hub))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
