"""T2L via reconstruction: learn to reproduce a library of task LoRAs from their descriptions."""

from __future__ import annotations

import json
import logging
import math
import random
from pathlib import Path
from typing import Any

import torch
from peft.utils import load_peft_weights

from ..constants import ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME
from ..errors import TaskDataError
from ..hub.download import download_files
from ..model.config import T2LConfig
from . import trainer
from .recipes import ReconConfig
from .setup import build_hypernetwork, make_accelerator

logger = logging.getLogger(__name__)


def read_peft_adapter(source: str) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """``(adapter_config.json as a dict, tensors of adapter_model.safetensors)`` of a PEFT LoRA folder or Hub
    repo (safetensors only: nothing is unpickled).

    Raises:
        TaskDataError: the folder or repo lacks either file.
    """
    folder = Path(source)
    if not folder.is_dir():
        folder = download_files(source, (ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME))
    missing = [n for n in (ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME) if not (folder / n).is_file()]
    if missing:
        raise TaskDataError(
            f"Adapter {source!r} has no {' or '.join(missing)}; give a PEFT LoRA saved as safetensors."
        )
    adapter_config = json.loads((folder / ADAPTER_CONFIG_NAME).read_text(encoding="utf-8"))
    return adapter_config, load_peft_weights(str(folder), device="cpu")


def load_lora_targets(
    entry: dict[str, Any], config: T2LConfig
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """Read one PEFT LoRA (local folder or Hub repo) as ``{module: (A [L, r, in], B [L, out, r])}``."""
    source = entry.get("adapter")
    if not isinstance(source, str):
        raise TaskDataError(f"Library entry {entry!r} has no 'adapter' (a PEFT folder or Hub repo id).")
    adapter_config, state = read_peft_adapter(source)
    if adapter_config.get("r") != config.rank:
        raise TaskDataError(
            f"Adapter {source!r} has rank {adapter_config.get('r')}; "
            f"the hypernetwork writes rank {config.rank}."
        )
    return stack_lora_targets(source, state, config)


def stack_lora_targets(
    source: str, state: dict[str, torch.Tensor], config: T2LConfig
) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
    """A PEFT LoRA state dict as ``{module: (A [L, r, in], B [L, out, r])}`` (float32) for ``config``'s
    layers."""
    out = {}
    for m in config.target_modules:
        try:
            A = torch.stack([state[config.peft_key(m, i, "A")] for i in range(config.num_layers)]).float()
            B = torch.stack([state[config.peft_key(m, i, "B")] for i in range(config.num_layers)]).float()
        except KeyError as e:
            raise TaskDataError(
                f"Adapter {source!r} has no {e.args[0]!r}: it was not trained for this base/modules."
            ) from None
        out[m] = (A, B)
    return out


def train_recon(cfg: ReconConfig, *, resume: bool = False, stop_after: int | None = None) -> dict[str, Any]:
    """Train a hypernetwork to reconstruct ``cfg.library``; returns a summary."""
    accelerator = make_accelerator(cfg)
    torch.manual_seed(cfg.seed)
    hypernetwork = build_hypernetwork(
        cfg,
        training_task="recon",
        factorized=cfg.factorized,
        pred_z_score=cfg.pred_z_score,
        delta_w_scaling=cfg.delta_w_scaling,
        head_use_bias=not cfg.pred_z_score,
    )
    config = hypernetwork.config
    encoder = hypernetwork.get_encoder()
    entries = {"train": [], "eval": []}
    for entry in cfg.library:
        descriptions = entry.get("descriptions")
        if isinstance(descriptions, str):
            descriptions = [descriptions]
        if not descriptions:
            raise TaskDataError(f"Library entry {entry.get('adapter')!r} has no descriptions.")
        targets = load_lora_targets(entry, config)
        entries[entry.get("split", "train")].append((encoder.encode(descriptions), targets))
    if not entries["train"]:
        raise TaskDataError("The library has no adapters in split 'train'.")
    with torch.no_grad():
        for p in (*hypernetwork.AB_offset.A.values(), *hypernetwork.AB_offset.B.values()):
            p.zero_()  # targets are absolute weights
        for m in config.target_modules:
            for which, idx in (("A", 0), ("B", 1)):
                stack = torch.stack([t[m][idx] for _, t in entries["train"]])
                getattr(hypernetwork.mean_recon_target, which)[m].copy_(stack.mean(0))
                std = stack.std(0, unbiased=False) if len(stack) > 1 else torch.ones_like(stack[0])
                getattr(hypernetwork.std_recon_target, which)[m].copy_(std.clamp(min=1e-6))
    device = accelerator.device
    s = config.delta_w_scaling

    def batch_loss(model: torch.nn.Module, picked: list) -> torch.Tensor:
        embs = torch.stack([e[i % len(e)] for (e, _), i in picked]).to(device)
        pred = model(embs, raw_scale=False)
        unwrapped = model.module if hasattr(model, "module") else model
        losses = []
        for m, (A, B) in pred.items():
            At = torch.stack([t[m][0] for (_, t), _ in picked]).to(device)
            Bt = torch.stack([t[m][1] for (_, t), _ in picked]).to(device)
            if not cfg.factorized:
                losses.append((B @ A - s * (Bt @ At)).abs().mean())
                continue
            if cfg.pred_z_score:
                At = (At - unwrapped.mean_recon_target.A[m]) / (unwrapped.std_recon_target.A[m] + 1e-10)
                Bt = (Bt - unwrapped.mean_recon_target.B[m]) / (unwrapped.std_recon_target.B[m] + 1e-10)
            losses.append((A - At).abs().mean() + (B - Bt).abs().mean())
        return sum(losses) / len(losses)

    def loss_fn(model: torch.nn.Module, rng: random.Random) -> tuple[torch.Tensor, int]:
        picked = [
            (entries["train"][rng.randrange(len(entries["train"]))], rng.randrange(1 << 30))
            for _ in range(cfg.adapters_per_step)
        ]
        return batch_loss(model, picked), len(picked)

    @torch.no_grad()
    def eval_fn(model: torch.nn.Module) -> float:
        model.eval()
        return float(batch_loss(model, [(e, 0) for e in entries["eval"]]))

    def summary(result: dict[str, Any]) -> str:
        factorized = "factorized A/B" + (" (z-scored)" if cfg.pred_z_score else "")
        mode = factorized if cfg.factorized else f"delta W x {s:g}"
        text = (
            f"Trained with `hf-t2l train recon` to reconstruct {len(entries['train'])} LoRA adapters "
            f"(L1 on {mode}), {result['step']} steps, lr {cfg.learning_rate}, seed {cfg.seed}."
        )
        if result.get("best_eval_loss") is not None:
            text += (
                f" Held-out reconstruction L1: {result['best_eval_loss']:.4f} "
                f"({len(entries['eval'])} adapters)."
            )
        return text

    result = trainer.run(
        cfg,
        hypernetwork,
        accelerator,
        loss_fn,
        eval_fn if entries["eval"] else None,
        resume=resume,
        summary=summary,
        stop_after=stop_after,
    )
    if not math.isfinite(result.get("final_train_loss", 0.0) or 0.0):
        logger.warning("The reconstruction loss diverged; lower learning_rate.")
    return result
