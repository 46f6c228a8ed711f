"""Loading the reference release of T2L (Hub repo ``SakanaAI/text-to-lora``) safely and exactly.

A reference folder holds ``hypermod.pt`` (a torch.save of a state dict of plain tensors),
``args.yaml`` (the training arguments) and ``adapter_config.json`` (the LoRA config of generated
adapters). ``args.yaml`` is read with ``yaml.safe_load`` and ``hypermod.pt`` only with
``torch.load(..., weights_only=True)``: anything but tensors is refused. The target modules are
numbered in the order the checkpoint's ``heads.`` keys record (see :func:`module_order_from_state`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import torch

from ..base_models import BaseModelShapes, inspect_base_model, llama_module_path
from ..constants import (
    ADAPTER_CONFIG_NAME,
    BASE_MODEL_ENCODER,
    REFERENCE_ARGS_NAME,
    REFERENCE_FILES,
    REFERENCE_WEIGHTS_NAME,
    WEIGHTS_NAME,
)
from ..errors import (
    CheckpointError,
    InvalidConfigError,
    ModuleOrderWarning,
    RemoteCodeNotTrustedError,
    warn_user,
)
from ..model.config import T2LConfig
from ..model.empty_init import empty_init
from ..model.variants import variant_for_reference
from .native_format import load_state_dict_strict
from .remote_code import load_auto_config
from .validation import (
    check_adapter_config,
    check_reference_args,
    check_reference_tensors,
    read_json_file,
    read_yaml_file,
)

logger = logging.getLogger(__name__)

GTE = "Alibaba-NLP/gte-large-en-v1.5"
_FIXED_PREFIXES = ("AB_offset.", "mean_recon_target.", "std_recon_target.")


def is_reference_layout(folder: str | Path) -> bool:
    folder = Path(folder)
    return all((folder / name).is_file() for name in REFERENCE_FILES) and not (folder / WEIGHTS_NAME).exists()


def read_hypermod(path: str | Path, *, map_location: str | torch.device = "cpu") -> dict[str, torch.Tensor]:
    """Read a reference ``hypermod.pt`` with ``weights_only=True``; refuse anything but a dict of tensors."""
    try:
        state = torch.load(str(path), map_location=map_location, weights_only=True)
    except Exception as e:  # UnpicklingError for crafted pickles, RuntimeError/EOFError for broken files
        raise CheckpointError(
            f"Refused to load {path}: it is not a plain tensor checkpoint "
            f"({type(e).__name__}: {str(e)[:300]}). "
            "Only state dicts of tensors are read (torch.load(..., weights_only=True)); "
            "get the file from its origin again."
        ) from e
    if not isinstance(state, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()
    ):
        raise CheckpointError(f"{path} does not hold a state dict of tensors (got {type(state).__name__}).")
    return state


def module_order_from_state(state: dict[str, torch.Tensor], listed: list[str]) -> list[str]:
    """The target modules in the order the checkpoint's training process indexed them.

    The reference numbers its target modules (the rows of ``layer_type_encoder``) in the iteration
    order of PEFT's ``target_modules``, a Python set, so the order depends on that process's string
    hashing, not on the list in args.yaml. Its state dict records the order: the ``heads.<m>`` keys
    (and ``out_emb.<m>`` keys of M/S) come in it. When they do not tell a consistent order that
    covers exactly ``listed``, the order of ``listed`` is used with a :class:`ModuleOrderWarning`.
    """
    orders = {
        "heads.<m>.weight": _modules_in_key_order(state, "heads.", ".weight"),
        "heads.<m>.bias": _modules_in_key_order(state, "heads.", ".bias"),
        "out_emb.<m>": _modules_in_key_order(state, "out_emb.", None),
    }
    heads = orders["heads.<m>.weight"]
    problem = None
    if not heads:
        problem = "it has no heads.<module>.weight keys"
    elif sorted(heads) != sorted(listed):
        problem = f"its heads are for {heads} but args.yaml lists target_modules {listed}"
    else:
        for name, order in orders.items():
            if order and order != heads:
                problem = f"its {name} keys come in the order {order} but heads.<m>.weight in {heads}"
                break
    if problem is None:
        return heads
    warn_user(
        f"Cannot read the target-module order from hypermod.pt: {problem}. Using the order of args.yaml, "
        f"{listed}; the adapters are right only if training used that order. If it used another one, list "
        "target_modules in args.yaml in that order, or re-save hypermod.pt from the training process's "
        "state_dict().",
        ModuleOrderWarning,
    )
    return listed


def _modules_in_key_order(state: dict[str, torch.Tensor], prefix: str, suffix: str | None) -> list[str]:
    """Names <m> of the keys ``prefix + <m> + suffix`` (any leaf if ``suffix`` is None), first seen first."""
    seen: dict[str, None] = {}
    for key in state:
        if not key.startswith(prefix):
            continue
        rest = key[len(prefix) :]
        if suffix is None:
            module = rest.rsplit(".", 1)[0] if "." in rest else rest
        elif rest.endswith(suffix):
            module = rest[: -len(suffix)]
        else:
            continue
        seen.setdefault(module, None)
    return list(seen)


def config_from_reference(
    args: dict[str, Any],
    adapter_config: dict[str, Any],
    state: dict[str, torch.Tensor],
    *,
    base_config: Any = None,
    trust_remote_code: bool = False,
) -> T2LConfig:
    """Build a :class:`T2LConfig` from a reference folder's args.yaml, adapter_config.json and tensors.

    Layers and in/out features come from the base model's config (``base_config``: a
    ``PretrainedConfig``, a local folder or an id; default ``args['model_dir']``). When that config
    cannot be read (offline), they come from the checkpoint's own per-layer offset tensors; either
    way they are checked against the tensors.
    """
    if args.get("encoder_type", "linear") != "linear":
        raise InvalidConfigError(
            f"encoder_type={args.get('encoder_type')!r} is not supported "
            "(no released checkpoint uses it); only 'linear'."
        )
    if args.get("use_one_hot_task_emb"):
        raise InvalidConfigError(
            "use_one_hot_task_emb=True checkpoints embed task ids, not descriptions; not supported."
        )
    # an empty emb_model: the base LLM itself embeds the descriptions (last-token pooling)
    emb_model = args.get("emb_model") or BASE_MODEL_ENCODER
    listed = list(args.get("target_modules") or adapter_config.get("target_modules") or [])
    if not listed:
        raise InvalidConfigError("args.yaml and adapter_config.json name no target_modules.")
    target_modules = module_order_from_state(state, listed)
    shared, autoreg = bool(args.get("shared_AB_head", False)), bool(args.get("autoreg_gen", False))
    variant = variant_for_reference(shared_ab_head=shared, autoreg_gen=autoreg).name
    training_task = args.get("training_task", "sft")
    pred_z_score = bool(args.get("pred_z_score", False))
    head_use_bias = (training_task == "sft" and not args.get("mt_lora_path")) or (
        training_task == "recon" and not pred_z_score
    )

    shapes = _reference_shapes(
        args, target_modules, state, base_config=base_config, trust_remote_code=trust_remote_code
    )
    embedding_dim = (
        int(state["task_encoder.mlp.0.weight"].shape[1]) if "task_encoder.mlp.0.weight" in state else 1024
    )
    is_gte = "gte" in emb_model.lower()
    rank = int(adapter_config.get("r", 8))
    return T2LConfig(
        base_model_name_or_path=str(args.get("model_dir") or "unknown"),
        num_layers=shapes.num_layers,
        target_modules=target_modules,
        in_features=shapes.in_features,
        out_features=shapes.out_features,
        module_paths=shapes.module_paths,
        rank=rank,
        lora_alpha=adapter_config.get("lora_alpha", 16),
        use_rslora=bool(adapter_config.get("use_rslora", False)),
        lora_dropout=float(adapter_config.get("lora_dropout", 0.0) or 0.0),
        variant=variant,
        latent_size=int(args.get("hypernet_latent_size", 128)),
        head_in_size=int(args.get("head_in_size", 512)),
        head_use_bias=head_use_bias,
        learnable_pos_emb=bool(args.get("learnable_pos_emb", False)),
        dropout=0.05,
        training_task=training_task,
        pred_z_score=pred_z_score,
        factorized=bool(args.get("factorized", True)),
        delta_w_scaling=float(args.get("delta_w_scaling", 10000)),
        encoder_name_or_path=emb_model,
        embedding_dim=embedding_dim,
        pooling="cls" if is_gte else "last",
        add_full_stop=True,
        normalize_embeddings=True,
        encoder_max_length=8192 if is_gte else None,
        # a record that the encoder needs remote code (gte does), never the caller's consent
        encoder_trust_remote_code=is_gte,
    )


def _reference_shapes(
    args: dict[str, Any],
    modules: list[str],
    state: dict[str, torch.Tensor],
    *,
    base_config: Any,
    trust_remote_code: bool,
) -> BaseModelShapes:
    from_tensors = _shapes_from_offsets(modules, state)
    source = base_config if base_config is not None else args.get("model_dir")
    shapes = None
    if source is not None:
        try:
            if isinstance(source, (str, Path)):
                source = load_auto_config(source, trust_remote_code=trust_remote_code)
            shapes = inspect_base_model(source, modules, trust_remote_code=trust_remote_code)
        except (OSError, ValueError) as e:
            if base_config is not None or (from_tensors is None and isinstance(e, RemoteCodeNotTrustedError)):
                raise
            logger.info(
                "Base config %s not readable (%s); taking shapes from the checkpoint's tensors", source, e
            )
    if shapes is None:
        if from_tensors is None:
            raise InvalidConfigError(
                f"Cannot read the config of the base model {args.get('model_dir')!r} (offline?) "
                "and the checkpoint has no AB_offset tensors to read shapes from; "
                "pass base_config=... (a PretrainedConfig or local folder)."
            )
        return from_tensors
    if from_tensors is not None and (
        from_tensors.num_layers != shapes.num_layers
        or from_tensors.in_features != shapes.in_features
        or from_tensors.out_features != shapes.out_features
    ):
        raise CheckpointError(
            f"The checkpoint was trained for {from_tensors.num_layers} layers "
            f"with in {from_tensors.in_features} and out {from_tensors.out_features}, "
            f"but the base config gives {shapes.num_layers} layers "
            f"with in {shapes.in_features} and out {shapes.out_features}; "
            "pass the config of the base model it was trained for."
        )
    return shapes


def _shapes_from_offsets(modules: list[str], state: dict[str, torch.Tensor]) -> BaseModelShapes | None:
    try:
        a = {m: state[f"AB_offset.A.{m}"] for m in modules}
        b = {m: state[f"AB_offset.B.{m}"] for m in modules}
    except KeyError:
        return None
    layers = {t.shape[0] for t in a.values()}
    if len(layers) != 1:
        return None
    return BaseModelShapes(
        num_layers=layers.pop(),
        in_features={m: int(a[m].shape[2]) for m in modules},
        out_features={m: int(b[m].shape[1]) for m in modules},
        module_paths={m: llama_module_path(m) for m in modules},
    )


def load_reference_folder(
    cls: type,
    folder: Path,
    *,
    map_location: str | torch.device = "cpu",
    base_config: Any = None,
    trust_remote_code: bool = False,
) -> Any:
    """Load a reference-layout folder into a ``TextToLoRA`` (strict: every key and shape must match)."""
    # untrusted files: sizes, types and nesting are checked before any of them is used
    args = read_yaml_file(folder / REFERENCE_ARGS_NAME, what="the training arguments (args.yaml)")
    check_reference_args(args, source=str(folder / REFERENCE_ARGS_NAME))
    adapter_config = read_json_file(
        folder / ADAPTER_CONFIG_NAME, what="a PEFT adapter_config.json", error=CheckpointError
    )
    needs_modules = not args.get("target_modules")
    check_adapter_config(
        adapter_config, source=str(folder / ADAPTER_CONFIG_NAME), needs_target_modules=needs_modules
    )
    state = read_hypermod(folder / REFERENCE_WEIGHTS_NAME, map_location=map_location)
    state = {k: v for k, v in state.items() if not _is_rotary_table(k)}
    check_reference_tensors(state, source=str(folder / REFERENCE_WEIGHTS_NAME))
    config = config_from_reference(
        args, adapter_config, state, base_config=base_config, trust_remote_code=trust_remote_code is True
    )
    with empty_init():  # in this thread only (torch.device("meta") also sets a global)
        model = cls(config)
    load_state_dict_strict(
        model,
        {k: v.float() if v.is_floating_point() else v for k, v in state.items()},
        source=str(folder / REFERENCE_WEIGHTS_NAME),
        owned=True,
    )
    return model


def _is_rotary_table(key: str) -> bool:
    """Rotary position tables are computed, never loaded."""
    leaf = key.rsplit(".", 1)[-1]
    return "rotary" in key or leaf in ("inv_freq", "cos_cached", "sin_cached")
