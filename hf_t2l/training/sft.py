"""T2L via multi-task SFT: each step, n tasks x k examples, one generated LoRA per sample."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any

import torch

from ..errors import InvalidConfigError
from ..model.config import T2LConfig
from ..model.hypernetwork import TextToLoRA
from ..model.task_index import TaskIndex
from . import trainer
from .bank import TaskBank
from .data import (
    DescriptionEmbeddings,
    collate,
    load_task_collection,
    save_description_embeddings,
    select_tasks,
)
from .embeddings import cached_description_embeddings, encode_texts
from .lora_hooks import generated_lora
from .losses import response_loss
from .neftune import neftune
from .recipes import SFTConfig
from .setup import build_hypernetwork, load_base_model, make_accelerator

logger = logging.getLogger(__name__)


def sft_loss(
    model: torch.nn.Module,
    base: torch.nn.Module,
    items: list,
    embeddings: torch.Tensor,
    cfg: SFTConfig,
    pad_id: int,
    *,
    train: bool,
    token_share: float = 1.0,
    sample_share: float = 1.0,
) -> torch.Tensor:
    """Cross-entropy of the base model adapted per sample by the generated LoRAs (+ L2 on A and B).

    ``token_share`` and ``sample_share`` weigh the two terms when ``items`` are one process's part
    of a global batch (see :func:`process_share`); 1.0 for a whole batch."""
    device = embeddings.device
    batch = {k: v.to(device) for k, v in collate(items, pad_id).items()}
    weights = model(embeddings)
    config = model.module.config if hasattr(model, "module") else model.config
    base.train(train)
    with (
        generated_lora(base, config, weights, dropout=config.lora_dropout if train else 0.0),
        neftune(base, cfg.neftune_alpha if train else None),
    ):
        loss = response_loss(base, batch, label_smoothing=cfg.label_smoothing if train else 0.0) * token_share
    if train and cfg.ab_l2:
        l2 = sum(A.pow(2).mean() + B.pow(2).mean() for A, B in weights.values())
        loss = loss + cfg.ab_l2 * sample_share * l2
    return loss


def process_share(items: list, rank: int, world: int) -> tuple[slice, float, float]:
    """This process's contiguous part of a global batch, and the weights of its two loss terms.

    Every process draws the same global batch and computes the loss of its part; data-parallel
    training averages the processes' gradients. Weighting the part's mean token loss by
    ``world * its response tokens / all response tokens`` (and the per-sample L2 term by
    ``world * its samples / all samples``) makes that average the gradient of the global batch's
    loss, as one process would compute it.
    """
    n = len(items)
    part = slice(rank * n // world, (rank + 1) * n // world)
    tokens = [sum(label != -100 for label in labels[1:]) for _, labels in items]
    token_share = world * sum(tokens[part]) / max(1, sum(tokens))
    return part, token_share, world * (part.stop - part.start) / n


def train_sft(cfg: SFTConfig, *, resume: bool = False, stop_after: int | None = None) -> dict[str, Any]:
    """Train a hypernetwork with multi-task SFT; returns a summary (losses, steps, best checkpoint)."""
    accelerator = make_accelerator(cfg)
    torch.manual_seed(cfg.seed)
    table = DescriptionEmbeddings.load(cfg.embeddings) if cfg.embeddings else None
    overrides = {"embedding_dim": table.dim} if table and not cfg.init_from else {}
    hypernetwork = build_hypernetwork(cfg, **overrides)
    base, tokenizer = load_base_model(cfg, accelerator.device)
    hypernetwork.use_base_model(base, tokenizer)  # a base-model encoder reads with this copy
    encoder = None if table is not None else hypernetwork.get_encoder()
    if table is not None:
        _check_embeddings_file(cfg, table, hypernetwork.config)
    bank, eval_bank = _task_banks(cfg, hypernetwork, tokenizer, table, encoder)
    pad_id, device = tokenizer.pad_token_id, accelerator.device
    rank, world = accelerator.process_index, accelerator.num_processes
    if cfg.tasks_per_step * cfg.examples_per_task < world:
        raise InvalidConfigError(
            f"tasks_per_step x examples_per_task = {cfg.tasks_per_step * cfg.examples_per_task} examples per "
            f"step cannot be split across {world} processes: raise tasks_per_step or launch fewer processes."
        )
    return trainer.run(
        cfg,
        hypernetwork,
        accelerator,
        _train_loss_fn(cfg, bank, base, pad_id, device, rank, world),
        _eval_loss_fn(cfg, eval_bank, base, pad_id, device) if eval_bank else None,
        resume=resume,
        summary=_summary_fn(cfg, bank, eval_bank),
        stop_after=stop_after,
        shared_sampler=True,
        task_index=training_task_index(bank, eval_bank, hypernetwork.config.encoder_name_or_path),
    )


def _check_embeddings_file(cfg: SFTConfig, table: DescriptionEmbeddings, config: T2LConfig) -> None:
    """A given embeddings file must match the hypernetwork's input width (another encoder: a warning)."""
    if table.dim != config.embedding_dim:
        raise InvalidConfigError(
            f"{cfg.embeddings} holds {table.dim}-d embeddings but the hypernetwork "
            f"expects {config.embedding_dim}-d ones; "
            "rewrite it for this encoder."
        )
    if table.encoder != config.encoder_name_or_path:
        logger.warning(
            "%s was written with encoder %s, the config names %s",
            cfg.embeddings,
            table.encoder,
            config.encoder_name_or_path,
        )


