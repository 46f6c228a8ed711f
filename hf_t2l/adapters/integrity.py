"""Integrity of saved adapters: a content hash written with each, checked before a cached one is used.

The on-disk adapter cache is shared by every process with the same ``HF_HOME``, so what it holds is
untrusted input. A saved adapter's safetensors metadata records its LoRA settings (``hf_t2l_lora``)
and a SHA-256 (``hf_t2l_content_sha256``) over every other metadata entry (id, description,
provenance, LoRA settings) and every tensor (name, dtype, shape, bytes). :func:`read_verified`
checks, before any tensor is handed out:

- the id recorded in the file is the folder's id;
- the LoRA settings are sane (rank, alpha, dropout, target modules, ``bias='none'``) and, when the
  caller knows them (the adapter pool does, from its hypernetwork), equal to those the id requires;
- ``adapter_config.json`` is small (the cap of any downloaded config) and says nothing but those
  settings (no ``modules_to_save``, rank or alpha patterns, DoRA...);
- the tensors are exactly the LoRA pairs of the target modules with the shapes the rank requires (or
  exactly the keys, shapes and dtype the caller expects), float16, bfloat16 or float32, all finite;
- the content hash matches.

Anything else raises :class:`~hf_t2l.errors.IncompatibleAdapterError` naming what is wrong. The hash
finds damaged and altered entries; it is no signature: whoever may write the cache folder can write a
consistent entry, so only let trusted users write ``HF_HOME``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from ..constants import ADAPTER_WEIGHTS_NAME
from ..errors import IncompatibleAdapterError, InvalidConfigError
from ..hub.validation import (
    MAX_RANK,
    check_bool,
    check_int,
    check_module_names,
    check_number,
    check_str,
    read_json_file,
    show,
)

if TYPE_CHECKING:  # pragma: no cover
    from peft import LoraConfig

    from ..model.config import T2LConfig

__all__ = [
    "AdapterSpec",
    "DIGEST_KEY",
    "LORA_KEY",
    "content_digest",
    "lora_config_from_settings",
    "lora_settings",
    "lora_settings_for",
    "read_verified",
]

LORA_KEY = "hf_t2l_lora"
DIGEST_KEY = "hf_t2l_content_sha256"
#: Far above any LoRA alpha in use (commonly r or 2r, r <= 256); an alpha above it is not an adapter's.
MAX_LORA_ALPHA = 4 * MAX_RANK
_DTYPES = {"F16": torch.float16, "BF16": torch.bfloat16, "F32": torch.float32}
_SETTINGS = (
    "r",
    "lora_alpha",
    "use_rslora",
    "lora_dropout",
    "target_modules",
    "task_type",
    "bias",
    "base_model_name_or_path",
    "revision",
)
_INFORMATIONAL = frozenset({"peft_version", "auto_mapping"})  # differ between PEFT versions, change nothing
_KEY = re.compile(r"base_model\.model\.(?P<path>.+)\.lora_(?P<side>[AB])\.weight")
_ABSENT = object()


# --- LoRA settings ---------------------------------------------------------------------------------
def lora_settings_for(config: T2LConfig, *, use_rslora: bool | None = None) -> dict[str, Any]:
    """The LoRA settings of the adapters a hypernetwork with ``config`` generates."""
    rslora = config.use_rslora if use_rslora is None else bool(use_rslora)
    return {
        "r": config.rank,
        "lora_alpha": config.lora_alpha,
        "use_rslora": rslora,
        "lora_dropout": config.lora_dropout,
        "target_modules": sorted(config.target_modules),
        "task_type": config.task_type,
        "bias": "none",
        "base_model_name_or_path": config.base_model_name_or_path,
        "revision": config.base_model_revision,
    }


def lora_config_from_settings(settings: Mapping[str, Any]) -> LoraConfig:
    """The ``peft.LoraConfig`` of an adapter with these settings (as hf_t2l writes it)."""
    from peft import LoraConfig  # peft's import runs a hook that imports this package

    return LoraConfig(
        r=settings["r"],
        lora_alpha=settings["lora_alpha"],
        use_rslora=settings["use_rslora"],
        lora_dropout=settings["lora_dropout"],
        target_modules=list(settings["target_modules"]),
        task_type=settings["task_type"],
        bias=settings["bias"],
        base_model_name_or_path=settings["base_model_name_or_path"],
        revision=settings["revision"],
        inference_mode=True,
    )


def lora_settings(config: LoraConfig) -> dict[str, Any]:
    """The settings of ``config`` that :func:`lora_config_from_settings` takes (as JSON values)."""
    modules = config.target_modules
    return {
        "r": config.r,
        "lora_alpha": config.lora_alpha,
        "use_rslora": bool(config.use_rslora),
        "lora_dropout": config.lora_dropout,
        "target_modules": sorted(modules) if not isinstance(modules, str) else modules,
        "task_type": getattr(config.task_type, "value", config.task_type),
        "bias": config.bias,
        "base_model_name_or_path": config.base_model_name_or_path,
        "revision": config.revision,
    }


def check_settings(settings: Any) -> dict[str, Any]:
    """``settings`` read from a file: exactly the expected keys, each of a sane type and size."""
    if not isinstance(settings, dict) or sorted(settings) != sorted(_SETTINGS):
        raise IncompatibleAdapterError(f"its recorded LoRA settings {show(settings)} are not hf_t2l's")
    try:
        check_int("r", settings["r"], high=MAX_RANK)
        alpha = check_number("lora_alpha", settings["lora_alpha"], positive=True)
        if alpha is not None and alpha > MAX_LORA_ALPHA:
            raise InvalidConfigError(f"lora_alpha={show(alpha)} is above {MAX_LORA_ALPHA}")
        check_bool("use_rslora", settings["use_rslora"])
        check_number("lora_dropout", settings["lora_dropout"], below_one=True)
        check_module_names("target_modules", settings["target_modules"])
        check_str("task_type", settings["task_type"])
        check_str("base_model_name_or_path", settings["base_model_name_or_path"], optional=True)
        check_str("revision", settings["revision"], optional=True)
    except InvalidConfigError as e:
        raise IncompatibleAdapterError(f"its LoRA settings are not sane: {e}") from None
    if settings["bias"] != "none":
        raise IncompatibleAdapterError(f"bias={show(settings['bias'])}; hf_t2l writes bias='none'")
    return settings


# --- what the caller expects ------------------------------------------------------------------------
@dataclass(frozen=True)
class AdapterSpec:
    """What an adapter must be: its tensors' keys and shapes, their dtype, and its LoRA settings."""

    shapes: Mapping[str, tuple[int, ...]]
    dtype: torch.dtype
    lora: Mapping[str, Any]

    @classmethod
    def for_config(
        cls, config: T2LConfig, *, dtype: torch.dtype, use_rslora: bool | None = None
    ) -> AdapterSpec:
        """The adapters a hypernetwork with ``config`` (weights in ``dtype``) generates."""
        shapes: dict[str, tuple[int, ...]] = {}
        for m in config.target_modules:
            for layer in range(config.num_layers):
                shapes[config.peft_key(m, layer, "A")] = (config.rank, config.in_features[m])
                shapes[config.peft_key(m, layer, "B")] = (config.out_features[m], config.rank)
        return cls(shapes, dtype, lora_settings_for(config, use_rslora=use_rslora))


