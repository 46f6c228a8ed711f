"""Checks of untrusted configuration files and weight headers, run before anything is allocated.

A hypernetwork downloaded from the Hub is data written by someone else: its ``config.json``, the
header of its ``model.safetensors``, and (for the reference layout) ``args.yaml`` and
``adapter_config.json`` are checked here for types, positive sizes and sane bounds, and the
config's declared shapes are compared with the weights file's header before any tensor is built.
Every failure is an :class:`~hf_t2l.errors.InvalidConfigError` or a
:class:`~hf_t2l.errors.CheckpointError` that names the field, the value received and what to do.
"""

from __future__ import annotations

import functools
import json
import math
import numbers
import reprlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import CheckpointError, InvalidConfigError

#: Bounds far above any real base model or hypernetwork (the largest LLMs have ~130 layers,
#: hidden/intermediate sizes ~50k, LoRA ranks <= 256), far below what would exhaust memory.
MAX_LAYERS = 4096
MAX_FEATURES = 1 << 20
MAX_RANK = 4096
MAX_WIDTH = 1 << 16
MAX_TARGET_MODULES = 256
MAX_MODULE_NAME = 256
MAX_TEXT = 4096
MAX_TOKENS = 1 << 24
#: Config files are a few KB; anything this large is not a config.
MAX_CONFIG_BYTES = 1 << 20
#: safetensors' own header limit.
MAX_HEADER_BYTES = 100 * 1000 * 1000
#: All-zero fixed tensors are declared in the weights file, not stored; what they may add on load is
#: bounded by the file's size (times this) or a small floor, so a lying config cannot allocate much.
MAX_DECLARED_ZEROS_RATIO = 64
MIN_DECLARED_ZEROS_BYTES = 64 << 20

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = 60
_repr.maxlevel, _repr.maxlist, _repr.maxdict = 3, 6, 6


def show(value: Any) -> str:
    """A short repr of untrusted input (bounded length and depth; safe on deeply nested lists)."""
    return _repr.repr(value)


# --- scalar checks ---------------------------------------------------------------------------------
def check_int(name: str, value: Any, *, low: int = 1, high: int, fix: str = "") -> int:
    """``value`` as an int in [low, high]; bools, strings and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidConfigError(
            f"{name}={show(value)} ({type(value).__name__}) must be an integer in [{low}, {high}].{fix}"
        )
    if not low <= value <= high:
        raise InvalidConfigError(f"{name}={show(value)} must be an integer in [{low}, {high}].{fix}")
    return int(value)


def check_number(
    name: str, value: Any, *, positive: bool = False, below_one: bool = False, optional: bool = False
) -> float | None:
    """``value`` as a finite float (int or float, not bool or str), optionally > 0 or in [0, 1)."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidConfigError(f"{name}={show(value)} ({type(value).__name__}) must be a number.")
    x = float(value)
    if not math.isfinite(x):
        raise InvalidConfigError(f"{name}={show(value)} must be a finite number.")
    if positive and x <= 0:
        raise InvalidConfigError(f"{name}={show(value)} must be greater than 0.")
    if below_one and not 0.0 <= x < 1.0:
        raise InvalidConfigError(f"{name}={show(value)} must be in [0, 1).")
    return x


def check_bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidConfigError(f"{name}={show(value)} ({type(value).__name__}) must be true or false.")
    return value


def check_str(name: str, value: Any, *, optional: bool = False, max_len: int = MAX_TEXT) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        kind = "a string or null" if optional else "a string"
        raise InvalidConfigError(f"{name}={show(value)} ({type(value).__name__}) must be {kind}.")
    if len(value) > max_len:
        raise InvalidConfigError(
            f"{name} is {len(value)} characters long ({show(value)}); at most {max_len} allowed."
        )
    return value


@functools.cache
def _reserved_names() -> frozenset[str]:
    """Attribute names of torch's module dicts: such a key cannot name a head or a fixed tensor."""
    from torch import nn

    return frozenset(dir(nn.ModuleDict())) | frozenset(dir(nn.ParameterDict()))


