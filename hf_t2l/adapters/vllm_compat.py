"""Whether a saved adapter folder can be served by vLLM's multi-LoRA (``vllm serve BASE --enable-lora``).

vLLM reads a PEFT LoRA folder itself: ``adapter_config.json`` (``r``, ``lora_alpha``, ``use_rslora``,
``target_modules``, ``bias``, ``modules_to_save``, ``use_dora``) and ``adapter_model.safetensors``
with keys ``base_model.model.<module path>.lora_A.weight`` / ``.lora_B.weight``. It refuses a rank
above ``--max-lora-rank``, LoRA biases, DoRA, and ``modules_to_save`` other than the embeddings or
the LM head, and applies LoRA only to the model's linear projections. This module checks those
rules without vLLM installed, so an adapter can be checked where it is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..constants import ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME
from ..errors import VLLMIncompatibleAdapterError

#: linear projections of Llama/Mistral/Gemma/Qwen-style decoders that vLLM can put a LoRA on
VLLM_LORA_TARGETS = frozenset({"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"})
_KEY = re.compile(r"base_model\.model\.(?:[\w.]+\.)?(\w+)\.lora_([AB])\.weight")


def check_vllm_compatible(folder: str | Path, *, max_lora_rank: int = 8) -> dict:
    """Check a PEFT LoRA folder against what vLLM's multi-LoRA serving accepts.

    Args:
        folder: A folder written by ``GeneratedAdapter.save_pretrained`` (or any PEFT LoRA folder).
        max_lora_rank: The ``--max-lora-rank`` the vLLM server is (or will be) started with.

    Returns:
        The parsed ``adapter_config.json``.

    Raises:
        VLLMIncompatibleAdapterError: every reason vLLM would refuse the folder, in one message.

    Example:
        >>> check_vllm_compatible("sentiment-lora", max_lora_rank=8)["r"]
        8
    """
    from safetensors import safe_open

    path = Path(folder)
    problems: list[str] = []
    config_file, weights_file = path / ADAPTER_CONFIG_NAME, path / ADAPTER_WEIGHTS_NAME
    if not config_file.is_file() or not weights_file.is_file():
        raise VLLMIncompatibleAdapterError(
            f"{path} needs adapter_config.json and adapter_model.safetensors; found "
            f"{sorted(p.name for p in path.iterdir()) if path.is_dir() else 'no folder'}: save it with "
            "GeneratedAdapter.save_pretrained."
        )
    config = json.loads(config_file.read_text(encoding="utf-8"))
    r = config.get("r")
    if config.get("peft_type") != "LORA":
        problems.append(f"peft_type is {config.get('peft_type')!r}, not 'LORA'")
    if not isinstance(r, int) or not 0 < r <= max_lora_rank:
        problems.append(
            f"r={r!r} is above --max-lora-rank {max_lora_rank}: start vLLM with --max-lora-rank >= {r}"
        )
    if not isinstance(config.get("lora_alpha"), (int, float)):
        problems.append(f"lora_alpha={config.get('lora_alpha')!r} is not a number")
    if config.get("bias", "none") != "none" or config.get("lora_bias"):
        problems.append(f"bias={config.get('bias')!r}: vLLM serves LoRAs without biases ('none')")
    if config.get("use_dora"):
        problems.append("use_dora=true: vLLM does not serve DoRA")
    extra = set(config.get("modules_to_save") or ()) - {"lm_head", "embed_tokens"}
    if extra:
        problems.append(
            f"modules_to_save={sorted(extra)}: vLLM loads only LoRA weights (and lm_head/embed_tokens)"
        )
    targets = config.get("target_modules")
    targets = [targets] if isinstance(targets, str) else list(targets or ())
    if not targets or set(targets) - VLLM_LORA_TARGETS:
        problems.append(f"target_modules={targets}: vLLM applies LoRA to {sorted(VLLM_LORA_TARGETS)}")
    with safe_open(str(weights_file), "pt") as f:
        for key in f.keys():  # noqa: SIM118 - a safetensors file handle, not a dict
            match = _KEY.fullmatch(key)
            shape = f.get_slice(key).get_shape()
            if match is None or match.group(1) not in targets:
                problems.append(f"tensor {key!r} is not a LoRA A/B weight of a target module")
            elif (shape[0] if match.group(2) == "A" else shape[1]) != r:
                problems.append(f"tensor {key!r} has shape {shape}, not rank {r}")
            if len(problems) > 20:
                break
    if problems:
        raise VLLMIncompatibleAdapterError(f"vLLM would not serve {path}: " + "; ".join(problems) + ".")
    return config
