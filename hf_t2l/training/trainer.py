"""The one training loop (SFT, reconstruction, the multi-task LoRA baseline), on accelerate (CPU, GPUs)."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm

from ..constants import CARD_NAME
from ..model.hypernetwork import TextToLoRA
from ..model.task_index import TaskIndex
from .checkpoints import latest_checkpoint, load_checkpoint, load_history, prune_checkpoints, save_checkpoint
from .metrics import MetricsLogger
from .recipes import TrainConfig

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


@dataclass
class _Parts:
    """What one run works with: the prepared model and optimiser, their schedule, sampler and loggers."""

    cfg: TrainConfig
    accelerator: Any
    model: torch.nn.Module
    optimizer: Any
    scheduler: torch.optim.lr_scheduler.LambdaLR
    sampler: random.Random
    metrics: MetricsLogger
    bar: Any

    @property
    def output_dir(self) -> Path:
        return Path(self.cfg.output_dir)


@dataclass
class _Progress:
    """Where a run stands; what a checkpoint keeps of it (step, best, stale, stopped_early) is resumed."""

    step: int = 0
    best_loss: float = math.inf  # the lowest validation loss of a checkpoint written (main process)
    best_dir: Path | None = None  # the checkpoint the output is written from
    stale: int = 0  # validations in a row without a lower loss
    stopped_early: bool = False
    best_seen: float = math.inf  # the lowest validation loss so far (every process)
    train_loss: float = math.nan
    val_loss: float = math.nan
    seen: int = 0  # examples of this process since (re)start (for the rate)
    start: float = 0.0
    examples: int = 0  # examples of all processes over the whole run, resumes included
    uncounted_steps: int = 0  # steps before a resume from a checkpoint that did not keep the count
    seconds_before: float = 0.0  # training seconds before this (re)start
    timed_from: int = 0  # the step the seconds count from (a checkpoint that did not keep them: its own)

    def seconds(self) -> float:
        """Seconds spent training over the whole run (those before a resume included when kept)."""
        return self.seconds_before + time.perf_counter() - self.start

    def examples_seen(self) -> int:
        """Examples of all processes over the whole run; steps whose count a checkpoint did not keep
        are counted at this start's examples per step."""
        since = self.step - self.uncounted_steps
        per_step = self.examples / since if since > 0 else 0
        return self.examples + round(self.uncounted_steps * per_step)


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
    parts, progress = _start(cfg, hypernetwork, accelerator, resume=resume, shared_sampler=shared_sampler)
    while progress.step < cfg.max_steps and not progress.stopped_early:
        progress.train_loss, examples, everyone = _train_step(parts, loss_fn)
        progress.step += 1
        progress.seen += examples
        progress.examples += everyone
        _log_step(parts, progress)
        last = progress.step == cfg.max_steps
        if eval_fn is not None and (_every(cfg.eval_steps, progress.step) or last):
            _validate(parts, progress, eval_fn, last=last)
            last = last or progress.stopped_early
        if accelerator.is_main_process and (_every(cfg.save_steps, progress.step) or last):
            _checkpoint(parts, progress, validated=eval_fn is not None)
        if stop_after is not None and progress.step >= stop_after:
            parts.bar.close()
            parts.metrics.close()
            return {"step": progress.step, "interrupted": True}
    parts.bar.close()
    accelerator.wait_for_everyone()
    result = _result(progress, accelerator.num_processes)
    if accelerator.is_main_process:
        _write_result(parts, result, progress.best_dir, save_final, summary, task_index)
    parts.metrics.close()
    return result


def _start(
    cfg: TrainConfig, hypernetwork: torch.nn.Module, accelerator: Any, *, resume: bool, shared_sampler: bool
) -> tuple[_Parts, _Progress]:
    """The run's parts, seeded per process, and its progress: from scratch or from the latest checkpoint."""
    rank = accelerator.process_index
    torch.manual_seed(cfg.seed + rank)
    sampler = random.Random(cfg.seed if shared_sampler else cfg.seed + rank)
    optimizer, scheduler = make_optimizer(hypernetwork, cfg)
    progress = _Progress()
    history: list[dict[str, float]] = []
    if resume:
        history = _resume(cfg, hypernetwork, optimizer, scheduler, sampler, progress)
    progress.best_seen = progress.best_loss
    model, optimizer = accelerator.prepare(hypernetwork, optimizer)
    metrics = MetricsLogger(cfg, Path(cfg.output_dir), enabled=accelerator.is_main_process)
    metrics.history[:0] = history
    bar = tqdm(
        total=cfg.max_steps, initial=progress.step, desc="training", disable=not accelerator.is_main_process
    )
    progress.start = time.perf_counter()
    return _Parts(cfg, accelerator, model, optimizer, scheduler, sampler, metrics, bar), progress


