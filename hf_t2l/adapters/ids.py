"""Content-addressed adapter ids: the same hypernetwork, description and LoRA settings give the same id.

An adapter's id is the SHA-256 (first 32 hex digits) of:

- the hypernetwork's digest: its config (which names the encoder and the base shapes) and every
  parameter and buffer (name, dtype, shape, bytes);
- the description as the encoder sees it (stripped, with the full stop the config adds);
- the LoRA settings written into the adapter (rank, alpha, rsLoRA or not, dropout, target modules);
- :data:`FORMAT_VERSION`, raised whenever the same inputs would give other adapter tensors.

The id is what the adapter pool and the on-disk cache key adapters by, and it is written into a
saved adapter's card and safetensors metadata (``hf_t2l_adapter_id``) so a pushed adapter can be
traced back to its hypernetwork and description.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING

import torch

from ..errors import InvalidAdapterIdError
from ..inputs import preprocess

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA
    from .generated import GeneratedAdapter

__all__ = [
    "FORMAT_VERSION",
    "adapter_id",
    "hypernetwork_digest",
    "normalise_description",
    "stamp_adapter_id",
    "check_adapter_id",
]

#: Version of the id recipe and of the adapter tensors hf_t2l writes for given inputs.
FORMAT_VERSION = 1
ID_LENGTH = 32
ADAPTER_ID_PATTERN = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")


def hypernetwork_digest(t2l: TextToLoRA) -> str:
    """SHA-256 of the hypernetwork's config and weights, computed once per loaded hypernetwork.

    The value is kept with a stamp of every parameter and buffer (see
    :mod:`hf_t2l.model.generation_cache`): any change to a weight (in place, replaced, moved or cast) makes
    the next call hash again.
    """
    tensors = [(name, t) for name, t in (*t2l.named_parameters(), *t2l.named_buffers())]

    def compute() -> str:
        h = hashlib.sha256(t2l.config.to_json_string().encode())
        for name, t in sorted(tensors, key=lambda item: item[0]):
            data = t.detach().to("cpu").contiguous().reshape(-1)
            h.update(f"\n{name}|{data.dtype}|{tuple(t.shape)}\n".encode())
            h.update(memoryview(data.view(torch.uint8).numpy()))  # the tensor's bytes, not a copy
        return h.hexdigest()

    return t2l._cache.get(("hf_t2l.adapters.ids.digest",), [t for _, t in tensors], compute)


def normalise_description(t2l: TextToLoRA, description: str) -> str:
    """The description as the encoder sees it (the encoder's own preprocessing, nothing more).

    ``description`` is already checked (a non-empty str, see ``hf_t2l.inputs.validate_descriptions``).
    """
    return preprocess(description, add_full_stop=t2l.config.add_full_stop)


def adapter_id(t2l: TextToLoRA, description: str, *, use_rslora: bool | None = None) -> str:
    """The content-addressed id of the adapter ``t2l.generate(description, use_rslora=...)`` returns.

    ``description`` is already checked by its caller's public entry (a non-empty str, see
    ``hf_t2l.inputs.validate_descriptions``); it is not checked again here.

    Example:
        >>> adapter_id(t2l, "Reply in French.") == adapter_id(t2l, "  Reply in French  ")
        True
    """
    c = t2l.config
    lora = {
        "r": c.rank,
        "lora_alpha": c.lora_alpha,
        "lora_dropout": c.lora_dropout,
        "use_rslora": c.use_rslora if use_rslora is None else bool(use_rslora),
        "target_modules": sorted(c.target_modules),
    }
    payload = {
        "format": FORMAT_VERSION,
        "hypernetwork": hypernetwork_digest(t2l),
        "description": normalise_description(t2l, description),
        "lora": lora,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:ID_LENGTH]


def stamp_adapter_id(adapter: GeneratedAdapter, adapter_id: str) -> GeneratedAdapter:
    """Record ``adapter_id`` (and the id format) in the adapter's provenance: its card and files carry it."""
    adapter.provenance["adapter_id"] = adapter_id
    adapter.provenance["adapter_id_format"] = FORMAT_VERSION
    return adapter


def check_adapter_id(value: object) -> str:
    """Return ``value`` if it is an adapter id (32 lowercase hex digits), else raise InvalidAdapterIdError."""
    if not isinstance(value, str) or not ADAPTER_ID_PATTERN.fullmatch(value):
        raise InvalidAdapterIdError(
            f"An adapter id is {ID_LENGTH} lowercase hex digits (as `hf-t2l cache ls` lists them); "
            f"got {value!r}."
        )
    return value
