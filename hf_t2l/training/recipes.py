"""Training configs (SFT and reconstruction), loaded from YAML with ``--key=value`` overrides."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..constants import HYPERNETWORK_DEFAULTS as DEFAULTS
from ..constants import SMOLLM2_ID
from ..errors import InvalidConfigError
from ..model.config import field_help as _help


@dataclass
class TrainConfig:
    """What both trainers share: the hypernetwork to build, the optimisation, checkpoints and output."""

    output_dir: str = field(metadata=_help("Folder of the final hypernetwork (and checkpoints/ inside)."))
    base_model: str = field(default=SMOLLM2_ID, metadata=_help("Base model id or folder."))
    encoder: str = field(
        default=DEFAULTS.encoder,
        metadata=_help(
            "Task encoder: a sentence-transformers id or path, or base-model (the base LLM itself)."
        ),
    )
    init_from: str | None = field(
        default=None, metadata=_help("Start from this hypernetwork folder/repo instead of a fresh one.")
    )
    variant: str = field(default=DEFAULTS.variant, metadata=_help("Hypernetwork variant L, M or S."))
    latent_size: int = field(default=DEFAULTS.latent_size, metadata=_help("Width D."))
    head_in_size: int = field(default=DEFAULTS.head_in_size, metadata=_help("Width H."))
    rank: int = field(default=DEFAULTS.rank, metadata=_help("LoRA rank."))
    lora_alpha: float = field(default=DEFAULTS.lora_alpha, metadata=_help("LoRA alpha."))
    target_modules: list[str] = field(
        default_factory=lambda: list(DEFAULTS.target_modules), metadata=_help("Adapted modules.")
    )
    max_steps: int = field(default=1000, metadata=_help("Optimizer steps."))
    learning_rate: float = field(default=2.5e-5, metadata=_help("AdamW peak learning rate."))
    weight_decay: float = field(default=1e-2, metadata=_help("AdamW weight decay."))
    warmup_ratio: float = field(default=0.2, metadata=_help("Linear warm-up share of max_steps."))
    max_grad_norm: float = field(default=1.0, metadata=_help("Gradient clipping."))
    gradient_accumulation_steps: int = field(default=1, metadata=_help("Micro-batches per optimizer step."))
    mixed_precision: str = field(
        default="auto",
        metadata=_help(
            "'auto' (bf16 on CPUs with AMX/AVX512-BF16 and on bf16 GPUs, else fp32), 'no' (fp32) or 'bf16'."
        ),
    )
    seed: int = field(default=42, metadata=_help("Seed of initialisation, sampling, dropout and noise."))
    save_steps: int = field(default=200, metadata=_help("Checkpoint every N steps (0: only at the end)."))
    eval_steps: int = field(default=100, metadata=_help("Validation every N steps (0: only at the end)."))
    keep_checkpoints: int = field(
        default=2, metadata=_help("Most recent checkpoints kept (the best is always kept).")
    )
    logging: str = field(
        default="auto",
        metadata=_help("'auto' (TensorBoard or trackio when installed), 'tensorboard', 'trackio' or 'none'."),
    )
    push_to_hub: str | None = field(
        default=None, metadata=_help("Push the final hypernetwork to this repo id.")
    )
    select_best: bool = field(
        default=True,
        metadata=_help("Output the checkpoint with the lowest validation loss (False: the last one)."),
    )
    early_stopping_patience: int | None = field(
        default=None,
        metadata=_help(
            "Stop after this many validations in a row without a lower validation loss "
            "(None: never stop early)."
        ),
    )

    def __post_init__(self) -> None:
        for name in ("max_steps", "gradient_accumulation_steps", "rank"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise InvalidConfigError(f"{name}={getattr(self, name)!r} must be a positive integer.")
        if not 0 <= self.warmup_ratio < 1:
            raise InvalidConfigError(f"warmup_ratio={self.warmup_ratio!r} must be in [0, 1).")
        if self.learning_rate <= 0:
            raise InvalidConfigError(f"learning_rate={self.learning_rate!r} must be positive.")
        if self.mixed_precision is False or self.mixed_precision is None:  # YAML reads a bare `no` as false
            self.mixed_precision = "no"
        if self.mixed_precision not in ("auto", "no", "bf16"):
            raise InvalidConfigError(f"mixed_precision={self.mixed_precision!r}: use 'auto', 'no' or 'bf16'.")
        if self.logging not in ("auto", "tensorboard", "trackio", "none"):
            raise InvalidConfigError(
                f"logging={self.logging!r}: use 'auto', 'tensorboard', 'trackio' or 'none'."
            )
        self.target_modules = list(self.target_modules)
        patience = self.early_stopping_patience
        bad = not isinstance(patience, int) or isinstance(patience, bool) or patience < 1
        if patience is not None and bad:
            raise InvalidConfigError(
                f"early_stopping_patience={patience!r} must be a positive integer or null."
            )


@dataclass
class SFTConfig(TrainConfig):
    """T2L via multi-task SFT (reference §5 recipe as defaults)."""

    data: str = field(
        default="tasks/t2l-tasks-v1", metadata=_help("Task collection: local folder or Hub dataset id.")
    )
    train_split: str = field(default="train", metadata=_help("Split of the training tasks."))
    eval_split: str | None = field(
        default="heldout", metadata=_help("Split of held-out tasks for validation loss (None: none).")
    )
    tasks_per_step: int = field(default=8, metadata=_help("n tasks sampled per micro-batch."))
    examples_per_task: int = field(default=1, metadata=_help("k examples per sampled task."))
    label_smoothing: float = field(default=0.1, metadata=_help("Cross-entropy label smoothing."))
    ab_l2: float = field(default=1e-3, metadata=_help("Weight of the L2 penalty on generated A and B."))
    neftune_alpha: float | None = field(default=5.0, metadata=_help("NEFTune noise alpha (None: off)."))
    max_length: int = field(default=256, metadata=_help("Truncate prompt+response to this many tokens."))
    eval_examples_per_task: int = field(
        default=8, metadata=_help("Examples per held-out task in validation.")
    )
    tasks: list[str] | None = field(
        default=None,
        metadata=_help(
            "Train on these task ids of the split only (None: all); e.g. one task for a per-task oracle LoRA."
        ),
    )
    skip_examples: int = field(
        default=0,
        metadata=_help(
            "Leave out each task's first N examples (the ones `hf-t2l eval --max-examples N` scores)."
        ),
    )
    description_dropout: float = field(
        default=0.0,
        metadata=_help(
            "Probability that a sampled description is replaced by a copy missing about a quarter of its "
            "words, encoded afresh by the encoder (also when `embeddings` are given)."
        ),
    )
    embeddings: str | None = field(
        default=None,
        metadata=_help(
            "Precomputed description embeddings (safetensors from `hf-t2l train embed CONFIG`); "
            "the encoder is then not loaded."
        ),
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.tasks_per_step < 1 or self.examples_per_task < 1:
            raise InvalidConfigError("tasks_per_step and examples_per_task must be >= 1.")
        if isinstance(self.tasks, str):
            self.tasks = [self.tasks]
        if not isinstance(self.skip_examples, int) or self.skip_examples < 0:
            raise InvalidConfigError(f"skip_examples={self.skip_examples!r} must be a non-negative integer.")
        p = self.description_dropout
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 <= p <= 1:
            raise InvalidConfigError(f"description_dropout={p!r} must be a probability in [0, 1].")


@dataclass
class ReconConfig(TrainConfig):
    """T2L via reconstruction of a library of task LoRAs."""

    library: list[dict[str, Any]] = field(
        default_factory=list,
        metadata=_help(
            "Targets: [{'adapter': folder or repo id, 'descriptions': [...], 'split': 'train'|'eval'}]."
        ),
    )
    factorized: bool = field(default=True, metadata=_help("L1 on A/B (True) or on scaled delta W (False)."))
    pred_z_score: bool = field(
        default=True, metadata=_help("Factorized: predict A/B z-scored by the library's mean/std.")
    )
    delta_w_scaling: float = field(
        default=10000.0, metadata=_help("Scale of delta W targets (non-factorized).")
    )
    adapters_per_step: int = field(default=8, metadata=_help("Library adapters per micro-batch."))
    learning_rate: float = field(default=1e-3, metadata=_help("AdamW peak learning rate."))

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.library:
            raise InvalidConfigError("library is empty; list the target adapters with their descriptions.")
        if self.pred_z_score and not self.factorized:
            raise InvalidConfigError("pred_z_score=True needs factorized=True.")


def load_config(kind: str, path: str | Path | None, overrides: list[str] | None = None) -> TrainConfig:
    """Read a YAML config for ``kind`` ('sft' or 'recon') and apply ``key=value`` overrides (YAML values)."""
    import yaml

    cls = {"sft": SFTConfig, "recon": ReconConfig}.get(kind)
    if cls is None:
        raise InvalidConfigError(f"Unknown training kind {kind!r}; use 'sft' or 'recon'.")
    data: dict[str, Any] = {}
    if path is not None:
        try:
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            message = " ".join(str(e).split())
            raise InvalidConfigError(f"{path} is not valid YAML ({message}); fix the file.") from None
        if not isinstance(loaded, dict):
            raise InvalidConfigError(f"{path} must hold a mapping of options, got {type(loaded).__name__}.")
        data.update(loaded)
    for item in overrides or []:
        key, sep, value = item.lstrip("-").partition("=")
        if not sep:
            raise InvalidConfigError(f"Override {item!r} is not of the form --key=value.")
        data[key.replace("-", "_")] = yaml.safe_load(value)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InvalidConfigError(f"Unknown {kind} option(s) {unknown}; known: {sorted(known)}.")
    if "output_dir" not in data:
        raise InvalidConfigError("output_dir is required (in the YAML or as --output_dir=DIR).")
    try:
        return cls(**data)
    except TypeError as e:
        raise InvalidConfigError(f"Bad {kind} config: {e}") from e
