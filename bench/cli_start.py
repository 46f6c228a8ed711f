"""How fast `hf-t2l --help` answers: fresh processes, against `python -c pass` and `python -c "import torch"`.

python -m bench.cli_start          (prints JSON; bench/run.py prints the table)

The three commands run alternately, 7 rounds, in fresh processes; the medians are compared.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 7


def _seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def measure() -> dict:
    cli = str(Path(sys.executable).with_name("hf-t2l"))
    commands = {
        "hf-t2l --help": [cli, "--help"],
        "hf-t2l generate --help": [cli, "generate", "--help"],
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import torch'": [sys.executable, "-c", "import torch"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(ROUNDS):
        for name, argv in commands.items():
            times[name].append(_seconds(argv))
    medians = {name: statistics.median(t) for name, t in times.items()}
    return {
        "medians_s": medians,
        "help_vs_python": medians["hf-t2l --help"] / medians["python -c pass"],
        "help_vs_torch": medians["hf-t2l --help"] / medians["python -c 'import torch'"],
        "rounds": ROUNDS,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
