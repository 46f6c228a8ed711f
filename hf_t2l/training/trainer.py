"""The training loop shared by SFT and reconstruction, on accelerate (CPU, one GPU, or many)."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch

from ..hypernetwork import TextToLoRA
from ..task_index import TaskIndex
from .config import TrainConfig
from .loop import (
    MetricsLogger,
    latest_checkpoint,
    load_checkpoint,
    make_optimizer,
    prune_checkpoints,
    save_checkpoint,
)

logger = logging.getLogger(__name__)

LossFn = Callable[[torch.nn.Module, random.Random], tuple[torch.Tensor, int]]
EvalFn = Callable[[torch.nn.Module], float]


def run(
    cfg: TrainConfig,
    hypernetwork: TextToLoRA,
    accelerator: Any,
    loss_fn: LossFn,
    eval_fn: EvalFn | None,
    *,
    resume: bool = False,
    summary: Callable[[dict[str, Any]], str] = lambda result: "",
    stop_after: int | None = None,
    task_index: TaskIndex | None = None,
) -> dict[str, Any]:
    """Optimise ``hypernetwork`` on ``loss_fn`` for ``cfg.max_steps`` steps; write the best to ``output_dir``.

    ``loss_fn(model, sampler)`` returns (loss of one micro-batch, examples in it); ``eval_fn(model)``
    a validation loss (lower is better). ``stop_after`` ends early after that step (as an
    interruption would), leaving the checkpoints for ``resume``.
    """
    from tqdm.auto import tqdm

    output_dir = Path(cfg.output_dir)
    rank = accelerator.process_index
    torch.manual_seed(cfg.seed + rank)
    sampler = random.Random(cfg.seed + rank)
    optimizer, scheduler = make_optimizer(hypernetwork, cfg)
    step, best_loss, best_dir, stale, stopped_early = 0, math.inf, None, 0, False
    if resume:
        checkpoint = latest_checkpoint(output_dir)
        if checkpoint is None:
            logger.warning("--resume: no checkpoint in %s; starting from scratch", output_dir / "checkpoints")
        else:
            meta = load_checkpoint(checkpoint, hypernetwork, optimizer, scheduler, sampler)
            step, best_loss = meta["step"], meta.get("best_loss", math.inf)
            stale, stopped_early = int(meta.get("stale_validations", 0)), bool(meta.get("stopped_early", False))
            best_dir = Path(meta["best_dir"]) if meta.get("best_dir") else None
            logger.warning("Resuming from %s (step %d)", checkpoint, step)
    model, optimizer = accelerator.prepare(hypernetwork, optimizer)
    metrics = MetricsLogger(cfg, output_dir, enabled=accelerator.is_main_process)
    bar = tqdm(total=cfg.max_steps, initial=step, desc="training", disable=not accelerator.is_main_process)
    seen, start = 0, time.perf_counter()
    val_loss, best_seen, total = math.nan, best_loss, math.nan
    while step < cfg.max_steps and not stopped_early:
        model.train()
        total = 0.0
        for micro in range(cfg.gradient_accumulation_steps):
            sync = micro == cfg.gradient_accumulation_steps - 1
            with (accelerator.no_sync(model) if not sync and accelerator.num_processes > 1 else contextlib.nullcontext()):
                with accelerator.autocast():
                    loss, n = loss_fn(model, sampler)
                accelerator.backward(loss / cfg.gradient_accumulation_steps)
            total += loss.item() / cfg.gradient_accumulation_steps
            seen += n
        accelerator.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        lr = scheduler.get_last_lr()[0]
        rate = seen / max(time.perf_counter() - start, 1e-9)
        bar.set_postfix(loss=f"{total:.4f}", lr=f"{lr:.2e}", ex_s=f"{rate:.1f}")
        bar.update(1)
        metrics.log(step, {"train/loss": total, "train/lr": lr, "train/examples_per_s": rate})
        last = step == cfg.max_steps
        if eval_fn is not None and ((cfg.eval_steps and step % cfg.eval_steps == 0) or last):
            val_loss = eval_fn(accelerator.unwrap_model(model))
            metrics.log(step, {"eval/loss": val_loss})
            logger.info("step %d: validation loss %.4f", step, val_loss)
            stale = 0 if val_loss < best_seen else stale + 1
            best_seen = min(best_seen, val_loss)
            if cfg.early_stopping_patience and stale >= cfg.early_stopping_patience and not last:
                logger.warning("step %d: no lower validation loss in %d validations; stopping early", step, stale)
                stopped_early = last = True
        if accelerator.is_main_process and ((cfg.save_steps and step % cfg.save_steps == 0) or last):
            folder = output_dir / "checkpoints" / f"step-{step}"
            improved = eval_fn is None or (not math.isnan(val_loss) and val_loss < best_loss) or not cfg.select_best
            if eval_fn is not None and not math.isnan(val_loss) and val_loss < best_loss:
                best_loss = val_loss
            if improved:
                best_dir = folder
            save_checkpoint(folder, accelerator.unwrap_model(model), optimizer.optimizer if hasattr(optimizer, "optimizer") else optimizer,
                            scheduler, step=step, sampler=sampler,
                            extra={"best_loss": best_loss if math.isfinite(best_loss) else None,
                                   "best_dir": str(best_dir) if best_dir else None, "config": asdict(cfg),
                                   "stale_validations": stale, "stopped_early": stopped_early})
            prune_checkpoints(output_dir, cfg.keep_checkpoints, best_dir)
        if stop_after is not None and step >= stop_after:
            bar.close()
            metrics.close()
            return {"step": step, "interrupted": True}
    bar.close()
    accelerator.wait_for_everyone()
    result = {"step": step, "final_train_loss": total, "best_eval_loss": best_loss if math.isfinite(best_loss) else None,
              "final_eval_loss": val_loss if not math.isnan(val_loss) else None, "examples_seen": seen,
              "seconds": time.perf_counter() - start, "best_checkpoint": str(best_dir) if best_dir else None,
              "stopped_early": stopped_early}
    if accelerator.is_main_process:
        _write_output(cfg, accelerator.unwrap_model(model), best_dir, result, metrics, summary(result), task_index)
    metrics.close()
    return result


def _write_output(cfg: TrainConfig, model: TextToLoRA, best_dir: Path | None, result: dict[str, Any],
                  metrics: MetricsLogger, summary: str, task_index: TaskIndex | None = None) -> None:
    """The best hypernetwork (by validation loss), with a card, the metrics and its task index, in ``output_dir``."""
    final = TextToLoRA.from_pretrained(best_dir) if best_dir is not None else model
    if task_index is not None:
        final.task_index = task_index
    output_dir = Path(cfg.output_dir)
    card = {"repo_id": cfg.push_to_hub, "training_summary": summary}
    readme = output_dir / "README.md"
    if readme.exists():
        readme.unlink()  # a card from an earlier run of this output_dir is regenerated
    final.save_pretrained(output_dir, model_card_kwargs=card)
    (output_dir / "training_metrics.json").write_text(json.dumps({"result": result, "history": metrics.history}, indent=1))
    if cfg.push_to_hub:
        url = final.push_to_hub(cfg.push_to_hub, model_card_kwargs=card)
        logger.warning("Pushed the hypernetwork to %s", url)