def check_module_names(name: str, value: Any) -> list[str]:
    """A list of distinct Linear module names usable as keys of the hypernetwork's module dicts."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise InvalidConfigError(
            f"{name}={show(value)} ({type(value).__name__}) must be a list of module names, "
            "e.g. ['q_proj', 'v_proj']."
        )
    if not 1 <= len(value) <= MAX_TARGET_MODULES:
        raise InvalidConfigError(
            f"{name} names {len(value)} modules; name between 1 and {MAX_TARGET_MODULES}, "
            "e.g. ['q_proj', 'v_proj']."
        )
    reserved = _reserved_names()
    for i, m in enumerate(value):
        if not isinstance(m, str) or not m or len(m) > MAX_MODULE_NAME or "." in m:
            raise InvalidConfigError(
                f"{name}[{i}]={show(m)} is not a module name: use the last part of a Linear module's name "
                f"(a non-empty string of at most {MAX_MODULE_NAME} characters without '.', e.g. 'q_proj')."
            )
        if m in reserved:
            raise InvalidConfigError(
                f"{name}[{i}]={m!r} is the name of a torch module-dict attribute and cannot key the "
                "hypernetwork's heads; target the Linear modules by another name."
            )
    return list(value)


def check_module_table(name: str, value: Any, modules: Iterable[str], *, kind: str) -> dict[str, Any]:
    """A dict with an entry for every target module: positive sizes (kind 'size') or path templates."""
    if not isinstance(value, Mapping):
        raise InvalidConfigError(
            f"{name}={show(value)} ({type(value).__name__}) must be a mapping from module name to "
            f"{'its size' if kind == 'size' else 'its path'}."
        )
    missing = [m for m in modules if m not in value]
    if missing:
        raise InvalidConfigError(f"{name} has no entry for target module(s) {show(missing)}.")
    if len(value) > MAX_TARGET_MODULES:
        raise InvalidConfigError(f"{name} has {len(value)} entries; at most {MAX_TARGET_MODULES} allowed.")
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidConfigError(f"{name} has a key {show(key)} that is not a module name.")
        label = f"{name}[{key[:MAX_MODULE_NAME]!r}]"
        if kind == "size":
            check_int(label, item, high=MAX_FEATURES)
        else:
            check_str(label, item)
            rest = item.replace("{layer}", "", 1)
            if "{layer}" not in item or "{" in rest or "}" in rest:
                problem = (
                    "has no '{layer}' placeholder"
                    if "{layer}" not in item
                    else "has braces besides one '{layer}'"
                )
                raise InvalidConfigError(
                    f"{label}={show(item)} {problem}; write the module's path with '{{layer}}' "
                    "for the layer index, e.g. 'model.layers.{layer}.self_attn.q_proj'."
                )
    return dict(value)


# --- T2LConfig -------------------------------------------------------------------------------------
_SIZE_FIELDS = (
    ("num_layers", 1, MAX_LAYERS),
    ("rank", 1, MAX_RANK),
    ("latent_size", 4, MAX_WIDTH),
    ("head_in_size", 1, MAX_WIDTH),
    ("embedding_dim", 1, MAX_WIDTH),
)
_BOOL_FIELDS = (
    "use_rslora",
    "head_use_bias",
    "learnable_pos_emb",
    "pred_z_score",
    "factorized",
    "add_full_stop",
    "normalize_embeddings",
    "encoder_trust_remote_code",
)
_STR_FIELDS = (
    "base_model_name_or_path",
    "variant",
    "training_task",
    "encoder_name_or_path",
    "pooling",
    "task_type",
)
_OPTIONAL_STR_FIELDS = ("base_model_revision", "base_model_type", "hf_t2l_version")


def validate_config_fields(config: Any) -> None:
    """Check the types and bounds of every field of a ``T2LConfig`` (called by its ``__post_init__``).

    Raises:
        InvalidConfigError: naming the field, the value received and the accepted range.
    """
    for name in _STR_FIELDS:
        check_str(name, getattr(config, name))
    for name in _OPTIONAL_STR_FIELDS:
        check_str(name, getattr(config, name), optional=True)
    for name, low, high in _SIZE_FIELDS:
        setattr(config, name, check_int(name, getattr(config, name), low=low, high=high))
    for name in _BOOL_FIELDS:
        check_bool(name, getattr(config, name))
    if config.encoder_max_length is not None:
        config.encoder_max_length = check_int(
            "encoder_max_length", config.encoder_max_length, high=MAX_TOKENS
        )
    check_number("lora_alpha", config.lora_alpha, positive=True)
    check_number("lora_dropout", config.lora_dropout, below_one=True)
    check_number("dropout", config.dropout, below_one=True)
    check_number("delta_w_scaling", config.delta_w_scaling, positive=True)
    check_number("embedding_scale", config.embedding_scale, positive=True, optional=True)
    config.target_modules = check_module_names("target_modules", config.target_modules)
    for table in ("in_features", "out_features"):
        setattr(
            config,
            table,
            check_module_table(table, getattr(config, table), config.target_modules, kind="size"),
        )
    config.module_paths = check_module_table(
        "module_paths", config.module_paths, config.target_modules, kind="path"
    )


def read_json_file(
    path: str | Path, *, what: str, error: type[Exception] = InvalidConfigError
) -> dict[str, Any]:
    """Read a small JSON object from an untrusted file (size-capped; deep nesting and bad UTF-8 refused).

    ``what`` names the file in messages (e.g. "the hypernetwork's config.json").
    """
    return _parse(Path(path), what=what, error=error, parse=json.loads, syntax="JSON")


def read_yaml_file(
    path: str | Path, *, what: str, error: type[Exception] = CheckpointError
) -> dict[str, Any]:
    """Read a small YAML mapping with ``yaml.safe_load`` (size-capped; deep nesting refused)."""
    import yaml

    def parse(text: str) -> Any:
        return yaml.safe_load(text) or {}

    return _parse(Path(path), what=what, error=error, parse=parse, syntax="YAML", extra=(yaml.YAMLError,))


def _parse(
    path: Path, *, what: str, error: type[Exception], parse: Any, syntax: str, extra: tuple = ()
) -> dict[str, Any]:
    fix = "re-save it, or download it again from its origin."
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise error(f"{path} is {size} bytes, over the {MAX_CONFIG_BYTES} bytes allowed for {what}; {fix}")
    try:
        data = parse(path.read_bytes().decode("utf-8"))
    except RecursionError as e:
        raise error(f"{path} nests too deeply for {what}; {fix}") from e
    except (ValueError, *extra) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise error(f"{path} is not valid {syntax} ({type(e).__name__}: {str(e)[:200]}); {fix}") from e
    if not isinstance(data, dict):
        raise error(f"{path} holds a {type(data).__name__}, not the mapping of settings {what} is; {fix}")
    return data


# --- reference folders -----------------------------------------------------------------------------
#: args.yaml keys hf_t2l reads, with their checks (training-only keys are ignored).
_ARGS_BOOLS = (
    "shared_AB_head",
    "autoreg_gen",
    "learnable_pos_emb",
    "pred_z_score",
    "factorized",
    "use_one_hot_task_emb",
)


def check_reference_args(args: dict[str, Any], *, source: str) -> None:
    """Check the types of the args.yaml keys that hf_t2l reads (training-only keys are left alone)."""
    where = f"{source}: "
    try:
        for key in ("model_dir", "emb_model", "mt_lora_path"):
            if key in args:
                check_str(where + key, args[key], optional=True)
        for key in ("encoder_type", "training_task"):
            if key in args:
                check_str(where + key, args[key])
        for key in _ARGS_BOOLS:
            if key in args and args[key] is not None:
                check_bool(where + key, args[key])
        if "hypernet_latent_size" in args:
            check_int(where + "hypernet_latent_size", args["hypernet_latent_size"], low=4, high=MAX_WIDTH)
        if "head_in_size" in args:
            check_int(where + "head_in_size", args["head_in_size"], high=MAX_WIDTH)
        if "delta_w_scaling" in args:
            check_number(where + "delta_w_scaling", args["delta_w_scaling"], positive=True)
        if args.get("target_modules") is not None:
            check_module_names(where + "target_modules", args["target_modules"])
    except InvalidConfigError as e:
        raise InvalidConfigError(f"{e} Fix args.yaml or get the folder from its origin again.") from None


def check_adapter_config(config: dict[str, Any], *, source: str, needs_target_modules: bool = False) -> None:
    """Check the LoRA settings of a reference folder's adapter_config.json.

    Its ``target_modules`` (which PEFT also allows as a regex string) is checked only when
    args.yaml names none, as then it is the list that hf_t2l uses.
    """
    where = f"{source}: "
    try:
        if "r" in config:
            check_int(where + "r", config["r"], high=MAX_RANK)
        if "lora_alpha" in config:
            check_number(where + "lora_alpha", config["lora_alpha"], positive=True)
        if "use_rslora" in config:
            check_bool(where + "use_rslora", config["use_rslora"])
        if "lora_dropout" in config:
            check_number(where + "lora_dropout", config["lora_dropout"], below_one=True, optional=True)
        if needs_target_modules:
            check_module_names(where + "target_modules", config.get("target_modules"))
    except InvalidConfigError as e:
        raise InvalidConfigError(
            f"{e} Fix adapter_config.json or get the folder from its origin again."
        ) from None


#: Reference tensors whose shapes are read before the model is built: (prefix, dimensions).
_REFERENCE_DIMS = (
    ("AB_offset.", 3),
    ("mean_recon_target.", 3),
    ("std_recon_target.", 3),
    ("task_encoder.mlp.0.weight", 2),
)


def check_reference_tensors(state: Mapping[str, Any], *, source: str) -> None:
    """The tensors whose shapes define a reference config have the dimensions they must have."""
    for key, tensor in state.items():
        for prefix, ndim in _REFERENCE_DIMS:
            if key.startswith(prefix) and tensor.dim() != ndim:
                raise CheckpointError(
                    f"{source}: {key} has shape {list(tensor.shape)}, expected {ndim} dimensions; "
                    "the checkpoint is damaged or not a T2L hypernetwork. Get it from its origin again."
                )