# --- the hash --------------------------------------------------------------------------------------
def content_digest(tensors: Mapping[str, torch.Tensor], metadata: Mapping[str, str]) -> str:
    """SHA-256 of the metadata (but the digest itself) and every tensor's name, dtype, shape and bytes."""
    covered = {k: v for k, v in metadata.items() if k not in (DIGEST_KEY, "format")}
    h = hashlib.sha256(json.dumps(covered, sort_keys=True).encode())
    for key in sorted(tensors):
        t = tensors[key].detach().to("cpu").contiguous()
        h.update(f"\n{key}|{t.dtype}|{tuple(t.shape)}\n".encode())
        h.update(memoryview(t.reshape(-1).view(torch.uint8).numpy()))  # the bytes, not a copy
    return h.hexdigest()


# --- reading ----------------------------------------------------------------------------------------
def read_verified(
    folder: Path, adapter_id: str, expect: AdapterSpec | None = None
) -> tuple[dict[str, torch.Tensor], LoraConfig, dict[str, str]]:
    """The tensors, LoRA config and metadata of the adapter ``adapter_id`` saved in ``folder``, after
    every check above (``expect``: what the caller requires, e.g. :meth:`AdapterSpec.for_config`).

    Raises:
        IncompatibleAdapterError: a check failed (the message says which).
        OSError: the folder or a file in it could not be read (e.g. removed meanwhile).
    """
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(folder / ADAPTER_WEIGHTS_NAME), framework="pt") as f:
            meta = dict(f.metadata() or {})
            settings = _check_metadata(meta, adapter_id, expect)
            _check_header(f, settings, expect)
            state = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 (a safetensors handle, not a dict)
    except SafetensorError as e:
        raise IncompatibleAdapterError(f"its weights file is not a readable safetensors file ({e})") from None
    for key, t in state.items():
        # a float64 sum of float16/bfloat16/float32 values cannot overflow: it is finite iff every value is
        if not bool(torch.isfinite(t.sum(dtype=torch.float64))):
            raise IncompatibleAdapterError(f"{key} holds NaN or inf values")
    if content_digest(state, meta) != meta[DIGEST_KEY]:
        raise IncompatibleAdapterError("its content hash does not match its tensors and metadata")
    _check_config_file(folder / "adapter_config.json", settings)
    return state, lora_config_from_settings(settings), meta