def _task_banks(
    cfg: SFTConfig,
    hypernetwork: TextToLoRA,
    tokenizer: Any,
    table: DescriptionEmbeddings | None,
    encoder: Any,
) -> tuple[TaskBank, TaskBank | None]:
    """The training tasks and, with ``eval_split``, the validation tasks (``eval_examples_per_task`` each),
    with the embeddings of their descriptions."""
    train_tasks = select_tasks(load_task_collection(cfg.data, cfg.train_split), cfg.tasks, cfg.skip_examples)
    eval_tasks = load_task_collection(cfg.data, cfg.eval_split) if cfg.eval_split else []
    if table is None:  # every description encoded once, or read back from the embeddings cache
        texts = [d for t in train_tasks + eval_tasks for d in t.descriptions]
        name = hypernetwork.config.encoder_name_or_path
        table = cached_description_embeddings(encoder, texts, name, precision=cfg.mixed_precision)
    else:  # with a given file, the encoder is loaded only to encode the word-dropped variants
        encoder = hypernetwork.get_encoder() if cfg.description_dropout else None
    bank = TaskBank(
        train_tasks,
        tokenizer,
        table,
        cfg.max_length,
        description_dropout=cfg.description_dropout,
        variant_encoder=encoder,
    )
    eval_bank = None
    if cfg.eval_split:
        for t in eval_tasks:
            t.examples = t.examples[: cfg.eval_examples_per_task]
        eval_bank = TaskBank(eval_tasks, tokenizer, table, cfg.max_length)
    return bank, eval_bank


def _train_loss_fn(
    cfg: SFTConfig,
    bank: TaskBank,
    base: torch.nn.Module,
    pad_id: int,
    device: torch.device,
    rank: int,
    world: int,
) -> trainer.LossFn:
    """The loss of one micro-batch: the global batch, drawn alike on every process (one seeded sampler),
    of which each process computes its part."""

    def loss_fn(model: torch.nn.Module, rng: random.Random) -> tuple[torch.Tensor, int]:
        items, embs = bank.sample(rng, cfg.tasks_per_step, cfg.examples_per_task)
        part, token_share, sample_share = process_share(items, rank, world)
        loss = sft_loss(
            model,
            base,
            items[part],
            embs[part].to(device),
            cfg,
            pad_id,
            train=True,
            token_share=token_share,
            sample_share=sample_share,
        )
        return loss, part.stop - part.start

    return loss_fn