def _resume(
    cfg: TrainConfig,
    hypernetwork: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: torch.optim.lr_scheduler.LambdaLR,
    sampler: random.Random,
    progress: _Progress,
) -> list[dict[str, float]]:
    """Restore the latest checkpoint's weights, optimiser, schedule and RNG states into the run's parts,
    and its progress; return the metrics history up to it."""
    output_dir = Path(cfg.output_dir)
    checkpoint = latest_checkpoint(output_dir)
    if checkpoint is None:
        logger.warning("--resume: no checkpoint in %s; starting from scratch", output_dir / "checkpoints")
        return []
    meta = load_checkpoint(checkpoint, hypernetwork, optimizer, scheduler, sampler)
    # a run without validation saves best_loss as null (JSON has no infinity)
    saved = meta.get("best_loss")
    progress.step, progress.best_loss = meta["step"], math.inf if saved is None else saved
    progress.stale = int(meta.get("stale_validations", 0))
    progress.best_dir = Path(meta["best_dir"]) if meta.get("best_dir") else None
    progress.seconds_before = float(meta.get("train_seconds", 0.0))
    progress.timed_from = int(meta.get("timed_from_step", 0)) if "train_seconds" in meta else progress.step
    if "examples_seen" in meta:
        progress.examples = int(meta["examples_seen"])
    else:  # written before the count was kept: estimated at this start's examples per step
        progress.uncounted_steps = progress.step
    patience = cfg.early_stopping_patience
    progress.stopped_early = (
        bool(meta.get("stopped_early")) and patience is not None and progress.stale >= patience
    )
    if meta.get("stopped_early") and not progress.stopped_early:
        logger.warning(
            "The run had stopped early at step %d; early_stopping_patience=%s lets it go on to step %d",
            progress.step,
            patience,
            cfg.max_steps,
        )
    logger.warning("Resuming from %s (step %d)", checkpoint, progress.step)
    return load_history(checkpoint)


def _train_step(parts: _Parts, loss_fn: LossFn) -> tuple[float, int, int]:
    """One optimiser step over ``gradient_accumulation_steps`` micro-batches: (its loss, averaged over
    the processes; this process's examples; every process's examples)."""
    cfg, accelerator, model = parts.cfg, parts.accelerator, parts.model
    model.train()
    total, seen = 0.0, 0
    for micro in range(cfg.gradient_accumulation_steps):
        sync = micro == cfg.gradient_accumulation_steps - 1
        quiet = not sync and accelerator.num_processes > 1
        with accelerator.no_sync(model) if quiet else contextlib.nullcontext():
            with accelerator.autocast():
                loss, n = loss_fn(model, parts.sampler)
            accelerator.backward(loss / cfg.gradient_accumulation_steps)
        if accelerator.num_processes > 1:
            loss = accelerator.reduce(loss.detach(), reduction="mean")
        total += loss.item() / cfg.gradient_accumulation_steps
        seen += n
    accelerator.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
    parts.optimizer.step()
    parts.scheduler.step()
    parts.optimizer.zero_grad(set_to_none=True)
    everyone = seen
    if accelerator.num_processes > 1:
        everyone = int(accelerator.reduce(torch.tensor([float(seen)]), reduction="sum").item())
    return total, seen, everyone


def _log_step(parts: _Parts, progress: _Progress) -> None:
    """The step's loss, learning rate and throughput: on the progress bar and in the metrics."""
    lr = parts.scheduler.get_last_lr()[0]
    rate = progress.seen / max(time.perf_counter() - progress.start, 1e-9)
    parts.bar.set_postfix(loss=f"{progress.train_loss:.4f}", lr=f"{lr:.2e}", ex_s=f"{rate:.1f}")
    parts.bar.update(1)
    parts.metrics.log(
        progress.step, {"train/loss": progress.train_loss, "train/lr": lr, "train/examples_per_s": rate}
    )


