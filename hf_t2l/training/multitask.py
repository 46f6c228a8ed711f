"""The multi-task LoRA baseline: one PEFT LoRA trained on all tasks through T2L's SFT loop.

Same data, steps, loss and loop as T2L's SFT; it sees the same examples but no descriptions, for a
fair comparison.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, get_peft_model

from . import trainer
from .bank import TaskBank
from .data import collate, load_task_collection, select_tasks
from .losses import response_loss
from .neftune import neftune
from .recipes import SFTConfig
from .setup import build_hypernetwork, hypernetwork_config, load_base_model, make_accelerator


class _NoEncoder:
    """The baseline ignores descriptions: it embeds nothing."""

    def encode(self, texts: list[str]) -> torch.Tensor:
        return torch.zeros(len(texts), 1)


def train_multitask_lora(
    cfg: SFTConfig, output_dir: str | Path, *, resume: bool = False, stop_after: int | None = None
) -> dict[str, Any]:
    """Train one PEFT LoRA on all of ``cfg``'s training tasks and save it to ``output_dir``.

    The LoRA has the settings of the hypernetwork the same config trains (rank, alpha, rsLoRA,
    dropout, target modules; ``cfg.init_from``'s when set), and runs through the same loop as SFT:
    accelerate's device and precision, checkpoints under ``output_dir/checkpoints``, metrics.

    ``resume`` continues from the latest checkpoint in ``output_dir``; ``stop_after`` ends after that
    step as an interruption would.

    Returns:
        The loop's summary, plus ``steps`` and ``final_loss`` (mean of the last 20 micro-batch losses).
    """
    cfg = dataclasses.replace(cfg, output_dir=str(output_dir), push_to_hub=None)
    accelerator = make_accelerator(cfg)
    torch.manual_seed(cfg.seed)
    t2l_config = build_hypernetwork(cfg).config if cfg.init_from else hypernetwork_config(cfg)
    base, tokenizer = load_base_model(cfg, accelerator.device)
    lora = LoraConfig(
        r=t2l_config.rank,
        lora_alpha=t2l_config.lora_alpha,
        use_rslora=t2l_config.use_rslora,
        lora_dropout=t2l_config.lora_dropout,
        target_modules=list(t2l_config.target_modules),
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(base, lora)
    tasks = select_tasks(load_task_collection(cfg.data, cfg.train_split), cfg.tasks, cfg.skip_examples)
    bank = TaskBank(tasks, tokenizer, _NoEncoder(), cfg.max_length)
    device, losses = accelerator.device, []

    def loss_fn(peft_model: torch.nn.Module, rng: random.Random) -> tuple[torch.Tensor, int]:
        items, _ = bank.sample(rng, cfg.tasks_per_step, cfg.examples_per_task)
        batch = {k: v.to(device) for k, v in collate(items, tokenizer.pad_token_id).items()}
        inner = peft_model.get_base_model()
        with neftune(inner, cfg.neftune_alpha):
            loss = response_loss(inner, batch, label_smoothing=cfg.label_smoothing)
        losses.append(loss.item())
        return loss, len(items)

    def save_final(peft_model: torch.nn.Module, best: Path | None) -> None:
        peft_model.save_pretrained(str(output_dir))

    result = trainer.run(
        cfg, model, accelerator, loss_fn, None, save_final=save_final, resume=resume, stop_after=stop_after
    )
    if result.get("interrupted"):
        return {**result, "steps": result["step"], "final_loss": None}
    tail = losses[-20:]
    return {**result, "steps": result["step"], "final_loss": sum(tail) / len(tail) if tail else None}
