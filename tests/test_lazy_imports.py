"""`import hf_t2l` and the CLI's help and argument errors do not import torch; PEFT gets its methods
either way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUBCOMMANDS = ("generate", "init", "convert", "push", "train", "eval", "info", "demo", "serve")


def _run(code: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)


_CLI = """
import json, sys
import hf_t2l.cli as cli
codes = []
for argv in {argvs!r}:
    try:
        codes.append(cli.main(argv))
    except SystemExit as e:
        codes.append(e.code)
heavy = sorted(m for m in ("torch", "transformers", "peft", "sentence_transformers", "fastapi", "uvicorn")
               if m in sys.modules)
print(json.dumps({{"codes": codes, "heavy": heavy}}))
"""


@pytest.mark.parametrize(
    "argvs",
    [
        [["--help"]],
        [[name, "--help"] for name in SUBCOMMANDS],
        [
            ["generate"],
            ["generate", "x", "--hypernetwork"],
            ["no-such-command"],
            ["init", "--rank", "zero"],
            ["serve", "--hypernetwork", "h"],  # no --base: the local engine needs one
            ["serve", "--base", "b", "--hypernetwork", "h", "--port", "-1"],
            ["serve", "--engine", "vllm", "--hypernetwork", "h"],
        ],
    ],
    ids=["help", "subcommand-help", "argument-errors"],
)
def test_cli_help_and_argument_errors_answer_without_importing_torch(argvs):
    proc = _run(_CLI.format(argvs=argvs))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == [], f"imported before answering {argvs}: {result['heavy']}"
    expected = 0 if all("--help" in argv for argv in argvs) else 2
    assert result["codes"] == [expected] * len(argvs)


def test_import_hf_t2l_is_light_and_exposes_the_public_names_on_use():
    proc = _run(
        "import sys, hf_t2l\n"
        "light = 'torch' not in sys.modules\n"
        "values = [getattr(hf_t2l, n) for n in hf_t2l.__all__ if n != '__version__']\n"
        "names = [getattr(v, '__name__', type(v).__name__) for v in values]\n"
        "print(light, hf_t2l.T2LConfig.from_base_model.__name__, names[1], 'torch' in sys.modules)"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "config_for_base_model", "TextToLoRA", "True"]


@pytest.mark.parametrize(
    "imports",
    [
        "import hf_t2l\nfrom peft import PeftModel",
        "from peft import PeftModel\nimport hf_t2l",
        # transformers asks whether peft is installed (find_spec) before anything imports it
        "import hf_t2l, importlib.util\nassert importlib.util.find_spec('peft')\nfrom peft import PeftModel",
    ],
    ids=["hf_t2l-first", "peft-first", "peft-looked-up-first"],
)
def test_peft_model_gets_from_description_in_either_import_order(imports):
    proc = _run(
        imports + "\nimport hf_t2l.integration as i\n"
        "print(PeftModel.from_description.__doc__ == i.from_description.__doc__, "
        "callable(PeftModel.load_description))"
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "True"]


def test_every_registered_command_answers_help_without_importing_torch():
    """Each module of the CLI registry (a command added later too) keeps its --help torch-free."""
    proc = _run(
        "import json\nfrom hf_t2l.cli import COMMANDS\n"
        "print(json.dumps([[c.NAME, '--help'] for c in COMMANDS]))"
    )
    assert proc.returncode == 0, proc.stderr
    argvs = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(argvs) >= 11
    proc = _run(_CLI.format(argvs=argvs))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["heavy"] == [], f"imported before answering {argvs}: {result['heavy']}"
    assert result["codes"] == [0] * len(argvs)
