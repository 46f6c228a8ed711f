"""The ablation table: one markdown row per evaluated run (command, training budget, held-out scores).

    hf-t2l eval summarize results/A/heldout results/B/heldout ...

Each folder holds a ``results.json`` written by ``hf-t2l eval``; a row shows how it was made (the
recorded command and the hypernetwork's training budget) and what it shows (T2L's mean with its 95%
bootstrap interval, T2L minus description in the prompt paired over tasks, and robustness to wording).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import InvalidConfigError
from ..training.checkpoints import STATE_JSON
from ..training.trainer import METRICS_NAME
from .report import EvalReport

__all__ = ["familiarity", "spearman", "summarize", "training_budget"]

#: What a row reports as the training budget, read from the run's training config.
_BUDGET_KEYS = ("max_steps", "tasks_per_step", "examples_per_task", "early_stopping_patience", "data")


def training_budget(folder: str | Path) -> dict[str, Any]:
    """The training budget of the hypernetwork in ``folder``, from its ``training_metrics.json``.

    Returns ``{}`` when the folder has no training record (a Hub repo, a converted checkpoint), else
    ``step`` (where training stopped), ``stopped_early``, ``examples_seen`` and, when the run's
    config can be found (the best checkpoint's trainer state), ``max_steps``, ``tasks_per_step``,
    ``examples_per_task``, ``early_stopping_patience`` and ``data``.
    """
    folder = Path(folder)
    path = folder / METRICS_NAME
    if not path.is_file():
        return {}
    result = json.loads(path.read_text(encoding="utf-8")).get("result", {})
    budget = {k: result.get(k) for k in ("step", "stopped_early", "examples_seen")}
    best = result.get("best_checkpoint")
    config: dict[str, Any] = {}
    if best:
        # written relative to where training ran, or moved along with its run folder
        for state in (Path(best) / STATE_JSON, folder / "checkpoints" / Path(best).name / STATE_JSON):
            if state.is_file():
                config = json.loads(state.read_text(encoding="utf-8")).get("config") or {}
                break
    budget.update({k: config[k] for k in _BUDGET_KEYS if k in config})
    return budget


def _percent(value: float) -> str:
    return "-" if value is None or math.isnan(value) else f"{100 * value:.1f}"


def _budget_text(budget: dict[str, Any]) -> str:
    if not budget.get("step"):
        return "-"
    text = f"{budget['step']} steps"
    if budget.get("tasks_per_step"):
        text += f" x {budget['tasks_per_step']} tasks"
        if budget.get("examples_per_task"):
            text += f" x {budget['examples_per_task']} examples"
    elif budget.get("examples_seen"):
        text += f" ({budget['examples_seen']} examples)"
    if budget.get("max_steps"):
        text += f" of {budget['max_steps']}"
    if budget.get("stopped_early"):
        text += f", stopped early at step {budget['step']}"
    return text


def summarize(folders: Sequence[str | Path]) -> str:
    """One markdown table, one row per ``results.json`` folder, in the order given.

    Columns: run (the folder), the recorded ``hf-t2l eval`` command, the hypernetwork's training
    budget (recorded by ``hf-t2l eval``, else from a ``training_metrics.json`` beside the results or
    in their parent folder: steps x tasks per step x examples per task, of max_steps, where it stopped
    early), T2L's mean accuracy with its 95% CI, T2L minus description in the prompt (paired over
    tasks, 95% CI), robustness (best minus worst description, mean over tasks) and, from the second
    row on, T2L minus the first row's T2L paired over the tasks both scored (to compare hypernetworks).
    Missing values show as ``-``.

    Raises:
        InvalidConfigError: no folders, or a folder without ``results.json``.

    Example:
        >>> print(summarize(["results/smollm2-v2-cpu/heldout", "results/smollm2-v2-gpu/heldout"]))
    """
    if not folders:
        raise InvalidConfigError(
            "No evaluation folders given: pass folders written by `hf-t2l eval --output FOLDER`."
        )
    lines = [
        "| run | command | training budget | tasks | T2L (%) | 95% CI | T2L - prompt (points) | 95% CI "
        "| best - worst description (points) | T2L - first row's T2L (points, 95% CI, won/lost) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    first: EvalReport | None = None
    signals: list[tuple[str, dict[str, Any]]] = []
    for folder in folders:
        if not (Path(folder) / "results.json").is_file():
            raise InvalidConfigError(
                f"{str(folder)!r} holds no results.json: pass folders written by `hf-t2l eval --output`."
            )
        report = EvalReport.load(folder)
        mean, low, high = report.mean("t2l") if "t2l" in report.conditions else (math.nan,) * 3
        diff = report.difference("t2l", "base+description")
        robust = report.robustness()
        command = report.run.get("command")
        cells = [
            str(folder),
            f"`{command}`" if command else "-",
            # older results: the run's training record copied beside them (results/NAME/)
            _budget_text(
                report.run.get("training") or training_budget(folder) or training_budget(Path(folder).parent)
            ),
            str(len(report.per_task)),
            _percent(mean),
            f"{_percent(low)} to {_percent(high)}" if not math.isnan(low) else "-",
            "-" if math.isnan(diff["mean"]) else f"{100 * diff['mean']:+.1f}",
            "-"
            if math.isnan(diff["ci_low"])
            else f"{100 * diff['ci_low']:+.1f} to {100 * diff['ci_high']:+.1f}",
            _percent(robust["mean"]),
            _versus(report, first),
        ]
        first = first or report
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        signal = familiarity(report)
        if signal is not None:
            signals.append((str(folder), signal))
    if signals:
        lines += [
            "",
            "| run | descriptions | Spearman: nearest-task similarity vs T2L accuracy | warning threshold "
            "| flagged | precision (flagged: T2L <= prompt) | recall |",
            "|---|---|---|---|---|---|---|",
        ]
        for folder, f in signals:
            threshold = "-" if f["threshold"] is None else f"{f['threshold']:.3f}"
            lines.append(
                f"| {folder} | {f['descriptions']} | {f['spearman']:+.2f} | {threshold} | "
                f"{_percent(f['flagged'])}% | {_percent(f['precision'])}% | {_percent(f['recall'])}% |"
            )
    return "\n".join(lines) + "\n"


def _versus(report: EvalReport, first: EvalReport | None) -> str:
    """T2L of ``report`` minus T2L of ``first``, paired over the tasks both scored (``-`` for the first
    row, or when no task is shared)."""
    if first is None:
        return "-"
    shared = {
        task: {"t2l": scores["t2l"], "first": first.per_task[task]["t2l"]}
        for task, scores in report.per_task.items()
        if "t2l" in scores and "t2l" in first.per_task.get(task, {})
    }
    if not shared:
        return "-"
    d = EvalReport(report.split, ["t2l", "first"], per_task=shared).difference("t2l", "first")
    return (
        f"{100 * d['mean']:+.1f} ({100 * d['ci_low']:+.1f} to {100 * d['ci_high']:+.1f}), "
        f"{d['wins']}/{d['losses']} of {d['tasks']}"
    )


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rank correlation of ``x`` and ``y`` (NaN when either is constant or shorter than 3)."""
    if len(x) != len(y) or len(x) < 3:
        return math.nan
    rx, ry = _ranks(x), _ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    sy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return math.nan if sx == 0 or sy == 0 else cov / (sx * sy)


