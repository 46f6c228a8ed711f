"""This checkout's benchmark ratios side by side with another commit's, rows run alternately.

    python -m bench.compare REV        (or: make bench-compare REF=REV)

REV is checked out into a temporary git worktree (removed afterwards). Each row that both checkouts
have (generation vs the floor, batching, description to ready model, memory, training step, server
requests/s at 16 users) runs in a fresh process, first in REV, then here, so that both see the same
machine state; the table compares the ratios each row measures against its own baseline, which is
what a slower or faster machine leaves unchanged (the server's requests/s are rates: compare them
only within one run of this table).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (label, module, argument, function of the row's JSON -> {metric name: ratio})
ROWS = [
    (
        "generation vs floor",
        "generation",
        "floor",
        lambda r: {f"{x['variant']} generate / floor": x["ratio"] for x in r["rows"]},
    ),
    (
        "batching",
        "generation",
        "batching",
        lambda r: {f"{x['n']} at once, per adapter / one": x["vs_single"] for x in r["rows"]},
    ),
    (
        "description to ready model",
        "ready",
        "ready",
        lambda r: {
            "from_description / PeftModel.from_pretrained": r["ratio"],
            "load_description / load_adapter": r["add_ratio"],
        },
    ),
    (
        "memory",
        "memory",
        None,
        lambda r: {"peak RSS increase / parts' sum": r["peak_increase_mb"] / r["sum_mb"]},
    ),
    ("training step", "training", None, lambda r: {"T2L SFT step / PEFT LoRA step": r["ratio"]}),
    (
        "server",
        "serve",
        None,
        lambda r: {
            f"{x['users']} users, {x['adapters']} adapters, requests/s": x["requests_per_s"]
            for x in r["rows"]
            if x["users"] == 16
        },
    ),
]


def _run(root: Path, module: str, arg: str | None) -> dict:
    """Run ``python -m bench.<module> [arg]`` in ``root``, its own hf_t2l first; return its last JSON line."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": str(root)}
    cmd = [sys.executable, "-m", f"bench.{module}", *([arg] if arg else [])]
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"bench.{module} failed in {root.name}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(ref: str, *, show: Callable[[str, str, float, float], None] | None = None) -> list[tuple]:
    """Rows of (row, metric, ratio at ``ref``, ratio here); ``show`` sees each as soon as it is measured."""
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "ref"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(other), ref], cwd=ROOT, check=True)
        try:
            for label, module, arg, ratios in ROWS:
                if not (other / "bench" / f"{module}.py").exists():
                    continue
                before = ratios(_run(other, module, arg))
                after = ratios(_run(ROOT, module, arg))
                for k in before:
                    if k in after:
                        table.append((label, k, before[k], after[k]))
                        if show:
                            show(*table[-1])
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ref", help="the commit to compare with (any git revision)")
    args = parser.parse_args(argv)
    print(f"| row | ratio | at {args.ref} | here | here / there |")
    print("|---|---|---|---|---|")

    def show(label: str, metric: str, before: float, after: float) -> None:
        unit = "" if metric.endswith("/s") else "x"  # a rate (both runs on this machine), else a ratio
        cells = f"{before:.2f}{unit} | {after:.2f}{unit} | {after / before:.2f}"
        print(f"| {label} | {metric} | {cells} |", flush=True)

    compare(args.ref, show=show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