def _eval_loss_fn(
    cfg: SFTConfig, eval_bank: TaskBank, base: torch.nn.Module, pad_id: int, device: torch.device
) -> trainer.EvalFn:
    """The mean loss over every validation example (each with one of its task's descriptions), in
    chunks of 16."""

    @torch.no_grad()
    def eval_fn(model: torch.nn.Module) -> float:
        model.eval()
        total, count = 0.0, 0
        pairs = [
            (eval_bank.example(t, i), eval_bank.embeddings[t][i % len(eval_bank.embeddings[t])])
            for t, task in enumerate(eval_bank.tasks)
            for i in range(len(task.examples))
        ]
        for i in range(0, len(pairs), 16):
            chunk = pairs[i : i + 16]
            embs = torch.stack([c[1] for c in chunk]).to(device)
            loss = sft_loss(model, base, [c[0] for c in chunk], embs, cfg, pad_id, train=False)
            total, count = total + loss.item() * len(chunk), count + len(chunk)
        return total / count

    return eval_fn


def _summary_fn(
    cfg: SFTConfig, bank: TaskBank, eval_bank: TaskBank | None
) -> Callable[[dict[str, Any]], str]:
    """The training summary of the model card, from the run's result."""
    train_tasks = bank.tasks
    n_examples = sum(len(t.examples) for t in train_tasks)

    def summary(result: dict[str, Any]) -> str:
        lines = [
            f"Trained with `hf-t2l train sft` (multi-task SFT) on `{cfg.data}`: {len(train_tasks)} training "
            "tasks, "
            f"{n_examples} examples, {sum(len(t.descriptions) for t in train_tasks)} descriptions.",
            f"{result['step']} steps of {cfg.tasks_per_step} tasks x {cfg.examples_per_task} examples, "
            f"lr {cfg.learning_rate}, seed {cfg.seed}; {result['examples_seen']} examples seen in "
            f"{result['seconds']:.0f} s"
            + (
                f" (timed from step {result['seconds_from_step']})."
                if result.get("seconds_from_step")
                else "."
            ),
        ]
        if result.get("best_eval_loss") is not None:
            final = result.get("final_eval_loss")
            lines.append(
                f"Validation loss on split `{cfg.eval_split}` ({len(eval_bank.tasks)} tasks): "
                f"best {result['best_eval_loss']:.4f}"
                + ("" if final is None else f", final {final:.4f}")
                + "."
            )
        if result.get("stopped_early"):
            lines.append(
                f"Stopped early at step {result['step']}: {cfg.early_stopping_patience} validations "
                "in a row "
                "without a lower validation loss."
            )
        return "\n".join(lines)

    return summary


def training_task_index(bank: TaskBank, eval_bank: TaskBank | None, encoder: str) -> TaskIndex:
    """The shipped index of the training tasks, its threshold calibrated on the validation tasks'
    descriptions."""
    tasks = bank.tasks
    index = TaskIndex.build(
        {t.task_id: e for t, e in zip(tasks, bank.embeddings)},
        families={t.task_id: t.family or t.task_id for t in tasks},
        descriptions={t.task_id: t.descriptions[0] for t in tasks},
        encoder=encoder,
    )
    if eval_bank is not None:
        index.calibrate(torch.cat(eval_bank.embeddings))
    return index


def embed_descriptions(cfg: SFTConfig) -> tuple[str, int]:
    """Write the embeddings of every description of the train (and eval) split to ``cfg.embeddings``."""
    if not cfg.embeddings:
        raise InvalidConfigError(
            "Set embeddings=FILE (in the YAML or as --embeddings=FILE) to say where to write them."
        )
    hypernetwork = build_hypernetwork(cfg)
    splits = [cfg.train_split] + ([cfg.eval_split] if cfg.eval_split else [])
    texts = [d for split in splits for t in load_task_collection(cfg.data, split) for d in t.descriptions]
    unique = list(dict.fromkeys(texts))
    embeddings = encode_texts(hypernetwork.get_encoder(), unique, precision=cfg.mixed_precision)
    save_description_embeddings(cfg.embeddings, unique, embeddings, hypernetwork.config.encoder_name_or_path)
    return cfg.embeddings, len(unique)