def familiarity(report: EvalReport, threshold: float | None = None) -> dict[str, Any] | None:
    """How well the nearest-training-task similarity of a description predicts T2L's success with it.

    One point per task and T2L seed: the description's similarity to its nearest training task and
    T2L's accuracy with it. Returns Spearman's rank correlation of the two; and, at ``threshold``
    (default: the hypernetwork's, below which ``generate`` warns), the share of descriptions flagged,
    the warning's *precision* (flagged descriptions whose adapter did no better than the description in
    the prompt) and *recall* (of all such descriptions, the share flagged). None when the report has no
    similarities (a hypernetwork without a task index).
    """
    sims = report.run.get("nearest_similarity")
    if not sims:
        return None
    threshold = report.run.get("familiarity_threshold") if threshold is None else threshold
    points = []  # (similarity, T2L accuracy, the adapter did no better than the prompt)
    for task, values in sims.items():
        scores = report.per_task.get(task, {})
        prompt = scores.get("base+description")
        for sim, acc in zip(values, scores.get("t2l", [])):
            points.append((sim, acc, prompt is not None and acc <= sum(prompt) / len(prompt)))
    flagged = [p for p in points if threshold is not None and p[0] < threshold]
    failing = [p for p in points if p[2]]
    has_prompt = any("base+description" in v for v in report.per_task.values())
    return {
        "descriptions": len(points),
        "spearman": spearman([p[0] for p in points], [p[1] for p in points]),
        "threshold": threshold,
        "flagged": len(flagged) / len(points) if points else math.nan,
        "precision": sum(p[2] for p in flagged) / len(flagged) if flagged and has_prompt else math.nan,
        "recall": sum(p[0] < threshold for p in failing) / len(failing)
        if failing and threshold is not None
        else math.nan,
    }
