"""`T2LConfig`: everything needed to rebuild a hypernetwork and its adapters without the base weights."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from .._version import __version__
from ..constants import HYPERNETWORK_DEFAULTS as DEFAULTS
from ..errors import InvalidConfigError, UnknownConfigKeysWarning, warn_user
from ..hub.validation import read_json_file, show, validate_config_fields
from .variants import get_variant

POOLINGS = ("encoder", "mean", "cls", "last")
TRAINING_TASKS = ("sft", "recon")


def lora_scaling(lora_alpha: float, rank: int, *, use_rslora: bool) -> float:
    """The factor PEFT multiplies B @ A by: alpha/sqrt(r) with rsLoRA, else alpha/r."""
    return lora_alpha / (math.sqrt(rank) if use_rslora else rank)


def field_help(text: str) -> dict[str, str]:
    """A dataclass field's metadata with its help text (as in transformers' and peft's configs)."""
    return {"help": text}


@dataclass
class T2LConfig:
    """Configuration of a :class:`~hf_t2l.TextToLoRA` hypernetwork.

    It records the base model's shapes and module paths (so adapters can be generated and keyed
    without loading the base model), the LoRA settings of the generated adapters, the hypernetwork's
    architecture, and how task descriptions are embedded.

    Build one for a base model with :meth:`T2LConfig.from_base_model` (defined in :mod:`hf_t2l.base_models`,
    which reads base models; this module only holds the data).

    Every field is checked on construction (types, positive sizes, bounds far above any real model),
    also when read from an untrusted ``config.json``.

    Raises:
        InvalidConfigError: a field has a wrong type, size or value; the message names it.
    """

    if TYPE_CHECKING:  # installed by hf_t2l.base_models (imported by hf_t2l/__init__): see its end
        from_base_model: ClassVar[Callable[..., T2LConfig]]

    # --- base model ---------------------------------------------------------------------------
    base_model_name_or_path: str = field(metadata=field_help("Hub id (or path) of the base model."))
    num_layers: int = field(metadata=field_help("Number of decoder layers of the base model."))
    target_modules: list[str] = field(
        metadata=field_help(
            "Names of the adapted Linear modules. The order matters: a module's position is its row of "
            "layer_type_encoder (for reference checkpoints, the order of the heads keys in hypermod.pt)."
        )
    )
    in_features: dict[str, int] = field(metadata=field_help("Input features of each target module."))
    out_features: dict[str, int] = field(metadata=field_help("Output features of each target module."))
    module_paths: dict[str, str] = field(
        metadata=field_help(
            "Path of each target module inside the base model, with '{layer}' for the layer index, "
            "e.g. 'model.layers.{layer}.self_attn.q_proj' (PEFT state-dict keys are built from it)."
        )
    )
    base_model_revision: str | None = field(default=None, metadata=field_help("Revision of the base model."))
    base_model_type: str | None = field(default=None, metadata=field_help("`model_type` of the base config."))
    # --- LoRA settings of generated adapters ------------------------------------------------------
    rank: int = field(default=DEFAULTS.rank, metadata=field_help("LoRA rank r."))
    lora_alpha: float = field(default=DEFAULTS.lora_alpha, metadata=field_help("LoRA alpha."))
    use_rslora: bool = field(
        default=True,
        metadata=field_help("Scale by alpha/sqrt(r) (rsLoRA, the reference default) instead of alpha/r."),
    )
    lora_dropout: float = field(
        default=0.05, metadata=field_help("LoRA dropout written into the adapter config.")
    )
    # --- hypernetwork ---------------------------------------------------------------------------
    variant: str = field(
        default=DEFAULTS.variant,
        metadata=field_help(
            "Hypernetwork variant: 'L', 'M', 'S', 'L-autoreg' or another registered in hf_t2l.model.variants."
        ),
    )
    latent_size: int = field(
        default=DEFAULTS.latent_size, metadata=field_help("Width D of the hypernetwork trunk.")
    )
    head_in_size: int = field(
        default=DEFAULTS.head_in_size, metadata=field_help("Width H of the input of the output heads.")
    )
    head_use_bias: bool = field(default=True, metadata=field_help("Whether the output heads have a bias."))
    learnable_pos_emb: bool = field(
        default=False,
        metadata=field_help("S/L-autoreg only: learned rank-position embedding instead of rotary."),
    )
    dropout: float = field(
        default=0.05, metadata=field_help("Dropout inside the hypernetwork (training only).")
    )
    training_task: str = field(
        default="sft", metadata=field_help("'sft' (adapters are raw) or 'recon' (outputs are rescaled).")
    )
    pred_z_score: bool = field(
        default=False, metadata=field_help("recon: outputs are z-scores of the targets.")
    )
    factorized: bool = field(default=True, metadata=field_help("recon: targets were A/B (else delta W)."))
    delta_w_scaling: float = field(
        default=10000.0, metadata=field_help("recon, non-factorized: delta W scale.")
    )
    # --- task encoder ---------------------------------------------------------------------------
    encoder_name_or_path: str = field(
        default=DEFAULTS.encoder,
        metadata=field_help(
            "sentence-transformers model id or path that embeds the descriptions, or 'base-model': the "
            "base LLM itself (last-token pooling of its final hidden state)."
        ),
    )
    embedding_dim: int = field(default=384, metadata=field_help("Dimension E of the task embedding."))
    pooling: str = field(
        default="encoder",
        metadata=field_help("'encoder' (the model's own pooling), or force 'mean', 'cls' or 'last' token."),
    )
    add_full_stop: bool = field(
        default=True,
        metadata=field_help("Strip the description and end it with '.' if it ends with a letter."),
    )
    normalize_embeddings: bool = field(default=True, metadata=field_help("L2-normalise the embedding."))
    embedding_scale: float | None = field(
        default=None,
        metadata=field_help("Multiply the normalised embedding by this (None: sqrt(embedding_dim))."),
    )
    encoder_max_length: int | None = field(
        default=None, metadata=field_help("Token limit of the encoder (None: the encoder's own limit).")
    )
    encoder_trust_remote_code: bool = field(
        default=False,
        metadata=field_help(
            "Records that the encoder needs trust_remote_code=True; it never allows it (only the caller's "
            "trust_remote_code=True at load does)."
        ),
    )
    # --- provenance -----------------------------------------------------------------------------
    task_type: str = field(default="CAUSAL_LM", metadata=field_help("PEFT task type of generated adapters."))
    hf_t2l_version: str | None = field(
        default=None, metadata=field_help("hf_t2l version that wrote this config.")
    )

    def __post_init__(self) -> None:
        if self.hf_t2l_version is None:
            self.hf_t2l_version = __version__
        validate_config_fields(self)  # types and bounds first: nothing below can raise a raw TypeError
        variant = get_variant(self.variant)  # the registry of hf_t2l.model.variants names the known ones
        if self.training_task not in TRAINING_TASKS:
            raise InvalidConfigError(
                f"training_task={show(self.training_task)} is not known; "
                f"use one of {', '.join(TRAINING_TASKS)}."
            )
        if self.pooling not in POOLINGS:
            raise InvalidConfigError(
                f"pooling={show(self.pooling)} is not known; use one of {', '.join(POOLINGS)}."
            )
        if len(set(self.target_modules)) != len(self.target_modules):
            raise InvalidConfigError(f"target_modules={show(self.target_modules)} names a module twice.")
        if self.latent_size % 4 != 0 or self.latent_size < 4:
            raise InvalidConfigError(f"latent_size={self.latent_size} must be a positive multiple of 4.")
        variant.validate(self)
        if self.training_task == "recon" and self.pred_z_score and not self.factorized:
            raise InvalidConfigError(
                "pred_z_score=True needs factorized=True (z-scores of delta W are not defined)."
            )

    # --- derived ----------------------------------------------------------------------------------
    @property
    def shared_ab_head(self) -> bool:
        """Whether one head writes both A and B (the reference's ``shared_AB_head``)."""
        return get_variant(self.variant).shared_ab_head

    @property
    def autoreg_gen(self) -> bool:
        """Whether the head writes one rank row per pass (the reference's ``autoreg_gen``)."""
        return get_variant(self.variant).autoreg_gen

    @property
    def scaling(self) -> float:
        """The LoRA scaling PEFT applies to generated adapters."""
        return lora_scaling(self.lora_alpha, self.rank, use_rslora=self.use_rslora)

    @property
    def resolved_embedding_scale(self) -> float:
        return math.sqrt(self.embedding_dim) if self.embedding_scale is None else float(self.embedding_scale)

    def head_out_size(self, module: str) -> int:
        """Output width of ``heads.<module>`` for this variant."""
        return get_variant(self.variant).head_out_size(self, module)

    def peft_key(self, module: str, layer: int, which: str) -> str:
        """Key of a LoRA weight in a PEFT ``adapter_model.safetensors`` (``which`` is 'A' or 'B')."""
        return f"base_model.model.{self.module_paths[module].format(layer=layer)}.lora_{which}.weight"

    # --- (de)serialisation ------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json_string(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> T2LConfig:
        """Build a config from a dict; keys from a newer hf_t2l are dropped with one warning."""
        if not isinstance(data, dict):
            raise InvalidConfigError(
                f"A config is a mapping of fields; got {type(data).__name__} {show(data)}."
            )
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            warn_user(
                f"Ignoring config keys {unknown} (written by hf_t2l {data.get('hf_t2l_version', '?')}); "
                "use that version of hf_t2l or a newer one to use them.",
                UnknownConfigKeysWarning,
            )
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_json_file(cls, path: str | Path) -> T2LConfig:
        """Read a config.json (size-capped; every field is checked before anything is built).

        Raises:
            InvalidConfigError: the file is not a JSON object, or a field has a wrong type or size.
        """
        return cls.from_dict(read_json_file(path, what="a hypernetwork's config.json"))
