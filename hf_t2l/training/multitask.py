"""The multi-task LoRA baseline: one PEFT LoRA trained on all tasks with the same data, steps and loss
as T2L's SFT (it sees the same examples but no descriptions), for a fair comparison."""

from __future__ import annotations

import logging
import random
from pathlib import Path
from typing import Any

import torch

from .config import SFTConfig
from .data import collate, load_task_collection, select_tasks
from .lora_hooks import neftune, response_loss
from .loop import load_base_model, make_optimizer
from .sft import TaskBank

logger = logging.getLogger(__name__)


def train_multitask_lora(cfg: SFTConfig, output_dir: str | Path) -> dict[str, Any]:
    """Train a PEFT LoRA (cfg.rank, cfg.lora_alpha with rsLoRA, cfg.target_modules) and save it to ``output_dir``."""
    from peft import LoraConfig, get_peft_model
    from tqdm.auto import tqdm

    torch.manual_seed(cfg.seed)
    base, tokenizer = load_base_model(cfg, torch.device("cpu"))
    model = get_peft_model(base, LoraConfig(r=cfg.rank, lora_alpha=cfg.lora_alpha, use_rslora=True, lora_dropout=0.05,
                                            target_modules=list(cfg.target_modules), task_type="CAUSAL_LM"))
    tasks = select_tasks(load_task_collection(cfg.data, cfg.train_split), cfg.tasks, cfg.skip_examples)

    class _NoEncoder:  # the baseline ignores descriptions: embed nothing
        def encode(self, texts: list[str]) -> torch.Tensor:
            return torch.zeros(len(texts), 1)

    bank = TaskBank(tasks, tokenizer, _NoEncoder(), cfg.max_length)
    optimizer, scheduler = make_optimizer(model, cfg)
    sampler = random.Random(cfg.seed)
    model.train()
    losses = []
    for _ in tqdm(range(cfg.max_steps), desc="multi-task LoRA"):
        for _ in range(cfg.gradient_accumulation_steps):
            items, _ = bank.sample(sampler, cfg.tasks_per_step, cfg.examples_per_task)
            with neftune(model.get_base_model(), cfg.neftune_alpha):
                loss = response_loss(model.get_base_model(), collate(items, tokenizer.pad_token_id),
                                     label_smoothing=cfg.label_smoothing)
            (loss / cfg.gradient_accumulation_steps).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        losses.append(loss.item())
    model.save_pretrained(str(output_dir))
    return {"steps": cfg.max_steps, "final_loss": sum(losses[-20:]) / min(20, len(losses))}
