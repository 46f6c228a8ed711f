"""The one training loop (SFT, reconstruction, the multi-task LoRA baseline), on accelerate (CPU, GPUs)."""

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
from tqdm.auto import tqdm

from ..constants import CARD_NAME
from ..model.hypernetwork import TextToLoRA
from ..model.task_index import TaskIndex
from .checkpoints import latest_checkpoint, load_checkpoint, prune_checkpoints, save_checkpoint
from .config import TrainConfig
from .metrics import MetricsLogger

logger = logging.getLogger(__name__)

LossFn = Callable[[torch.nn.Module, random.Random], tuple[torch.Tensor, int]]
EvalFn = Callable[[torch.nn.Module], float]
SaveFn = Callable[[torch.nn.Module, "Path | None"], None]
METRICS_NAME = "training_metrics.json"


def make_optimizer(
    model: torch.nn.Module, cfg: TrainConfig
) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LambdaLR]:
    """AdamW on the trainable parameters, linear warm-up then linear decay to 0 at ``cfg.max_steps``."""
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
    warmup = int(cfg.warmup_ratio * cfg.max_steps)

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (cfg.max_steps - step) / max(1, cfg.max_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)


def run(
    cfg: TrainConfig,
    hypernetwork: torch.nn.Module,
    accelerator: Any,
    loss_fn: LossFn,
    eval_fn: EvalFn | None,
    *,
    resume: bool = False,
    summary: Callable[[dict[str, Any]], str] = lambda result: "",
    stop_after: int | None = None,
    task_index: TaskIndex | None = None,
    save_final: SaveFn | None = None,
    shared_sampler: bool = False,
) -> dict[str, Any]:
    """Optimise ``hypernetwork`` on ``loss_fn`` for ``cfg.max_steps`` steps; write the best to ``output_dir``.

    ``loss_fn(model, sampler)`` returns (loss of one micro-batch, examples in it); ``eval_fn(model)``
    a validation loss (lower is better). ``stop_after`` ends early after that step (as an
    interruption would), leaving the checkpoints for ``resume``. ``save_final(model, best_checkpoint)``
    writes the output (default: the best hypernetwork with its card); the metrics go beside it.
    With ``shared_sampler`` every process gets the same sampler (seeded by ``cfg.seed``), so each
    draws the same global batch and ``loss_fn`` computes its process's part; otherwise each
    process samples its own batch. The logged loss is the mean over processes.
    """
    output_dir = Path(cfg.output_dir)
    rank = accelerator.process_index
    torch.manual_seed(cfg.seed + rank)
    sampler = random.Random(cfg.seed if shared_sampler else cfg.seed + rank)
    optimizer, scheduler = make_optimizer(hypernetwork, cfg)
    step, best_loss, best_dir, stale, stopped_early = 0, math.inf, None, 0, False
    if resume:
        checkpoint = latest_checkpoint(output_dir)
        if checkpoint is None:
            logger.warning("--resume: no checkpoint in %s; starting from scratch", output_dir / "checkpoints")
        else:
            meta = load_checkpoint(checkpoint, hypernetwork, optimizer, scheduler, sampler)
            # a run without validation saves best_loss as null (JSON has no infinity)
            saved = meta.get("best_loss")
            step, best_loss = meta["step"], math.inf if saved is None else saved
            stale = int(meta.get("stale_validations", 0))
            stopped_early = bool(meta.get("stopped_early", False))
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
            quiet = not sync and accelerator.num_processes > 1
            with accelerator.no_sync(model) if quiet else contextlib.nullcontext():
                with accelerator.autocast():
                    loss, n = loss_fn(model, sampler)
                accelerator.backward(loss / cfg.gradient_accumulation_steps)
            if accelerator.num_processes > 1:
                loss = accelerator.reduce(loss.detach(), reduction="mean")
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
                logger.warning(
                    "step %d: no lower validation loss in %d validations; stopping early", step, stale
                )
                stopped_early = last = True
        if accelerator.is_main_process and ((cfg.save_steps and step % cfg.save_steps == 0) or last):
            folder = output_dir / "checkpoints" / f"step-{step}"
            lower = eval_fn is not None and not math.isnan(val_loss) and val_loss < best_loss
            if lower:
                best_loss = val_loss
            if eval_fn is None or lower or not cfg.select_best:
                best_dir = folder
            extra = {
                "best_loss": best_loss if math.isfinite(best_loss) else None,
                "best_dir": str(best_dir) if best_dir else None,
                "config": asdict(cfg),
                "stale_validations": stale,
                "stopped_early": stopped_early,
            }
            inner = optimizer.optimizer if hasattr(optimizer, "optimizer") else optimizer
            save_checkpoint(
                folder,
                accelerator.unwrap_model(model),
                inner,
                scheduler,
                step=step,
                sampler=sampler,
                extra=extra,
            )
            prune_checkpoints(output_dir, cfg.keep_checkpoints, best_dir)
        if stop_after is not None and step >= stop_after:
            bar.close()
            metrics.close()
            return {"step": step, "interrupted": True}
    bar.close()
    accelerator.wait_for_everyone()
    result = {
        "step": step,
        "final_train_loss": total,
        "best_eval_loss": best_loss if math.isfinite(best_loss) else None,
        "final_eval_loss": val_loss if not math.isnan(val_loss) else None,
        "examples_seen": seen,
        "seconds": time.perf_counter() - start,
        "best_checkpoint": str(best_dir) if best_dir else None,
        "stopped_early": stopped_early,
        "processes": accelerator.num_processes,
    }
    if accelerator.is_main_process:
        final = accelerator.unwrap_model(model)
        if save_final is not None:
            save_final(final, best_dir)
        else:
            _write_output(cfg, final, best_dir, summary(result), task_index)
        history = {"result": result, "history": metrics.history}
        (output_dir / METRICS_NAME).write_text(json.dumps(history, indent=1))
    metrics.close()
    return result


def _write_output(
    cfg: TrainConfig,
    model: TextToLoRA,
    best_dir: Path | None,
    summary: str,
    task_index: TaskIndex | None = None,
) -> None:
    """The best hypernetwork (by validation loss), with a card and its task index, in ``output_dir``."""
    final = TextToLoRA.from_pretrained(best_dir) if best_dir is not None else model
    if task_index is not None:
        final.task_index = task_index
    output_dir = Path(cfg.output_dir)
    card = {"repo_id": cfg.push_to_hub, "training_summary": summary}
    readme = output_dir / CARD_NAME
    if readme.exists():
        readme.unlink()  # a card from an earlier run of this output_dir is regenerated
    final.save_pretrained(output_dir, model_card_kwargs=card)
    if cfg.push_to_hub:
        url = final.push_to_hub(cfg.push_to_hub, model_card_kwargs=card)
        logger.warning("Pushed the hypernetwork to %s", url)
