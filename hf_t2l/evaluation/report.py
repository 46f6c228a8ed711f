"""The report of ``hf-t2l eval``: accuracy per task and condition, with the statistics that back a claim.

- Mean over tasks with a 95% bootstrap interval (tasks resampled with replacement, 1,000 times).
- Paired differences, T2L minus each other condition, over the tasks scored under both: mean, 95%
  bootstrap interval of the mean difference, and how many tasks T2L wins and loses.
- Robustness to wording: per task, the best minus the worst accuracy over the descriptions T2L was
  given (one per seed; at least 3 are needed), and its mean over tasks.

Written as ``results.md``, ``results.json`` and ``per_task.svg`` (plain SVG, no plotting dependency).
"""

from __future__ import annotations

import json
import random
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Fewest descriptions per task for the robustness measure (best minus worst over them).
MIN_DESCRIPTIONS = 3


def bootstrap_interval(values: list[float], *, resamples: int = 1000, seed: int = 0) -> tuple[float, float]:
    """The 95% percentile bootstrap interval of the mean of ``values`` (resampled with replacement)."""
    rng = random.Random(seed)
    boots = sorted(statistics.mean(rng.choices(values, k=len(values))) for _ in range(resamples))
    return boots[int(0.025 * resamples)], boots[int(0.975 * resamples) - 1]


