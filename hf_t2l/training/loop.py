"""Shared training machinery: hypernetwork setup, optimiser and schedule, safe checkpoints, logging."""

from __future__ import annotations

import json
import logging
import random
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch

from ..config import T2LConfig
from ..hypernetwork import TextToLoRA
from .config import TrainConfig

logger = logging.getLogger(__name__)

STATE_TENSORS = "trainer_state.safetensors"
STATE_JSON = "trainer_state.json"


def build_hypernetwork(cfg: TrainConfig, **config_overrides: Any) -> TextToLoRA:
    """A fresh hypernetwork for ``cfg.base_model`` (shapes from its config only), or ``cfg.init_from``."""
    if cfg.init_from:
        return TextToLoRA.from_pretrained(cfg.init_from)
    from ..bundled import SMOLLM2_ID, smollm2_path

    base = cfg.base_model
    recorded = None
    if base == SMOLLM2_ID:
        try:
            base, recorded = str(smollm2_path()), SMOLLM2_ID
        except ImportError:
            pass
    config = T2LConfig.from_base_model(
        base, encoder=cfg.encoder, variant=cfg.variant, rank=cfg.rank, lora_alpha=cfg.lora_alpha,
        target_modules=cfg.target_modules, latent_size=cfg.latent_size, head_in_size=cfg.head_in_size,
        base_model_name_or_path=recorded, **config_overrides,
    )
    return TextToLoRA(config)


def load_base_model(cfg: TrainConfig, device: torch.device) -> tuple[torch.nn.Module, Any]:
    """The frozen base model (float32 on CPU, bf16 with mixed precision) and its tokenizer."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from ..bundled import SMOLLM2_ID, smollm2_path

    source = str(smollm2_path()) if cfg.base_model == SMOLLM2_ID else cfg.base_model
    dtype = torch.bfloat16 if cfg.mixed_precision == "bf16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(source, dtype=dtype).to(device)
    model.requires_grad_(False)
    tokenizer = AutoTokenizer.from_pretrained(source)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
    warmup = int(cfg.warmup_ratio * cfg.max_steps)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (cfg.max_steps - step) / max(1, cfg.max_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)


# --- checkpoints (safetensors + JSON, never pickle) -----------------------------------------------
def save_checkpoint(
    folder: Path, model: TextToLoRA, optimizer: torch.optim.Optimizer, scheduler: Any, *, step: int,
    sampler: random.Random, extra: dict[str, Any],
) -> None:
    from safetensors.torch import save_file

    from ..atomic import atomic_directory

    with atomic_directory(folder) as tmp:
        model.save_pretrained(tmp)
        opt = optimizer.state_dict()
        tensors = {"rng.torch": torch.get_rng_state()}
        if torch.cuda.is_available():
            tensors["rng.cuda"] = torch.cuda.get_rng_state()
        for index, state in opt["state"].items():
            for name, value in state.items():
                tensors[f"optimizer.{index}.{name}"] = value.detach().cpu().contiguous() if torch.is_tensor(value) else torch.tensor(value)
        save_file(tensors, str(tmp / STATE_TENSORS))
        meta = {
            "step": step,
            "param_groups": opt["param_groups"],
            "scheduler": {k: v for k, v in scheduler.state_dict().items() if k != "lr_lambdas"},
            "sampler": _jsonable(sampler.getstate()),
            **extra,
        }
        (tmp / STATE_JSON).write_text(json.dumps(meta, indent=1), encoding="utf-8")


def load_checkpoint(
    folder: Path, model: TextToLoRA, optimizer: torch.optim.Optimizer, scheduler: Any, sampler: random.Random
) -> dict[str, Any]:
    """Restore weights, optimiser, schedule and RNG states; return the JSON metadata."""
    from ..checkpoint import fill_declared_zeros, load_state_dict_strict, read_safetensors

    weights = read_safetensors(folder / "model.safetensors")
    fill_declared_zeros(model, weights, folder / "model.safetensors")
    load_state_dict_strict(model, weights, source=str(folder), assign=False, owned=True)
    tensors = read_safetensors(folder / STATE_TENSORS)
    meta = json.loads((folder / STATE_JSON).read_text(encoding="utf-8"))
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith("optimizer."):
            _, index, name = key.split(".", 2)
            state.setdefault(int(index), {})[name] = value
    groups = meta["param_groups"]
    for group in groups:
        if "betas" in group:
            group["betas"] = tuple(group["betas"])
    optimizer.load_state_dict({"state": state, "param_groups": groups})
    scheduler.load_state_dict({**meta["scheduler"], "lr_lambdas": [None] * len(optimizer.param_groups)})
    torch.set_rng_state(tensors["rng.torch"])
    if "rng.cuda" in tensors and torch.cuda.is_available():
        torch.cuda.set_rng_state(tensors["rng.cuda"])
    sampler.setstate(_tupled(meta["sampler"]))
    return meta


def latest_checkpoint(output_dir: Path) -> Path | None:
    folders = sorted((output_dir / "checkpoints").glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    complete = [f for f in folders if (f / STATE_JSON).exists()]
    return complete[-1] if complete else None


def prune_checkpoints(output_dir: Path, keep: int, best: Path | None) -> None:
    folders = sorted((output_dir / "checkpoints").glob("step-*"), key=lambda p: int(p.name.split("-")[1]))
    for folder in folders[:-keep] if keep > 0 else folders:
        if best is None or folder.resolve() != best.resolve():
            shutil.rmtree(folder, ignore_errors=True)


def _jsonable(value: Any) -> Any:
    return [_jsonable(v) for v in value] if isinstance(value, (tuple, list)) else value


def _tupled(value: Any) -> Any:
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value


# --- logging --------------------------------------------------------------------------------------
class MetricsLogger:
    """TensorBoard or trackio when installed (per ``cfg.logging``), always a JSON history."""

    def __init__(self, cfg: TrainConfig, output_dir: Path, *, enabled: bool) -> None:
        self.history: list[dict[str, float]] = []
        self.writer = None
        self.trackio = None
        if not enabled or cfg.logging == "none":
            return
        if cfg.logging in ("auto", "tensorboard"):
            try:
                from torch.utils.tensorboard import SummaryWriter

                self.writer = SummaryWriter(str(output_dir / "runs"))
                return
            except ImportError:
                if cfg.logging == "tensorboard":
                    logger.warning("logging='tensorboard' but tensorboard is not installed; `pip install tensorboard`")
        if cfg.logging in ("auto", "trackio"):
            try:
                import trackio

                trackio.init(project="hf_t2l", config=asdict(cfg))
                self.trackio = trackio
            except ImportError:
                if cfg.logging == "trackio":
                    logger.warning("logging='trackio' but trackio is not installed; `pip install trackio`")

    def log(self, step: int, values: dict[str, float]) -> None:
        self.history.append({"step": step, **values})
        if self.writer is not None:
            for k, v in values.items():
                self.writer.add_scalar(k, v, step)
        if self.trackio is not None:
            self.trackio.log(values, step=step)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.trackio is not None:
            self.trackio.finish()
