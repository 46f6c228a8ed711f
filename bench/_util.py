"""Helpers shared by the benchmarks: memory readings, timing, and running a step in a clean process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

MB = 2**20


def _status_bytes(field: str) -> int:
    """A memory field of /proc/self/status (Linux), in bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def rss_bytes() -> int:
    """Current resident set size of this process."""
    return _status_bytes("VmRSS")


def peak_rss_bytes() -> int:
    """Peak resident set size since start or the last reset_peak_rss()."""
    return _status_bytes("VmHWM")


def reset_peak_rss() -> None:
    """Reset VmHWM to the current RSS (Linux >= 4.0: write 5 to clear_refs)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def best_of(fn: Callable[[], object], *, repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``fn`` in seconds after warm-up runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_times(
    fn_a: Callable[[], object], fn_b: Callable[[], object], *, repeat: int = 9
) -> tuple[list[float], list[float]]:
    """Times of two functions measured alternately (a, b, a, b, ...), so drift hits both."""
    fn_a(), fn_b()
    ta, tb = [], []
    for _ in range(repeat):
        for fn, acc in ((fn_a, ta), (fn_b, tb)):
            start = time.perf_counter()
            fn()
            acc.append(time.perf_counter() - start)
    return ta, tb


def paired(fn_a: Callable[[], object], fn_b: Callable[[], object], *, repeat: int = 9) -> tuple[float, float]:
    """Median times of two functions measured alternately (a, b, a, b, ...)."""
    ta, tb = paired_times(fn_a, fn_b, repeat=repeat)
    return statistics.median(ta), statistics.median(tb)


def paired_ratio(
    fn_a: Callable[[], object], fn_b: Callable[[], object], *, repeat: int = 9
) -> tuple[float, float, float]:
    """Median times of a and b, and the median of the ratios of neighbouring a and b runs (which
    cancels slow drift of the machine's speed better than a ratio of medians)."""
    ta, tb = paired_times(fn_a, fn_b, repeat=repeat)
    return statistics.median(ta), statistics.median(tb), statistics.median(a / b for a, b in zip(ta, tb))


def run_isolated(module: str, *args: str) -> dict:
    """Run ``python -m bench.<module> args`` in a fresh process and parse the JSON it prints last."""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.{module} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])
