"""Which precision a run trains in: ``mixed_precision: auto`` picks bfloat16 where the hardware runs it fast.

On a CPU with AMX-BF16 or AVX512-BF16 (recent Xeons) bfloat16 matrix products run several times faster
than float32 (measured on such a 2-core machine: SmolLM2-135M SFT 4.7 vs 1.3 examples/s), so ``auto``
means ``bf16`` there and on CUDA GPUs that support it, and ``no`` (float32) everywhere else.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import torch

#: CPU feature flags (as Linux lists them in /proc/cpuinfo) that make bfloat16 matrix products fast.
BF16_CPU_FLAGS = ("amx_bf16", "avx512_bf16")


@functools.lru_cache(maxsize=1)
def cpu_has_fast_bf16() -> bool:
    """True when this CPU advertises AMX-BF16 or AVX512-BF16 (Linux; False where that cannot be read)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            return any(flag in flags for flag in BF16_CPU_FLAGS)
    return False


def resolve_mixed_precision(value: str, *, cuda: bool | None = None) -> str:
    """``'no'`` or ``'bf16'`` for a config's ``mixed_precision`` (``'auto'`` resolved for this machine)."""
    if value != "auto":
        return value
    on_cuda = torch.cuda.is_available() if cuda is None else cuda
    if on_cuda:
        return "bf16" if torch.cuda.is_bf16_supported() else "no"
    return "bf16" if cpu_has_fast_bf16() else "no"


def autocast_for(precision: str, device: torch.device | str = "cpu"):
    """The autocast context of ``precision`` on ``device`` (a disabled one for ``'no'``)."""
    device_type = torch.device(device).type
    return torch.autocast(device_type, dtype=torch.bfloat16, enabled=precision == "bf16")
