"""Build modules with empty (meta) parameters, in the calling thread only.

PEFT's ``low_cpu_mem_usage=True`` and accelerate's ``init_empty_weights`` replace
``nn.Module.register_parameter`` for the whole process while they run: another thread that builds a
module meanwhile gets meta parameters, and two overlapping calls can leave the patch installed for
good. ``torch.device("meta")`` keeps its mode on the calling thread, but also sets a process-wide
``torch.utils._device.CURRENT_DEVICE`` that overlapping threads can leave at "meta".

:func:`empty_init` pushes a torch function mode, which lives on the calling thread's mode stack,
and changes nothing else: tensor constructors called without a device make meta tensors, so the
initialisation that follows (``reset_parameters``) is a no-op that draws no random numbers.
"""

from __future__ import annotations

import functools
from typing import Any

import torch
from torch.overrides import TorchFunctionMode

__all__ = ["empty_init"]


@functools.lru_cache(maxsize=1)
def _constructors() -> frozenset[Any]:
    """The tensor factories that take a ``device`` argument (those ``torch.device(...)`` redirects)."""
    try:
        from torch.utils._device import _device_constructors

        return frozenset(_device_constructors())
    except (ImportError, AttributeError):  # pragma: no cover - older/newer torch without the helper
        names = [
            "empty",
            "empty_strided",
            "zeros",
            "ones",
            "full",
            "arange",
            "eye",
            "linspace",
            "rand",
            "randn",
            "randint",
            "randperm",
            "tensor",
            "as_tensor",
            "asarray",
            "scalar_tensor",
        ]
        return frozenset(getattr(torch, n) for n in names if hasattr(torch, n))


class empty_init(TorchFunctionMode):  # noqa: N801 - used like torch.device(...) / torch.no_grad()
    """Context manager: tensors made in this thread without an explicit device go to "meta".

    Example:
        >>> with empty_init():
        ...     layer = torch.nn.Linear(4096, 4096)  # no memory, no random init
        >>> layer.weight.device
        device(type='meta')
    """

    def __torch_function__(self, func: Any, types: Any, args: Any = (), kwargs: Any = None) -> Any:
        kwargs = kwargs or {}
        if kwargs.get("device") is None and func in _constructors():
            kwargs["device"] = "meta"
        return func(*args, **kwargs)
