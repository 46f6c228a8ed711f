"""The ablation at a fixed budget: the v2 CPU recipe and one change at a time, trained and evaluated alike.

    python configs/ablation_v2.py train [--runs-dir runs/ablation-v2] [--only NAME ...]
    python configs/ablation_v2.py eval  [--runs-dir runs/ablation-v2] [--results-dir results/ablation-v2]
    python configs/ablation_v2.py table [--results-dir results/ablation-v2]
    python configs/ablation_v2.py compact   (one short row per run, for the report)
    (or: make ablation-v2)

Every run is `configs/smollm2-v2-cpu.yaml` (1,000 steps x 8 examples = 8,000 examples, bf16 where the
CPU supports it, seed 42, selected on the validation families) with the overrides in RUNS. Each step
resumes: run the command again after an interruption and finished runs are skipped, an interrupted one
continues from its last checkpoint. `table` prints `hf-t2l eval summarize` over the runs: each run's T2L
minus the baseline's, paired over the held-out tasks (interval, tasks won and lost).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECIPE = "configs/smollm2-v2-cpu.yaml"

#: name -> overrides of RECIPE; the first is the baseline every other run is compared with.
RUNS: dict[str, list[str]] = {
    "baseline": [],
    "no-description-dropout": ["--description_dropout=0"],
    "no-neftune": ["--neftune_alpha=null"],
    "no-label-smoothing": ["--label_smoothing=0"],
    "no-ab-l2": ["--ab_l2=0"],
    "lr-5e-4": ["--learning_rate=5.0e-4"],
    "4-examples-per-task": ["--tasks_per_step=2", "--examples_per_task=4"],
    "variant-M": ["--variant=M"],
    "rank-16": ["--rank=16", "--lora_alpha=32"],
    "encoder-base-model": ["--encoder=base-model"],
}

#: The held-out evaluation of every run (T2L only; the description-in-the-prompt condition comes with the
#: baseline, since it does not depend on the hypernetwork). In bfloat16 for every run alike (twice as fast
#: on a CPU with AMX-BF16): the table compares runs with each other, never with a float32 evaluation.
EVAL = [
    "--data",
    "tasks/t2l-tasks-v2",
    "--split",
    "heldout",
    "--max-examples",
    "16",
    "--seeds",
    "3",
    "--max-new-tokens",
    "16",
    "--dtype",
    "bfloat16",
]


def _cli() -> list[str]:
    return [sys.executable, "-m", "hf_t2l.cli"]


def _done(run_dir: Path) -> bool:
    return (run_dir / "training_metrics.json").is_file()


def train(runs_dir: Path, only: list[str]) -> None:
    for name, overrides in RUNS.items():
        if only and name not in only:
            continue
        out = runs_dir / name
        if _done(out):
            print(f"{name}: trained ({out})", flush=True)
            continue
        print(f"{name}: training {' '.join(overrides) or '(the recipe as it is)'}", flush=True)
        command = [*_cli(), "train", "sft", RECIPE, f"--output_dir={out}", *overrides, "--resume"]
        subprocess.run(command, check=True, cwd=ROOT)


def evaluate(runs_dir: Path, results_dir: Path, only: list[str]) -> None:
    for name in RUNS:
        out, run = results_dir / name, runs_dir / name
        if (only and name not in only) or not _done(run) or (out / "results.json").is_file():
            continue
        conditions = "base+description,t2l" if name == next(iter(RUNS)) else "t2l"
        print(f"{name}: evaluating ({conditions})", flush=True)
        command = [
            *_cli(),
            "eval",
            "--hypernetwork",
            str(run),
            *EVAL,
            "--conditions",
            conditions,
            "--output",
            str(out),
        ]
        subprocess.run(command, check=True, cwd=ROOT)


def table(results_dir: Path) -> None:
    folders = [str(results_dir / n) for n in RUNS if (results_dir / n / "results.json").is_file()]
    subprocess.run([*_cli(), "eval", "summarize", *folders], check=True, cwd=ROOT)


def compact(runs_dir: Path, results_dir: Path) -> str:
    """One markdown row per evaluated run: the change, where training stopped, the best validation loss,
    T2L with its interval, and T2L minus the baseline's T2L paired over tasks."""
    import json

    sys.path.insert(0, str(ROOT))
    from hf_t2l.evaluation.report import EvalReport

    lines = [
        "| run | change | best validation loss | T2L (%) | 95% CI | T2L - baseline (points) | 95% CI "
        "| won/lost |",
        "|---|---|---|---|---|---|---|---|",
    ]
    first = None
    for name, overrides in RUNS.items():
        if not (results_dir / name / "results.json").is_file():
            continue
        report = EvalReport.load(results_dir / name)
        metrics = json.loads((runs_dir / name / "training_metrics.json").read_text())["result"]
        mean, low, high = report.mean("t2l")
        cells = [
            name,
            " ".join(overrides) or "(the recipe)",
            f"{metrics.get('best_eval_loss', float('nan')):.3f}",
            f"{100 * mean:.1f}",
            f"{100 * low:.1f} to {100 * high:.1f}",
        ]
        if first is None:
            first = report
            cells += ["-", "-", "-"]
        else:
            shared = {
                t: {"t2l": v["t2l"], "base": first.per_task[t]["t2l"]}
                for t, v in report.per_task.items()
                if "t2l" in v and "t2l" in first.per_task.get(t, {})
            }
            d = EvalReport(report.split, ["t2l", "base"], per_task=shared).difference("t2l", "base")
            cells += [
                f"{100 * d['mean']:+.1f}",
                f"{100 * d['ci_low']:+.1f} to {100 * d['ci_high']:+.1f}",
                f"{d['wins']}/{d['losses']}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["train", "eval", "table", "compact", "all"])
    parser.add_argument("--runs-dir", type=Path, default=Path("runs/ablation-v2"))
    parser.add_argument("--results-dir", type=Path, default=Path("results/ablation-v2"))
    parser.add_argument("--only", nargs="*", default=[], choices=list(RUNS), help="these runs only")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.step in ("train", "all"):
        train(args.runs_dir, args.only)
    if args.step in ("eval", "all"):
        evaluate(args.runs_dir, args.results_dir, args.only)
    if args.step in ("table", "all"):
        table(args.results_dir)
    if args.step in ("compact", "all"):
        print(compact(args.runs_dir, args.results_dir))


if __name__ == "__main__":
    main()
