"""Training checkpoints: save, restore and prune weights, optimiser, schedule and RNG states (no pickle)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

import torch
from peft import set_peft_model_state_dict
from safetensors.torch import save_file

from ..constants import ADAPTER_WEIGHTS_NAME, WEIGHTS_NAME
from ..errors import CheckpointError
from ..hub.atomic import atomic_directory
from ..hub.native_format import fill_declared_zeros, load_state_dict_strict, read_safetensors

STATE_TENSORS = "trainer_state.safetensors"
STATE_JSON = "trainer_state.json"
HISTORY_JSON = "metrics_history.json"


def save_checkpoint(
    folder: Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    *,
    step: int,
    sampler: random.Random,
    extra: dict[str, Any],
    history: list[dict[str, float]] | None = None,
) -> None:
    """Write the model (its own ``save_pretrained``), the trainer state and the metrics ``history`` so
    far into ``folder``, atomically."""
    with atomic_directory(folder) as tmp:
        model.save_pretrained(tmp)
        opt = optimizer.state_dict()
        tensors = {"rng.torch": torch.get_rng_state()}
        if torch.cuda.is_available():
            tensors["rng.cuda"] = torch.cuda.get_rng_state()
        for index, state in opt["state"].items():
            for name, value in state.items():
                tensor = value.detach().cpu().contiguous() if torch.is_tensor(value) else torch.tensor(value)
                tensors[f"optimizer.{index}.{name}"] = tensor
        save_file(tensors, str(tmp / STATE_TENSORS))
        meta = {
            "step": step,
            "param_groups": opt["param_groups"],
            "scheduler": {k: v for k, v in scheduler.state_dict().items() if k != "lr_lambdas"},
            "sampler": _jsonable(sampler.getstate()),
            **extra,
        }
        (tmp / STATE_JSON).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if history is not None:
            (tmp / HISTORY_JSON).write_text(json.dumps(history), encoding="utf-8")


def load_checkpoint(
    folder: Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    sampler: random.Random,
) -> dict[str, Any]:
    """Restore weights, optimiser, schedule and RNG states; return the JSON metadata."""
    _load_weights(folder, model)
    tensors = read_safetensors(folder / STATE_TENSORS)
    meta = json.loads((folder / STATE_JSON).read_text(encoding="utf-8"))
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith("optimizer."):
            _, index, name = key.split(".", 2)
            state.setdefault(int(index), {})[name] = value
    groups = meta["param_groups"]
    for group in groups:
        if "betas" in group:
            group["betas"] = tuple(group["betas"])
    optimizer.load_state_dict({"state": state, "param_groups": groups})
    scheduler.load_state_dict({**meta["scheduler"], "lr_lambdas": [None] * len(optimizer.param_groups)})
    torch.set_rng_state(tensors["rng.torch"])
    if "rng.cuda" in tensors and torch.cuda.is_available():
        torch.cuda.set_rng_state(tensors["rng.cuda"])
    sampler.setstate(_tupled(meta["sampler"]))
    return meta


def load_history(folder: Path) -> list[dict[str, float]]:
    """The metrics history a checkpoint kept (empty for one written before histories were kept)."""
    path = folder / HISTORY_JSON
    if not path.exists():
        return []
    try:
        history = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise CheckpointError(
            f"{path} is not a JSON metrics history ({e}); delete the file to resume."
        ) from None
    good = isinstance(history, list) and all(
        isinstance(h, dict) and isinstance(h.get("step"), int) for h in history
    )
    if not good:
        raise CheckpointError(
            f"{path} is not a list of {{'step': int, ...}} entries; delete the file to resume without it."
        )
    return history


def _load_weights(folder: Path, model: torch.nn.Module) -> None:
    """A hypernetwork's ``model.safetensors`` or a PEFT model's adapter weights, strictly."""
    if hasattr(model, "peft_config"):  # the multi-task LoRA baseline: PEFT wrote its adapter file
        weights = read_safetensors(folder / ADAPTER_WEIGHTS_NAME)
        loaded = set_peft_model_state_dict(model, weights)
        if loaded.unexpected_keys:
            raise CheckpointError(
                f"{folder / ADAPTER_WEIGHTS_NAME} holds {len(loaded.unexpected_keys)} tensor(s) this LoRA "
                f"lacks, e.g. {loaded.unexpected_keys[0]}; resume with the config that wrote the checkpoint."
            )
        return
    weights = read_safetensors(folder / WEIGHTS_NAME)
    fill_declared_zeros(model, weights, folder / WEIGHTS_NAME)
    load_state_dict_strict(model, weights, source=str(folder), assign=False, owned=True)


def _step_folders(output_dir: Path) -> list[Path]:
    return sorted((output_dir / "checkpoints").glob("step-*"), key=lambda p: int(p.name.split("-")[1]))


def latest_checkpoint(output_dir: Path) -> Path | None:
    """The newest complete checkpoint under ``output_dir/checkpoints`` (None when there is none)."""
    complete = [f for f in _step_folders(output_dir) if (f / STATE_JSON).exists()]
    return complete[-1] if complete else None


def prune_checkpoints(output_dir: Path, keep: int, best: Path | None) -> None:
    """Delete all but the ``keep`` newest checkpoints, never ``best``."""
    folders = _step_folders(output_dir)
    for folder in folders[:-keep] if keep > 0 else folders:
        if best is None or folder.resolve() != best.resolve():
            shutil.rmtree(folder, ignore_errors=True)


def _jsonable(value: Any) -> Any:
    return [_jsonable(v) for v in value] if isinstance(value, (tuple, list)) else value


def _tupled(value: Any) -> Any:
    return tuple(_tupled(v) for v in value) if isinstance(value, list) else value
