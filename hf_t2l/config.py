"""`T2LConfig`: everything needed to rebuild a hypernetwork and its adapters without the base weights."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InvalidConfigError, TargetModulesNotFoundError, UnknownConfigKeysWarning
from .validation import read_json_file, show, validate_config_fields

if TYPE_CHECKING:  # pragma: no cover
    from transformers import PretrainedConfig

logger = logging.getLogger(__name__)

#: Variants of the hypernetwork (reference names in brackets):
#: L: one head per module writes A and B at once; M: one head writes A or B, told apart by a learned
#: embedding (shared_AB_head); S: as M, one rank row per pass (shared_AB_head + autoreg_gen);
#: L-autoreg: separate A/B output, one rank row per pass (autoreg_gen alone; never released).
VARIANTS = ("L", "M", "S", "L-autoreg")
POOLINGS = ("encoder", "mean", "cls", "last")
TRAINING_TASKS = ("sft", "recon")


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass
class T2LConfig:
    """Configuration of a :class:`~hf_t2l.TextToLoRA` hypernetwork.

    It records the base model's shapes and module paths (so adapters can be generated and keyed
    without loading the base model), the LoRA settings of the generated adapters, the hypernetwork's
    architecture, and how task descriptions are embedded.

    Build one for a base model with :meth:`T2LConfig.from_base_model`.

    Every field is checked on construction (types, positive sizes, bounds far above any real model),
    also when read from an untrusted ``config.json``.

    Raises:
        InvalidConfigError: a field has a wrong type, size or value; the message names it.
    """

    # --- base model ---------------------------------------------------------------------------
    base_model_name_or_path: str = field(metadata=_help("Hub id (or path) of the base model."))
    num_layers: int = field(metadata=_help("Number of decoder layers of the base model."))
    target_modules: list[str] = field(
        metadata=_help(
            "Names of the adapted Linear modules. The order matters: a module's position is its row of "
            "layer_type_encoder (for reference checkpoints, the order of the heads keys in hypermod.pt)."
        )
    )
    in_features: dict[str, int] = field(metadata=_help("Input features of each target module."))
    out_features: dict[str, int] = field(metadata=_help("Output features of each target module."))
    module_paths: dict[str, str] = field(
        metadata=_help(
            "Path of each target module inside the base model, with '{layer}' for the layer index, "
            "e.g. 'model.layers.{layer}.self_attn.q_proj' (PEFT state-dict keys are built from it)."
        )
    )
    base_model_revision: str | None = field(default=None, metadata=_help("Revision of the base model."))
    base_model_type: str | None = field(default=None, metadata=_help("`model_type` of the base config."))
    # --- LoRA settings of generated adapters ------------------------------------------------------
    rank: int = field(default=8, metadata=_help("LoRA rank r."))
    lora_alpha: float = field(default=16, metadata=_help("LoRA alpha."))
    use_rslora: bool = field(
        default=True, metadata=_help("Scale by alpha/sqrt(r) (rsLoRA, the reference default) instead of alpha/r.")
    )
    lora_dropout: float = field(default=0.05, metadata=_help("LoRA dropout written into the adapter config."))
    # --- hypernetwork ---------------------------------------------------------------------------
    variant: str = field(default="L", metadata=_help("Hypernetwork variant: 'L', 'M', 'S' or 'L-autoreg'."))
    latent_size: int = field(default=128, metadata=_help("Width D of the hypernetwork trunk."))
    head_in_size: int = field(default=512, metadata=_help("Width H of the input of the output heads."))
    head_use_bias: bool = field(default=True, metadata=_help("Whether the output heads have a bias."))
    learnable_pos_emb: bool = field(
        default=False, metadata=_help("S/L-autoreg only: learned rank-position embedding instead of rotary.")
    )
    dropout: float = field(default=0.05, metadata=_help("Dropout inside the hypernetwork (training only)."))
    training_task: str = field(
        default="sft", metadata=_help("'sft' (adapters are raw) or 'recon' (outputs are rescaled).")
    )
    pred_z_score: bool = field(default=False, metadata=_help("recon: outputs are z-scores of the targets."))
    factorized: bool = field(default=True, metadata=_help("recon: targets were A/B (else delta W)."))
    delta_w_scaling: float = field(default=10000.0, metadata=_help("recon, non-factorized: delta W scale."))
    # --- task encoder ---------------------------------------------------------------------------
    encoder_name_or_path: str = field(
        default="sentence-transformers/all-MiniLM-L6-v2",
        metadata=_help("sentence-transformers model id or path that embeds the descriptions."),
    )
    embedding_dim: int = field(default=384, metadata=_help("Dimension E of the task embedding."))
    pooling: str = field(
        default="encoder",
        metadata=_help("'encoder' (the model's own pooling), or force 'mean', 'cls' or 'last' token."),
    )
    add_full_stop: bool = field(
        default=True, metadata=_help("Strip the description and end it with '.' if it ends with a letter.")
    )
    normalize_embeddings: bool = field(default=True, metadata=_help("L2-normalise the embedding."))
    embedding_scale: float | None = field(
        default=None, metadata=_help("Multiply the normalised embedding by this (None: sqrt(embedding_dim)).")
    )
    encoder_max_length: int | None = field(
        default=None, metadata=_help("Token limit of the encoder (None: the encoder's own limit).")
    )
    encoder_trust_remote_code: bool = field(
        default=False, metadata=_help(
            "Records that the encoder needs trust_remote_code=True; it never allows it (only the caller's "
            "trust_remote_code=True at load does)."
        )
    )
    # --- provenance -----------------------------------------------------------------------------
    task_type: str = field(default="CAUSAL_LM", metadata=_help("PEFT task type of generated adapters."))
    hf_t2l_version: str | None = field(default=None, metadata=_help("hf_t2l version that wrote this config."))

    def __post_init__(self) -> None:
        from . import __version__

        if self.hf_t2l_version is None:
            self.hf_t2l_version = __version__
        validate_config_fields(self)  # types and bounds first: nothing below can raise a raw TypeError
        if self.variant not in VARIANTS:
            raise InvalidConfigError(
                f"variant={show(self.variant)} is not known; use one of {', '.join(VARIANTS)}."
            )
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
        if self.variant in ("S", "L-autoreg") and not self.learnable_pos_emb and self.latent_size % 2:
            raise InvalidConfigError("rotary rank positions need an even latent_size.")
        if self.training_task == "recon" and self.pred_z_score and not self.factorized:
            raise InvalidConfigError("pred_z_score=True needs factorized=True (z-scores of delta W are not defined).")

    # --- derived ----------------------------------------------------------------------------------
    @property
    def shared_ab_head(self) -> bool:
        """Whether one head writes both A and B (the reference's ``shared_AB_head``)."""
        return self.variant in ("M", "S")

    @property
    def autoreg_gen(self) -> bool:
        """Whether the head writes one rank row per pass (the reference's ``autoreg_gen``)."""
        return self.variant in ("S", "L-autoreg")

    @property
    def scaling(self) -> float:
        """The LoRA scaling PEFT applies to generated adapters."""
        return self.lora_alpha / (math.sqrt(self.rank) if self.use_rslora else self.rank)

    @property
    def resolved_embedding_scale(self) -> float:
        return math.sqrt(self.embedding_dim) if self.embedding_scale is None else float(self.embedding_scale)

    def head_out_size(self, module: str) -> int:
        """Output width of ``heads.<module>`` for this variant."""
        fan_in, fan_out = self.in_features[module], self.out_features[module]
        return {
            "L": self.rank * (fan_in + fan_out),
            "M": self.rank * max(fan_in, fan_out),
            "S": max(fan_in, fan_out),
            "L-autoreg": fan_in + fan_out,
        }[self.variant]

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
            warnings.warn(
                f"Ignoring config keys {unknown} (written by hf_t2l {data.get('hf_t2l_version', '?')}); "
                "upgrade hf_t2l (`pip install -U hf_t2l`) to use them.",
                UnknownConfigKeysWarning,
                stacklevel=2,
            )
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_json_file(cls, path: str | Path) -> T2LConfig:
        """Read a config.json (size-capped; every field is checked before anything is built).

        Raises:
            InvalidConfigError: the file is not a JSON object, or a field has a wrong type or size.
        """
        return cls.from_dict(read_json_file(path, what="a hypernetwork's config.json"))

    # --- from a base model --------------------------------------------------------------------
    @classmethod
    def from_base_model(
        cls,
        base: str | Path | PretrainedConfig,
        *,
        encoder: Any = "sentence-transformers/all-MiniLM-L6-v2",
        variant: str = "L",
        rank: int = 8,
        lora_alpha: float = 16,
        target_modules: tuple[str, ...] | list[str] = ("q_proj", "v_proj"),
        latent_size: int = 128,
        head_in_size: int = 512,
        base_model_name_or_path: str | None = None,
        revision: str | None = None,
        embedding_dim: int | None = None,
        trust_remote_code: bool = False,
        **kwargs: Any,
    ) -> T2LConfig:
        """Read shapes and module paths of ``base`` from its config alone (no weights are loaded).

        Args:
            base: A model id, a local model folder, or a transformers ``PretrainedConfig``.
            encoder: A sentence-transformers model id or path (or a loaded ``SentenceTransformer``)
                used to embed descriptions; its embedding dimension is read from it unless
                ``embedding_dim`` is given.
            variant: 'L', 'M' or 'S' (see reference §2), or 'L-autoreg'.
            rank, lora_alpha, target_modules: LoRA settings of the generated adapters.
            latent_size, head_in_size: widths D and H of the hypernetwork.
            base_model_name_or_path: What to record as the base model (default: ``base`` itself,
                or the config's ``_name_or_path``); use the Hub id when ``base`` is a local folder.
            revision: Revision of the base model on the Hub.
            trust_remote_code: Allow the base model's and the encoder's own Python code to run (only
                for repos you trust; default False, as in transformers).
            kwargs: Any other :class:`T2LConfig` field (e.g. ``use_rslora``, ``pooling``).

        Raises:
            TargetModulesNotFoundError: a target module is not found once per decoder layer.
            RemoteCodeNotTrustedError: the base model or encoder needs remote code and it was not allowed.

        Example:
            >>> from transformers import MistralConfig
            >>> cfg = T2LConfig.from_base_model(MistralConfig(), encoder="my-encoder", embedding_dim=1024)
            >>> cfg.num_layers, cfg.in_features["q_proj"], cfg.out_features["v_proj"]
            (32, 4096, 1024)
        """
        from transformers import PretrainedConfig

        from .remote_code import load_auto_config

        if isinstance(base, PretrainedConfig):
            base_config = base
            recorded = base_model_name_or_path or getattr(base, "_name_or_path", "") or base.model_type
        else:
            base_config = load_auto_config(base, revision=revision, trust_remote_code=trust_remote_code)
            recorded = base_model_name_or_path or str(base)
        shapes = inspect_base_model(base_config, target_modules, trust_remote_code=trust_remote_code)

        encoder_id, encoder_dim = _describe_encoder(encoder, embedding_dim, trust_remote_code)
        return cls(
            base_model_name_or_path=recorded,
            base_model_revision=revision,
            base_model_type=getattr(base_config, "model_type", None),
            num_layers=shapes.num_layers,
            target_modules=list(target_modules),
            in_features=shapes.in_features,
            out_features=shapes.out_features,
            module_paths=shapes.module_paths,
            rank=rank,
            lora_alpha=lora_alpha,
            variant=variant,
            latent_size=latent_size,
            head_in_size=head_in_size,
            encoder_name_or_path=encoder_id,
            embedding_dim=encoder_dim,
            **kwargs,
        )


@dataclass
class BaseModelShapes:
    """What a hypernetwork needs to know of a base model: its layers and its target modules."""

    num_layers: int
    in_features: dict[str, int]
    out_features: dict[str, int]
    module_paths: dict[str, str]


_LAYER_INDEX = re.compile(r"\.(\d+)\.")


def inspect_base_model(
    base_config: PretrainedConfig, target_modules: tuple[str, ...] | list[str], *, trust_remote_code: bool = False
) -> BaseModelShapes:
    """Find the target modules of a causal LM built from ``base_config`` on the meta device.

    No memory is allocated for weights and nothing is downloaded: the model is only instantiated
    on ``torch.device("meta")`` to read module names and Linear shapes.
    """
    import torch
    from transformers import AutoModelForCausalLM

    from ._empty_init import empty_init
    from .remote_code import is_refusal, not_trusted

    try:
        with empty_init():  # meta tensors in this thread only: no memory, no other thread affected
            model = AutoModelForCausalLM.from_config(base_config, trust_remote_code=trust_remote_code is True)
    except ValueError as e:
        if is_refusal(e) and trust_remote_code is not True:
            name = getattr(base_config, "_name_or_path", "") or getattr(base_config, "model_type", "?")
            raise not_trusted(name, what="base model", reason="its config maps to custom model code") from e
        raise
    return shapes_from_model(model, target_modules)


def shapes_from_model(model: Any, target_modules: tuple[str, ...] | list[str]) -> BaseModelShapes:
    """Read target-module shapes and path templates from an instantiated model (any device)."""
    import torch.nn as nn

    found: dict[str, dict[int, tuple[str, nn.Module]]] = {m: {} for m in target_modules}
    linear_names: set[str] = set()
    for name, module in model.named_modules():
        if not isinstance(module, nn.Linear):
            continue
        leaf = name.rsplit(".", 1)[-1]
        linear_names.add(leaf)
        if leaf not in found:
            continue
        indices = _LAYER_INDEX.findall("." + name)
        if not indices:
            continue  # a module of that name outside the decoder stack (e.g. a vision tower's pooler)
        found[leaf].setdefault(int(indices[-1]), (name, module))

    num_layers = getattr(getattr(model, "config", None), "num_hidden_layers", None)
    in_features: dict[str, int] = {}
    out_features: dict[str, int] = {}
    module_paths: dict[str, str] = {}
    for m in target_modules:
        layers = found[m]
        if not layers:
            hint = ""
            if {"qkv_proj", "query_key_value", "c_attn", "Wqkv"} & linear_names:
                hint = " This model fuses q/k/v into one Linear; target that module instead."
            raise TargetModulesNotFoundError(
                f"The base model ({type(model).__name__}) has no Linear module named {m!r} inside its layers. "
                f"Its Linear modules are: {sorted(linear_names)}.{hint} "
                "Pass target_modules=... with names from that list."
            )
        n = num_layers if num_layers is not None else len(layers)
        if sorted(layers) != list(range(n)):
            raise TargetModulesNotFoundError(
                f"Module {m!r} appears in layers {sorted(layers)} of {type(model).__name__}, expected one per layer "
                f"0..{n - 1}; hf_t2l adapts one module of that name in every decoder layer."
            )
        name0, mod0 = layers[0]
        template = _template(name0, 0)
        shapes = {(mod.in_features, mod.out_features) for _, mod in layers.values()}
        if len(shapes) != 1:
            raise TargetModulesNotFoundError(
                f"Module {m!r} has different shapes across layers ({sorted(shapes)}); hf_t2l needs one shape per module."
            )
        for i, (name, _) in layers.items():
            if template.format(layer=i) != name:
                raise TargetModulesNotFoundError(f"Module {m!r} is not at the same path in every layer ({name}).")
        in_features[m], out_features[m] = mod0.in_features, mod0.out_features
        module_paths[m] = template
        num_layers = n
    assert num_layers is not None
    return BaseModelShapes(num_layers, in_features, out_features, module_paths)


def _template(name: str, layer: int) -> str:
    parts = name.split(".")
    # the last numeric component is the layer index (e.g. model.layers.0.self_attn.q_proj)
    idx = max(i for i, p in enumerate(parts) if p == str(layer))
    parts[idx] = "{layer}"
    return ".".join(parts)


def _describe_encoder(encoder: Any, embedding_dim: int | None, trust_remote_code: bool = False) -> tuple[str, int]:
    """Return (id to record, embedding dim) for an encoder given as id, path or loaded model."""
    if isinstance(encoder, (str, Path)):
        encoder_id = str(encoder)
        if embedding_dim is None:
            from .encoder import load_encoder_backend

            dim = load_encoder_backend(encoder_id, trust_remote_code=trust_remote_code).dim
        else:
            dim = embedding_dim
        return encoder_id, dim
    # a loaded SentenceTransformer
    name = getattr(encoder, "model_card_data", None)
    encoder_id = getattr(name, "base_model", None) or getattr(encoder, "name_or_path", None) or "unknown-encoder"
    return str(encoder_id), embedding_dim or _embedding_dimension(encoder)


def _embedding_dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = getter()
    if dim is None:
        raise InvalidConfigError("Could not read the encoder's embedding dimension; pass embedding_dim=... explicitly.")
    return int(dim)