@dataclass
class EvalReport:
    """Accuracy per condition and task (lists hold one value per seed)."""

    split: str
    conditions: list[str]
    #: task -> condition -> [accuracy per seed]
    per_task: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    examples_per_task: int = 0
    samples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    #: how the report was made: the command, the evaluation's options and the hypernetwork's training
    #: budget (see :func:`hf_t2l.evaluation.summary.training_budget`); saved as ``"run"`` in results.json
    run: dict[str, Any] = field(default_factory=dict)

    def mean(self, condition: str) -> tuple[float, float, float]:
        """Mean accuracy over tasks with a 95% bootstrap interval over tasks (and seeds)."""
        values = [statistics.mean(v[condition]) for v in self.per_task.values() if condition in v]
        if not values:
            return float("nan"), float("nan"), float("nan")
        return (statistics.mean(values), *bootstrap_interval(values))

    def difference(self, condition: str, other: str) -> dict[str, float]:
        """``condition`` minus ``other``, paired over the tasks scored under both: mean, 95% bootstrap
        interval over tasks, and how many tasks each wins."""
        pairs = [
            (statistics.mean(v[condition]), statistics.mean(v[other]))
            for v in self.per_task.values()
            if condition in v and other in v
        ]
        if not pairs:
            nan = float("nan")
            return {"mean": nan, "ci_low": nan, "ci_high": nan, "wins": 0, "losses": 0, "tasks": 0}
        diffs = [a - b for a, b in pairs]
        low, high = bootstrap_interval(diffs)
        return {
            "mean": statistics.mean(diffs),
            "ci_low": low,
            "ci_high": high,
            "wins": sum(d > 0 for d in diffs),
            "losses": sum(d < 0 for d in diffs),
            "tasks": len(diffs),
        }

    def robustness(self, condition: str = "t2l") -> dict[str, object]:
        """Sensitivity to wording: per task, best minus worst accuracy over its descriptions.

        Each seed of ``condition`` used another of the task's descriptions, so the per-seed values of a
        task are its accuracies under different wordings. Tasks with fewer than
        :data:`MIN_DESCRIPTIONS` values are left out.

        Returns:
            ``{"mean": mean gap over tasks (nan if none), "ci_low", "ci_high", "tasks": count,
            "per_task": {task: gap}}``; gaps are in [0, 1], lower is more robust.
        """
        gaps = {
            task: max(v[condition]) - min(v[condition])
            for task, v in sorted(self.per_task.items())
            if len(v.get(condition, [])) >= MIN_DESCRIPTIONS
        }
        if not gaps:
            nan = float("nan")
            return {"mean": nan, "ci_low": nan, "ci_high": nan, "tasks": 0, "per_task": {}}
        low, high = bootstrap_interval(list(gaps.values()))
        return {
            "mean": statistics.mean(gaps.values()),
            "ci_low": low,
            "ci_high": high,
            "tasks": len(gaps),
            "per_task": gaps,
        }

    def comparisons(self) -> list[tuple[str, str]]:
        """The paired comparisons worth reporting: T2L against every other condition."""
        return [("t2l", c) for c in self.conditions if c != "t2l"] if "t2l" in self.conditions else []

    @classmethod
    def load(cls, folder: str | Path) -> EvalReport:
        """Read back a report written by :meth:`save` (``results.json``)."""
        data = json.loads((Path(folder) / "results.json").read_text())
        return cls(
            data["split"],
            list(data["summary"]),
            data["per_task"],
            data["examples_per_task"],
            data.get("samples", {}),
            data.get("run", {}),
        )

    def seed_spread(self, condition: str) -> float:
        """Standard deviation of the task-mean accuracy across seeds (0 with one seed)."""
        seeds = max((len(v.get(condition, [])) for v in self.per_task.values()), default=0)
        if seeds < 2:
            return 0.0
        per_seed = [
            statistics.mean(v[condition][s] for v in self.per_task.values() if len(v.get(condition, [])) > s)
            for s in range(seeds)
        ]
        return statistics.stdev(per_seed)

    def to_markdown(self) -> str:
        lines = [
            f"| condition | mean accuracy ({len(self.per_task)} {self.split} tasks) | 95% CI "
            "| spread over seeds |",
            "|---|---|---|---|",
        ]
        for c in self.conditions:
            m, lo, hi = self.mean(c)
            spread = 100 * self.seed_spread(c)
            lines.append(f"| {c} | {100 * m:.1f} | {100 * lo:.1f} to {100 * hi:.1f} | {spread:.1f} |")
        if self.comparisons():
            lines += [
                "",
                "| paired over tasks | difference (points) | 95% CI | tasks won | tasks lost |",
                "|---|---|---|---|---|",
            ]
            for a, b in self.comparisons():
                d = self.difference(a, b)
                lines.append(
                    f"| {a} - {b} | {100 * d['mean']:+.1f} | {100 * d['ci_low']:+.1f} to "
                    f"{100 * d['ci_high']:+.1f} | {d['wins']} | {d['losses']} |"
                )
        robust = self.robustness()
        if robust["tasks"]:
            lines += [
                "",
                f"Robustness to wording (t2l, {robust['tasks']} tasks with >= {MIN_DESCRIPTIONS} "
                "descriptions): best minus worst description, mean over tasks "
                f"{100 * robust['mean']:.1f} points (95% CI {100 * robust['ci_low']:.1f} to "
                f"{100 * robust['ci_high']:.1f}); per task in the last column.",
            ]
        gaps = robust["per_task"]
        extra = " best - worst (t2l) |" if gaps else ""
        lines += [
            "",
            "| task | " + " | ".join(self.conditions) + " |" + extra,
            "|---" * (len(self.conditions) + 1 + bool(gaps)) + "|",
        ]
        for task, values in sorted(self.per_task.items()):
            cells = [
                f"{100 * statistics.mean(values[c]):.0f}" if c in values else "-" for c in self.conditions
            ]
            if gaps:
                cells.append(f"{100 * gaps[task]:.0f}" if task in gaps else "-")
            lines.append(f"| {task} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        summary = {
            c: dict(zip(("mean", "ci_low", "ci_high"), self.mean(c)), seed_spread=self.seed_spread(c))
            for c in self.conditions
        }
        differences = {f"{a} - {b}": self.difference(a, b) for a, b in self.comparisons()}
        data = {
            "split": self.split,
            "examples_per_task": self.examples_per_task,
            "summary": summary,
            "differences": differences,
            "robustness": self.robustness(),
            "per_task": self.per_task,
            "samples": self.samples,
            "run": self.run,
        }
        return json.dumps(data, indent=1)

    def to_svg(self) -> str:
        """Grouped bars of accuracy per task and condition (plain SVG, no plotting dependency)."""
        tasks = sorted(self.per_task)
        colors = ["#8c8c8c", "#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]
        bar, gap, left, top, height = 7, 10, 60, 30, 180
        group = bar * len(self.conditions) + gap
        width = left + group * len(tasks) + 20
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{top + height + 150}" '
            'font-family="sans-serif" font-size="10">',
            f'<text x="{left}" y="15" font-size="12">Accuracy per {self.split} task and condition</text>',
        ]
        for y in (0, 0.5, 1.0):
            yy = top + height * (1 - y)
            out.append(
                f'<line x1="{left}" x2="{width - 10}" y1="{yy}" y2="{yy}" stroke="#ddd"/>'
                f'<text x="{left - 30}" y="{yy + 3}">{int(100 * y)}%</text>'
            )
        for i, task in enumerate(tasks):
            x0 = left + i * group
            for j, c in enumerate(self.conditions):
                if c not in self.per_task[task]:
                    continue
                acc = statistics.mean(self.per_task[task][c])
                h = height * acc
                out.append(
                    f'<rect x="{x0 + j * bar}" y="{top + height - h:.1f}" width="{bar - 1}" '
                    f'height="{h:.1f}" fill="{colors[j % len(colors)]}">'
                    f"<title>{task} / {c}: {100 * acc:.0f}%</title></rect>"
                )
            out.append(
                f'<text transform="translate({x0 + 3},{top + height + 8}) rotate(60)">{_xml(task)}</text>'
            )
        for j, c in enumerate(self.conditions):
            out.append(
                f'<rect x="{left + 140 * j}" y="{top + height + 125}" width="10" height="10" '
                f'fill="{colors[j % len(colors)]}"/>'
                f'<text x="{left + 140 * j + 14}" y="{top + height + 134}">{_xml(c)}</text>'
            )
        return "\n".join(out + ["</svg>"]) + "\n"

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "results.md").write_text(self.to_markdown())
        (folder / "results.json").write_text(self.to_json())
        (folder / "per_task.svg").write_text(self.to_svg())
        return folder


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
