"""The native checkpoint format: model.safetensors written and read strictly (shapes, keys, finite values).

Nothing here unpickles: weights are safetensors only. All-zero fixed tensors are declared in the file's
metadata instead of being stored.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import safetensors.torch  # save_file looked up at call time
import torch
from safetensors import safe_open
from safetensors.torch import load_file

from .._version import __version__
from ..constants import CONFIG_NAME, WEIGHTS_NAME, ZERO_TENSORS_KEY
from ..errors import CheckpointError, NonFiniteWeightsError
from .validation import MAX_DECLARED_ZEROS_RATIO, MAX_HEADER_BYTES, MIN_DECLARED_ZEROS_BYTES, show

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA


def save_hypernetwork_files(model: TextToLoRA, directory: str | Path) -> None:
    """Write config.json and model.safetensors of ``model`` into ``directory``."""
    directory = Path(directory)
    model.config.hf_t2l_version = __version__
    (directory / CONFIG_NAME).write_text(model.config.to_json_string(), encoding="utf-8")
    tensors = {k: v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()}
    # fixed tensors that are all zero (offsets, recon statistics of SFT models) are declared, not stored
    zeros = sorted(k for k, v in tensors.items() if is_fixed(k) and not bool(v.any()))
    for k in zeros:
        del tensors[k]
    metadata = {"format": "pt", "hf_t2l_version": __version__, ZERO_TENSORS_KEY: json.dumps(zeros)}
    safetensors.torch.save_file(tensors, str(directory / WEIGHTS_NAME), metadata=metadata)
    if model.task_index is not None:
        model.task_index.save(directory)


def read_safetensors(path: str | Path, *, device: str | torch.device = "cpu") -> dict[str, torch.Tensor]:
    try:
        return load_file(str(path), device=str(device))
    except Exception as e:  # safetensors raises its own error type for corrupt or truncated files
        raise CheckpointError(
            f"Could not read {path}: the file is corrupt or truncated ({type(e).__name__}: {e}). "
            "Download it again (force_download=True) or re-save the hypernetwork."
        ) from e


def fill_declared_zeros(
    model: torch.nn.Module, state: dict[str, torch.Tensor], path: Path, *, device: Any = "cpu"
) -> None:
    """Add the all-zero fixed tensors that the file declares instead of storing them."""
    with safe_open(str(path), "pt") as f:
        declared = json.loads((f.metadata() or {}).get(ZERO_TENSORS_KEY, "[]"))
    expected = state_shapes(model)
    for name in declared:
        if name in expected and name not in state and is_fixed(name):
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
    model: torch.nn.Module,
    state: dict[str, torch.Tensor],
    *,
    source: str,
    assign: bool = True,
    owned: bool = False,
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
            p.requires_grad_(not is_fixed(name))


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
        if all(
            bool(torch.isfinite(flat[i : i + _FINITE_CHUNK]).all())
            for i in range(0, flat.numel(), _FINITE_CHUNK)
        ):
            continue
        nan = int(torch.isnan(flat).sum())
        inf = int(torch.isinf(flat).sum())
        raise NonFiniteWeightsError(
            f"The weights in {source} are not usable: tensor {key} {list(t.shape)} holds {nan} NaN and "
            f"{inf} inf values, so every generated adapter would be NaN. "
            "The file is damaged or its training diverged: download it again, or load an earlier checkpoint."
        )


def is_fixed(name: str) -> bool:
    return name.startswith(("AB_offset.", "mean_recon_target.", "std_recon_target."))


# --- safetensors header ----------------------------------------------------------------------------
def read_safetensors_header(path: str | Path) -> tuple[dict[str, list[int]], dict[str, str]]:
    """Shapes of the tensors stored in a safetensors file, and its metadata, from the header alone.

    Reads the 8-byte header length and the JSON header (capped in size); no tensor data is read.
    """
    path = Path(path)
    size = path.stat().st_size

    def bad(why: str) -> CheckpointError:
        return CheckpointError(
            f"Could not read {path}: the file is corrupt or truncated ({why}). "
            "Download it again (force_download=True) or re-save the hypernetwork."
        )

    with open(path, "rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise bad(f"{size} bytes, shorter than a safetensors header")
        (length,) = struct.unpack("<Q", head)
        if length > MAX_HEADER_BYTES or 8 + length > size:
            raise bad(f"header length {length} for a file of {size} bytes")
        raw = f.read(length)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as e:
        raise bad(f"header is not JSON: {type(e).__name__}") from e
    if not isinstance(header, dict):
        raise bad("header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise bad("metadata is not a mapping of strings")
    shapes: dict[str, list[int]] = {}
    for key, info in header.items():
        shape = info.get("shape") if isinstance(info, dict) else None
        if not isinstance(shape, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape
        ):
            raise bad(f"entry {show(key)} has no valid shape")
        shapes[key] = shape
    return shapes, metadata


def check_weights_header(
    expected: Mapping[str, tuple[Any, Any]], path: str | Path, *, zeros_key: str, is_fixed: Any
) -> None:
    """Compare the shapes a config declares (``expected``: name -> (shape, dtype), from a meta-device
    model) with a safetensors file's header, before any tensor is read or allocated.

    Stored tensors must have the declared shapes; the all-zero fixed tensors that the file declares
    instead of storing may add at most ``MAX_DECLARED_ZEROS_RATIO`` times the file's size.

    Raises:
        CheckpointError: naming the tensors whose shapes differ, or the declared size.
    """
    path = Path(path)
    stored, metadata = read_safetensors_header(path)
    wrong = [
        f"{k}: file {stored[k]} vs config {list(shape)}"
        for k, (shape, _) in expected.items()
        if k in stored and list(shape) != stored[k]
    ]
    if wrong:
        raise CheckpointError(
            f"The weights in {path} do not match the hypernetwork's config: shape mismatches "
            f"{wrong[:8]}{' ...' if len(wrong) > 8 else ''}. The config and weights come from different "
            "hypernetworks; re-download or re-save them together."
        )
    try:
        declared = json.loads(metadata.get(zeros_key, "[]"))
    except (ValueError, RecursionError):
        declared = None
    if not isinstance(declared, list) or not all(isinstance(k, str) for k in declared):
        raise CheckpointError(
            f"The metadata {zeros_key!r} of {path} is not a list of tensor names; the file is damaged. "
            "Download it again or re-save the hypernetwork."
        )
    zero_bytes = 0
    for k in set(declared):
        if k in expected and k not in stored and is_fixed(k):
            shape, dtype = expected[k]
            zero_bytes += math.prod(shape) * dtype.itemsize
    limit = max(MAX_DECLARED_ZEROS_RATIO * path.stat().st_size, MIN_DECLARED_ZEROS_BYTES)
    if zero_bytes > limit:
        raise CheckpointError(
            f"The config of {path} declares {zero_bytes} bytes of zero tensors for a "
            f"{path.stat().st_size}-byte weights file (at most {limit} allowed); its sizes (num_layers, "
            "rank, in/out features) do not fit the weights. Re-download or re-save the config and weights "
            "together."
        )
