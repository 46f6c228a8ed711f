"""Copy the trained default hypernetwork into the package (hf_t2l/default_hypernetwork/) with its card.

    python configs/ship_default.py [RUN_DIR] [EVAL_DIR] [CONFIG] [HARDWARE]     (or: make ship-default)

The card carries the training summary and the held-out evaluation (mean accuracy per condition).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hf_t2l import TextToLoRA  # noqa: E402
from hf_t2l.constants import DEFAULT_HYPERNETWORK_DIR  # noqa: E402
from hf_t2l.constants import WEIGHTS_NAME  # noqa: E402
from hf_t2l.training.trainer import METRICS_NAME  # noqa: E402


def main(
    run_dir: str = "runs/smollm2-default-gpu",
    eval_dir: str = "runs/eval",
    config: str = "configs/smollm2-default-gpu.yaml",
    hardware: str = "one NVIDIA H200 GPU, bf16",
) -> None:
    """Copy ``run_dir``'s hypernetwork into the package, its card built from its metrics and ``eval_dir``."""
    run, evaluation = ROOT / run_dir, ROOT / eval_dir
    t2l = TextToLoRA.from_pretrained(run)
    result = json.loads((run / METRICS_NAME).read_text())["result"]
    validation = ""
    if result.get("final_eval_loss") is not None:
        validation = (f"; held-out validation loss at the end {result['final_eval_loss']:.4f} "
                      "(reported, not used to select)")
    summary = [
        f"Multi-task SFT with `make train-default` ({config}) on the task suite `tasks/t2l-tasks-v1` "
        f"(213 training tasks), {result['step']} steps, {result['examples_seen']} examples, "
        f"{result['seconds'] / 60:.0f} minutes on {hardware}{validation}."
    ]
    if (evaluation / "results.json").exists():
        data = json.loads((evaluation / "results.json").read_text())
        summary += ["", "Held-out evaluation (`make eval-default`: "
                    f"{len(data['per_task'])} tasks never seen in training, "
                    f"{data['examples_per_task']} examples each, greedy; mean accuracy over tasks, "
                    "95% bootstrap CI):", "",
                    "| condition | accuracy | 95% CI |", "|---|---|---|"]
        for name, s in data["summary"].items():
            summary.append(f"| {name} | {100 * s['mean']:.1f}% | {100 * s['ci_low']:.1f} to "
                           f"{100 * s['ci_high']:.1f} |")
        if data.get("differences"):
            summary += ["", "| T2L minus (paired over tasks) | points | 95% CI |", "|---|---|---|"]
            for name, d in data["differences"].items():
                summary.append(f"| {name.split(' - ', 1)[1]} | {100 * d['mean']:+.1f} | "
                               f"{100 * d['ci_low']:+.1f} to {100 * d['ci_high']:+.1f} |")
    t2l.provenance = {}
    target = DEFAULT_HYPERNETWORK_DIR
    (target / "README.md").unlink(missing_ok=True)  # the card is regenerated from this run
    card = {"repo_id": "hf-t2l/smollm2-135m-t2l", "training_summary": "\n".join(summary)}
    t2l.save_pretrained(target, model_card_kwargs=card)
    size = (target / WEIGHTS_NAME).stat().st_size / 2**20
    print(f"Shipped {run} -> {target} ({size:.1f} MB)")


if __name__ == "__main__":
    main(*sys.argv[1:])
