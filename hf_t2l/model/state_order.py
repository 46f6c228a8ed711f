"""The L heads' state order (variant L): B's columns in (out, r) order inside the module, (r, out) on disk.

L heads keep B's columns in (out, r) order, so the head GEMM writes each layer's B [out, r] contiguous (no
transposed copy); state dicts use the reference order, so the reference's checkpoints load as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import torch

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA


def install_state_order_hooks(model: TextToLoRA) -> None:
    """Convert an L hypernetwork's heads to the reference order in ``state_dict()`` and back on load."""
    model._register_state_dict_hook(_heads_to_reference_order)
    model.register_load_state_dict_pre_hook(_heads_from_reference_order)


def reorder_state_in_place(model: TextToLoRA, state: dict[str, torch.Tensor]) -> bool:
    """Put a reference-order state dict into this module's internal head order, overwriting its
    tensors (only for callers that own them: costs one B-sized buffer instead of a head copy).
    Returns whether the next ``load_state_dict`` should skip its own reordering."""
    for key, r, fan_in, fan_out in _head_keys(model, ""):
        t = state.get(key)
        if t is None or t.is_meta or t.shape[0] != r * (fan_in + fan_out) or not t.is_contiguous():
            return False  # leave it to the load hook (which copies)
    for key, r, fan_in, fan_out in _head_keys(model, ""):
        b = state[key][r * fan_in :]
        b.copy_(_b_rows_reordered(b, r, fan_out, to_internal=True))
    return True


def _b_rows_reordered(b: torch.Tensor, r: int, fan_out: int, *, to_internal: bool) -> torch.Tensor:
    """The B rows of an L head (weight or bias) moved between (r, out) and (out, r) order, as a new tensor."""
    shape = (r, fan_out) if to_internal else (fan_out, r)
    return b.reshape(*shape, *b.shape[1:]).transpose(0, 1).reshape(b.shape)


def _reorder_b_rows(t: torch.Tensor, r: int, fan_in: int, fan_out: int, *, to_internal: bool) -> torch.Tensor:
    """An L head's weight or bias with its B rows moved between (r, out) and (out, r) order."""
    split = r * fan_in
    out = torch.empty(t.shape, dtype=t.dtype, device=t.device)
    out[:split] = t[:split]
    out[split:] = _b_rows_reordered(t[split:], r, fan_out, to_internal=to_internal)
    return out


def _head_keys(module: TextToLoRA, prefix: str) -> Iterator[tuple[str, int, int, int]]:
    cfg = module.config
    for m in cfg.target_modules:
        for name in ("weight", "bias"):
            yield f"{prefix}heads.{m}.{name}", cfg.rank, cfg.in_features[m], cfg.out_features[m]


def _heads_to_reference_order(module: TextToLoRA, state: dict, prefix: str, local_metadata: Any) -> None:
    for key, r, fan_in, fan_out in _head_keys(module, prefix):
        if key in state and not state[key].is_meta:
            state[key] = _reorder_b_rows(state[key], r, fan_in, fan_out, to_internal=False)


def _heads_from_reference_order(module: TextToLoRA, state: dict, prefix: str, *args: Any) -> None:
    if module._state_is_internal:  # already reordered in place by the loader that owns the tensors
        return
    for key, r, fan_in, fan_out in _head_keys(module, prefix):
        if key in state and not state[key].is_meta and state[key].shape[0] == r * (fan_in + fan_out):
            state[key] = _reorder_b_rows(state[key], r, fan_in, fan_out, to_internal=True)
