"""`accelerate launch --num_processes 2` of `hf-t2l train sft` (CPU, gloo): the same loss curve and weights
as one process with the same global batch, and an interrupted two-process run resumes to the same weights."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import yaml
from conftest import _free_port

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.offline.bundled import MINILM_ID
from hf_t2l.training import load_config, train_sft

ROOT = Path(__file__).resolve().parent.parent
# `--cpu` alone would start one process (accelerate's multi-CPU launch otherwise goes through mpirun): the
# multi-process launcher with ACCELERATE_USE_CPU=true starts two CPU processes on gloo
LAUNCH = [
    "--multi_gpu",
    "--num_processes",
    "2",
    "--num_machines",
    "1",
    "--mixed_precision",
    "no",
    "--dynamo_backend",
    "no",
]


def _launch_two(config: Path, *args: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "HF_HUB_OFFLINE": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONWARNINGS": "ignore",
        "ACCELERATE_USE_CPU": "true",
    }
    port = ["--main_process_port", str(_free_port())]
    cmd = [
        sys.executable,
        "-m",
        "accelerate.commands.launch",
        *LAUNCH,
        *port,
        "-m",
        "hf_t2l.cli",
        "train",
        "sft",
        str(config),
        *args,
    ]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]


def _losses(output_dir: Path, processes: int) -> list[float]:
    metrics = json.loads((output_dir / "training_metrics.json").read_text())
    assert metrics["result"]["processes"] == processes
    assert metrics["result"]["examples_seen"] == 4 * 3 * 2  # steps x tasks x examples, all processes
    return [h["train/loss"] for h in metrics["history"] if "train/loss" in h]


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return TextToLoRA.from_pretrained(folder).state_dict()


def test_two_processes_follow_the_one_process_loss_curve_and_resume(tmp_path, tiny_base, toy_tasks):  # noqa: F811
    # no dropout and no NEFTune: their random draws differ between one and two processes
    init = tmp_path / "init"
    config = T2LConfig.from_base_model(
        str(tiny_base),
        encoder=MINILM_ID,
        embedding_dim=384,
        latent_size=32,
        head_in_size=64,
        dropout=0.0,
        lora_dropout=0.0,
    )
    TextToLoRA(config).save_pretrained(init)
    options = {
        "base_model": str(tiny_base),
        "data": str(toy_tasks),
        "init_from": str(init),
        "max_steps": 4,
        "save_steps": 2,
        "eval_steps": 0,
        "tasks_per_step": 3,
        "examples_per_task": 2,
        "learning_rate": 3e-3,
        "warmup_ratio": 0.0,
        "neftune_alpha": None,
        "logging": "none",
        "mixed_precision": "no",  # float32: the two curves are compared to 1e-5
        "seed": 5,
    }
    path = tmp_path / "sft.yaml"
    path.write_text(yaml.safe_dump(options))

    train_sft(load_config("sft", str(path), [f"--output_dir={tmp_path / 'one'}"]))
    _launch_two(path, f"--output_dir={tmp_path / 'two'}")
    one, two = _losses(tmp_path / "one", 1), _losses(tmp_path / "two", 2)
    assert len(one) == len(two) == 4 and len(set(one)) == 4  # the loss moves from step to step
    assert two == pytest.approx(one, rel=1e-5, abs=1e-6)
    a, b = _weights(tmp_path / "one"), _weights(tmp_path / "two")
    for key, value in a.items():
        torch.testing.assert_close(
            b[key], value, rtol=1e-4, atol=5e-5
        )  # Adam magnifies float noise of ~0 grads

    # interrupted after step 2: only the step-2 checkpoint is left; --resume ends where the straight run did
    resumed = tmp_path / "resumed"
    shutil.copytree(tmp_path / "two" / "checkpoints" / "step-2", resumed / "checkpoints" / "step-2")
    _launch_two(path, f"--output_dir={resumed}", "--resume")
    c = _weights(resumed / "checkpoints" / "step-4")
    for key, value in _weights(tmp_path / "two" / "checkpoints" / "step-4").items():
        torch.testing.assert_close(c[key], value, rtol=1e-5, atol=1e-7)
    assert _losses(resumed, 2) == pytest.approx(two, rel=1e-5, abs=1e-6)  # the whole curve, resume or not