def _every(interval: int, step: int) -> bool:
    """Whether ``step`` is a multiple of ``interval`` (never, for an interval of 0)."""
    return bool(interval) and step % interval == 0


def _validate(parts: _Parts, progress: _Progress, eval_fn: EvalFn, *, last: bool) -> None:
    """The validation loss; counts validations without a lower one, and stops early after
    ``early_stopping_patience`` of them (unless this is the last step anyway)."""
    cfg, step = parts.cfg, progress.step
    progress.val_loss = eval_fn(parts.accelerator.unwrap_model(parts.model))
    parts.metrics.log(step, {"eval/loss": progress.val_loss})
    logger.info("step %d: validation loss %.4f", step, progress.val_loss)
    progress.stale = 0 if progress.val_loss < progress.best_seen else progress.stale + 1
    progress.best_seen = min(progress.best_seen, progress.val_loss)
    if cfg.early_stopping_patience and progress.stale >= cfg.early_stopping_patience and not last:
        logger.warning(
            "step %d: no lower validation loss in %d validations; stopping early", step, progress.stale
        )
        progress.stopped_early = True


def _checkpoint(parts: _Parts, progress: _Progress, *, validated: bool) -> None:
    """Write this step's checkpoint, keeping it as the best when its validation loss is the lowest (or
    always, without validation or with ``select_best`` off); prune the older ones."""
    cfg = parts.cfg
    folder = parts.output_dir / "checkpoints" / f"step-{progress.step}"
    lower = validated and not math.isnan(progress.val_loss) and progress.val_loss < progress.best_loss
    if lower:
        progress.best_loss = progress.val_loss
    if not validated or lower or not cfg.select_best:
        progress.best_dir = folder
    extra = {
        "best_loss": progress.best_loss if math.isfinite(progress.best_loss) else None,
        "best_dir": str(progress.best_dir) if progress.best_dir else None,
        "config": asdict(cfg),
        "stale_validations": progress.stale,
        "stopped_early": progress.stopped_early,
        "examples_seen": progress.examples_seen(),
        "train_seconds": progress.seconds(),
        "timed_from_step": progress.timed_from,
    }
    optimizer = parts.optimizer
    inner = optimizer.optimizer if hasattr(optimizer, "optimizer") else optimizer
    save_checkpoint(
        folder,
        parts.accelerator.unwrap_model(parts.model),
        inner,
        parts.scheduler,
        step=progress.step,
        sampler=parts.sampler,
        extra=extra,
        history=parts.metrics.history,
    )
    prune_checkpoints(parts.output_dir, cfg.keep_checkpoints, progress.best_dir)


def _result(progress: _Progress, processes: int) -> dict[str, Any]:
    """The run's summary: losses, steps, examples, time and the best checkpoint."""
    return {
        "step": progress.step,
        "final_train_loss": progress.train_loss,
        "best_eval_loss": progress.best_loss if math.isfinite(progress.best_loss) else None,
        "final_eval_loss": progress.val_loss if not math.isnan(progress.val_loss) else None,
        "examples_seen": progress.examples_seen(),
        "seconds": progress.seconds(),
        "seconds_from_step": progress.timed_from,
        "best_checkpoint": str(progress.best_dir) if progress.best_dir else None,
        "stopped_early": progress.stopped_early,
        "processes": processes,
    }


def _write_result(
    parts: _Parts,
    result: dict[str, Any],
    best_dir: Path | None,
    save_final: SaveFn | None,
    summary: Callable[[dict[str, Any]], str],
    task_index: TaskIndex | None,
) -> None:
    """The output (``save_final``'s, or the best hypernetwork with its card) and the metrics beside it."""
    final = parts.accelerator.unwrap_model(parts.model)
    if save_final is not None:
        save_final(final, best_dir)
    else:
        _write_output(parts.cfg, final, best_dir, summary(result), task_index)
    history = {"result": result, "history": parts.metrics.history}
    (parts.output_dir / METRICS_NAME).write_text(json.dumps(history, indent=1))


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
