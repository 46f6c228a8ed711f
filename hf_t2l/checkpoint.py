"""The native checkpoint format: model.safetensors written and read strictly (shapes, keys, finite values).

Nothing here unpickles: weights are safetensors only. All-zero fixed tensors are declared in the file's
metadata instead of being stored.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from ._version import __version__
from .constants import CONFIG_NAME, WEIGHTS_NAME, ZERO_TENSORS_KEY
from .errors import CheckpointError, NonFiniteWeightsError

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA


def save_hypernetwork_files(model: TextToLoRA, directory: str | Path) -> None:
    """Write config.json and model.safetensors of ``model`` into ``directory``."""
    from safetensors.torch import save_file

    directory = Path(directory)
    model.config.hf_t2l_version = __version__
    (directory / CONFIG_NAME).write_text(model.config.to_json_string(), encoding="utf-8")
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    # fixed tensors that are all zero (offsets, recon statistics of SFT models) are declared, not stored
    zeros = sorted(k for k, v in tensors.items() if _is_fixed(k) and not bool(v.any()))
    for k in zeros:
        del tensors[k]
    metadata = {"format": "pt", "hf_t2l_version": __version__, ZERO_TENSORS_KEY: json.dumps(zeros)}
    save_file(tensors, str(directory / WEIGHTS_NAME), metadata=metadata)
    if model.task_index is not None:
        model.task_index.save(directory)


def read_safetensors(path: str | Path, *, device: str | torch.device = "cpu") -> dict[str, torch.Tensor]:
    from safetensors.torch import load_file

    try:
        return load_file(str(path), device=str(device))
    except Exception as e:  # safetensors raises its own error type for corrupt or truncated files
        raise CheckpointError(
            f"Could not read {path}: the file is corrupt or truncated ({type(e).__name__}: {e}). "
            "Download it again (force_download=True) or re-save the hypernetwork."
        ) from e


def fill_declared_zeros(model: torch.nn.Module, state: dict[str, torch.Tensor], path: Path, *, device: Any = "cpu") -> None:
    """Add the all-zero fixed tensors that the file declares instead of storing them."""
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        declared = json.loads((f.metadata() or {}).get(ZERO_TENSORS_KEY, "[]"))
    expected = state_shapes(model)
    for name in declared:
        if name in expected and name not in state and _is_fixed(name):
            state[name] = torch.zeros(expected[name][0], dtype=expected[name][1], device=device)


def state_shapes(model: torch.nn.Module) -> dict[str, tuple[torch.Size, torch.dtype]]:
    """Shape and dtype of every entry of ``model.state_dict()``, without running its hooks or copying."""
    out: dict[str, tuple[torch.Size, torch.dtype]] = {}
    for prefix, module in model.named_modules():
        dot = f"{prefix}." if prefix else ""
        for name, p in module._parameters.items():
            if p is not None:
                out[dot + name] = (p.shape, p.dtype)
        for name, b in module._buffers.items():
            if b is not None and name not in module._non_persistent_buffers_set:
                out[dot + name] = (b.shape, b.dtype)
    return out


def load_state_dict_strict(
    model: torch.nn.Module, state: dict[str, torch.Tensor], *, source: str, assign: bool = True, owned: bool = False
) -> None:
    """Load ``state`` into a model; any missing/unexpected key or shape is an error.

    ``assign=True`` (for meta-device models) takes the tensors as the parameters; ``assign=False``
    copies into the existing parameters (so an optimizer holding them keeps working).
    """
    expected = state_shapes(model)
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    wrong = [
        f"{k}: file {list(state[k].shape)} vs config {list(v[0])}"
        for k, v in expected.items()
        if k in state and tuple(state[k].shape) != tuple(v[0])
    ]
    if missing or unexpected or wrong:
        parts = []
        if missing:
            parts.append(f"missing keys {missing[:8]}{' ...' if len(missing) > 8 else ''}")
        if unexpected:
            parts.append(f"unexpected keys {unexpected[:8]}{' ...' if len(unexpected) > 8 else ''}")
        if wrong:
            parts.append(f"shape mismatches {wrong[:8]}{' ...' if len(wrong) > 8 else ''}")
        raise CheckpointError(
            f"The weights in {source} do not match the hypernetwork's config: {'; '.join(parts)}. "
            "The config and weights come from different hypernetworks; re-download or re-save them together."
        )
    check_finite(state, source=source)
    # ``owned``: the caller's tensors were just read for this load and may be reordered in place
    internal = owned and hasattr(model, "reorder_state_in_place") and model.reorder_state_in_place(state)
    if internal:
        model._state_is_internal = True
    try:
        model.load_state_dict(state, strict=True, assign=assign)
    finally:
        if internal:
            model._state_is_internal = False
    if assign:
        for name, p in model.named_parameters():  # fixed tensors stay frozen after assign
            p.requires_grad_(not _is_fixed(name))


_FINITE_CHUNK = 1 << 24  # elements checked at a time: the check's scratch memory stays at 16 MiB


def check_finite(state: dict[str, torch.Tensor], *, source: str) -> None:
    """Refuse weights holding NaN or inf: every adapter generated from them would be NaN.

    Raises:
        NonFiniteWeightsError: names the file, the tensor and how many NaN and inf values it holds.
    """
    for key, t in state.items():
        if not t.is_floating_point() or t.is_meta:
            continue
        if math.isfinite(float(t.sum())):  # a finite sum means every value is finite (one pass, no scratch)
            continue
        flat = t.reshape(-1)  # NaN/inf, or a sum that overflowed: the exact check
        if all(bool(torch.isfinite(flat[i : i + _FINITE_CHUNK]).all()) for i in range(0, flat.numel(), _FINITE_CHUNK)):
            continue
        nan = int(torch.isnan(flat).sum())
        inf = int(torch.isinf(flat).sum())
        raise NonFiniteWeightsError(
            f"The weights in {source} are not usable: tensor {key} {list(t.shape)} holds {nan} NaN and {inf} inf "
            "values, so every generated adapter would be NaN. The file is damaged or its training diverged: "
            "download it again, or load an earlier checkpoint."
        )


def _is_fixed(name: str) -> bool:
    return name.startswith(("AB_offset.", "mean_recon_target.", "std_recon_target."))