def _check_metadata(meta: dict[str, str], adapter_id: str, expect: AdapterSpec | None) -> dict[str, Any]:
    if meta.get("hf_t2l_adapter_id") != adapter_id:
        raise IncompatibleAdapterError(f"its file records the id {show(meta.get('hf_t2l_adapter_id'))}")
    if DIGEST_KEY not in meta or LORA_KEY not in meta:
        raise IncompatibleAdapterError("its file records no content hash (written by an older hf_t2l?)")
    try:
        provenance = json.loads(meta.get("hf_t2l", "{}"))
        settings = json.loads(meta[LORA_KEY])
    except (ValueError, RecursionError):
        raise IncompatibleAdapterError("its metadata is not valid JSON") from None
    if not isinstance(provenance, dict) or provenance.get("adapter_id") != adapter_id:
        raise IncompatibleAdapterError("its provenance records another id")
    settings = check_settings(settings)
    if expect is not None and settings != dict(expect.lora):
        diff = {k: settings[k] for k in settings if settings[k] != expect.lora.get(k)}
        raise IncompatibleAdapterError(f"its LoRA settings {show(diff)} differ from those its id requires")
    return settings


def _check_header(f: Any, settings: Mapping[str, Any], expect: AdapterSpec | None) -> None:
    """Keys, shapes and dtypes from the file's header, before any tensor is read."""
    declared: dict[str, tuple[tuple[int, ...], torch.dtype]] = {}
    for key in f.keys():  # noqa: SIM118
        part = f.get_slice(key)
        dtype = _DTYPES.get(part.get_dtype())
        if dtype is None:
            raise IncompatibleAdapterError(
                f"{show(key)} is {part.get_dtype()}; adapters are float16, bfloat16 or float32"
            )
        declared[key] = (tuple(part.get_shape()), dtype)
    if expect is not None:
        check_state_matches(declared, expect.shapes, expect.dtype)
        return
    if not declared or len({d for _, d in declared.values()}) != 1:
        raise IncompatibleAdapterError("its tensors are missing or of several dtypes")
    r, modules = settings["r"], set(settings["target_modules"])
    for key, (shape, _) in declared.items():
        m = _KEY.fullmatch(key)
        other = key[: -len("A.weight")] + ("B.weight" if key.endswith("A.weight") else "A.weight")
        if m is None or m["path"].rpartition(".")[2] not in modules or other not in declared:
            raise IncompatibleAdapterError(f"{show(key)} is not one of a LoRA pair of its target modules")
        if len(shape) != 2 or shape[0 if m["side"] == "A" else 1] != r:
            raise IncompatibleAdapterError(f"{show(key)} has shape {list(shape)}, not that of rank {r}")


def check_state_matches(
    declared: Mapping[str, tuple[tuple[int, ...], torch.dtype]],
    shapes: Mapping[str, tuple[int, ...]],
    dtype: torch.dtype | None,
) -> None:
    """``declared`` (key -> (shape, dtype)) has exactly the keys and shapes of ``shapes``, and the dtype
    ``dtype`` (None: any of float16, bfloat16, float32)."""
    missing, extra = sorted(set(shapes) - set(declared)), sorted(set(declared) - set(shapes))
    if missing or extra:
        raise IncompatibleAdapterError(
            f"its tensors are not the expected ones: {len(missing)} missing (e.g. {show(missing[:2])}), "
            f"{len(extra)} unexpected (e.g. {show(extra[:2])}); it is another hypernetwork's adapter"
        )
    for key, (shape, got) in declared.items():
        if tuple(shape) != tuple(shapes[key]):
            raise IncompatibleAdapterError(f"{key} has shape {list(shape)}, expected {list(shapes[key])}")
        if got not in _DTYPES.values() or (dtype is not None and got != dtype):
            want = dtype if dtype is not None else "float16, bfloat16 or float32"
            raise IncompatibleAdapterError(f"{key} is {got}, expected {want}")


def _check_config_file(path: Path, settings: Mapping[str, Any]) -> None:
    """adapter_config.json is small and sets nothing but what these settings give."""
    try:
        data = read_json_file(path, what="an adapter's adapter_config.json", error=IncompatibleAdapterError)
    except IncompatibleAdapterError as e:  # no folder of this machine in the message
        raise IncompatibleAdapterError(str(e).replace(str(path), path.name)) from None
    reference = _plain(lora_config_from_settings(settings).to_dict())
    for key in (*_SETTINGS, "peft_type"):
        if key not in data:
            raise IncompatibleAdapterError(f"{path.name} has no {key!r}")
    for key, value in data.items():
        if key in _INFORMATIONAL:
            continue
        got, want = _plain(value), reference.get(key, _ABSENT)
        if key == "target_modules" and isinstance(got, list):
            got = sorted(got, key=str)
        same = got in (None, False, [], {}, "") if want is _ABSENT else got == want
        if not same:
            shown = "nothing" if want is _ABSENT else show(want)
            raise IncompatibleAdapterError(
                f"{path.name} sets {show(key)}={show(value)}, but an hf_t2l adapter with its recorded "
                f"LoRA settings has {shown}"
            )


def _plain(value: Any) -> Any:
    """``value`` as JSON gives it back (sets as sorted lists)."""
    return json.loads(
        json.dumps(value, default=lambda o: sorted(o) if isinstance(o, (set, frozenset)) else str(o))
    )
