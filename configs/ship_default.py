"""Copy a trained hypernetwork into the package (hf_t2l/default_hypernetwork/) with its card.

    python configs/ship_default.py RUN_DIR [EVAL_DIR ...] [--config CONFIG] [--hardware HARDWARE]
    (or: make ship-default)

Each EVAL_DIR is a folder written by `hf-t2l eval --output` (results.json): held-out families,
held-out compositions, v1 held-out... The card carries the training summary, a table per evaluated set
and, in its `model-index` metadata, every set's results (mean and 95% CI per condition, paired
differences, robustness).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hf_t2l import TextToLoRA  # noqa: E402
from hf_t2l.constants import DEFAULT_HYPERNETWORK_DIR, WEIGHTS_NAME  # noqa: E402
from hf_t2l.evaluation.report import EvalReport  # noqa: E402
from hf_t2l.hub.model_card import eval_results_from_report  # noqa: E402
from hf_t2l.training.trainer import METRICS_NAME  # noqa: E402


def main(
    run_dir: str = "runs/smollm2-default-gpu",
    eval_dirs: tuple[str, ...] = (),
    *,
    config: str = "configs/smollm2-default-gpu.yaml",
    hardware: str = "one NVIDIA H200 GPU, bf16",
    target: Path = DEFAULT_HYPERNETWORK_DIR,
) -> Path:
    """Copy ``run_dir``'s hypernetwork into ``target``, its card built from its metrics and ``eval_dirs``."""
    run = ROOT / run_dir
    t2l = TextToLoRA.from_pretrained(run)
    result = json.loads((run / METRICS_NAME).read_text())["result"]
    validation = ""
    if result.get("final_eval_loss") is not None:
        validation = f"; validation loss at the end {result['final_eval_loss']:.4f}"
    summary = [
        f"Multi-task SFT ({config}), {result['step']} steps, {result['examples_seen']} examples, "
        f"{result['seconds'] / 60:.0f} minutes on {hardware}{validation}."
    ]
    reports = [EvalReport.load(ROOT / d) for d in eval_dirs]
    for folder, report in zip(eval_dirs, reports):
        data = json.loads((ROOT / folder / "results.json").read_text())
        name = Path(str(report.run.get("data") or folder)).name
        summary += [
            "",
            f"Evaluation on `{name}`, split `{report.split}` (`make eval-default`: "
            f"{len(data['per_task'])} tasks never seen in training, "
            f"{data['examples_per_task']} examples each, greedy; mean accuracy over tasks, "
            "95% bootstrap CI):",
            "",
            "| condition | accuracy | 95% CI |",
            "|---|---|---|",
        ]
        for cond, s in data["summary"].items():
            summary.append(
                f"| {cond} | {100 * s['mean']:.1f}% | {100 * s['ci_low']:.1f} to {100 * s['ci_high']:.1f} |"
            )
        if data.get("differences"):
            summary += ["", "| T2L minus (paired over tasks) | points | 95% CI |", "|---|---|---|"]
            for cond, d in data["differences"].items():
                summary.append(
                    f"| {cond.split(' - ', 1)[1]} | {100 * d['mean']:+.1f} | "
                    f"{100 * d['ci_low']:+.1f} to {100 * d['ci_high']:+.1f} |"
                )
    t2l.provenance = {}
    t2l.card_data.eval_results = [r for report in reports for r in eval_results_from_report(report)]
    target = Path(target)
    (target / "README.md").unlink(missing_ok=True)  # the card is regenerated from this run
    card = {"repo_id": "hf-t2l/smollm2-135m-t2l", "training_summary": "\n".join(summary)}
    t2l.save_pretrained(target, model_card_kwargs=card)
    size = (target / WEIGHTS_NAME).stat().st_size / 2**20
    print(f"Shipped {run} -> {target} ({size:.1f} MB)")
    return target


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", help="the trained hypernetwork's folder (with training_metrics.json)")
    parser.add_argument("eval_dirs", nargs="*", help="folders written by `hf-t2l eval --output`")
    parser.add_argument("--config", default="configs/smollm2-default-gpu.yaml", help="its training config")
    parser.add_argument("--hardware", default="one NVIDIA H200 GPU, bf16", help="where it was trained")
    parser.add_argument("--target", default=str(DEFAULT_HYPERNETWORK_DIR), help="where to ship it")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = _parse(sys.argv[1:])
    main(args.run_dir, tuple(args.eval_dirs), config=args.config, hardware=args.hardware, target=args.target)
