"""What a training run starts from: the hypernetwork (fresh or loaded) and the frozen base model."""

from __future__ import annotations

import logging
import os
from typing import Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from ..model.config import T2LConfig
from ..model.hypernetwork import TextToLoRA
from ..offline.bundled import SMOLLM2_ID, resolve_base_model
from .precision import resolve_mixed_precision
from .recipes import TrainConfig

logger = logging.getLogger(__name__)


def make_accelerator(cfg: TrainConfig) -> Any:
    """The run's ``Accelerator``, with ``cfg.mixed_precision`` resolved for this machine (``auto``)."""
    from accelerate import Accelerator
    from accelerate.state import AcceleratorState

    requested = cfg.mixed_precision
    launched = os.environ.get("ACCELERATE_MIXED_PRECISION")  # `accelerate launch --mixed_precision X`
    if requested == "auto" and launched in ("no", "bf16"):
        requested = launched
    cfg.mixed_precision = resolve_mixed_precision(requested)
    logger.info("mixed_precision=%s (configured: %s)", cfg.mixed_precision, requested)
    state = AcceleratorState._shared_state
    if state and state.get("_mixed_precision") not in (None, cfg.mixed_precision):
        # an earlier run in this process used another precision: accelerate keeps one per process, so
        # forget it (the process group, when launched with several processes, is kept)
        AcceleratorState._reset_state()
    return Accelerator(mixed_precision=cfg.mixed_precision)


def hypernetwork_config(cfg: TrainConfig, **config_overrides: Any) -> T2LConfig:
    """The config of a fresh hypernetwork for ``cfg.base_model`` (shapes read from its config only)."""
    source = resolve_base_model(cfg.base_model)
    recorded = SMOLLM2_ID if cfg.base_model == SMOLLM2_ID and source != SMOLLM2_ID else None
    return T2LConfig.from_base_model(
        source,
        encoder=cfg.encoder,
        variant=cfg.variant,
        rank=cfg.rank,
        lora_alpha=cfg.lora_alpha,
        target_modules=cfg.target_modules,
        latent_size=cfg.latent_size,
        head_in_size=cfg.head_in_size,
        base_model_name_or_path=recorded,
        **config_overrides,
    )


def build_hypernetwork(cfg: TrainConfig, **config_overrides: Any) -> TextToLoRA:
    """A fresh hypernetwork for ``cfg.base_model`` (shapes from its config only), or ``cfg.init_from``."""
    if cfg.init_from:
        return TextToLoRA.from_pretrained(cfg.init_from)
    return TextToLoRA(hypernetwork_config(cfg, **config_overrides))


def load_base_model(cfg: TrainConfig, device: torch.device) -> tuple[torch.nn.Module, Any]:
    """The frozen base model (float32 on CPU, bf16 with mixed precision) and its tokenizer."""
    source = resolve_base_model(cfg.base_model)
    dtype = torch.bfloat16 if cfg.mixed_precision == "bf16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(source, dtype=dtype).to(device)
    model.requires_grad_(False)
    tokenizer = AutoTokenizer.from_pretrained(source)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer
