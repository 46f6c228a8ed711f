"""hf_t2l: Text-to-LoRA for the Hugging Face ecosystem.

Describe a task in plain words; a hypernetwork writes the PEFT LoRA adapter for it in one pass.
Importing hf_t2l adds ``PeftModel.from_description`` and ``PeftModel.load_description`` to PEFT (as soon
as peft is imported, before or after hf_t2l). The public names below load on first use, so that
``import hf_t2l`` (and ``hf-t2l --help``) does not import torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import shapes as _shapes  # noqa: F401  (gives T2LConfig its from_base_model)
from ._peft_hook import register_when_peft_is_imported
from ._version import __version__
from .config import T2LConfig

if TYPE_CHECKING:  # pragma: no cover
    from .adapter import GeneratedAdapter
    from .adapter_export import push_adapter, save_adapter
    from .encoder import DescriptionEncoder
    from .hypernetwork import TextToLoRA
    from .integration import from_description, load_description
    from .pool import AdapterPool

_LAZY = {
    "TextToLoRA": "hypernetwork",
    "GeneratedAdapter": "adapter",
    "DescriptionEncoder": "encoder",
    "from_description": "integration",
    "load_description": "integration",
    "push_adapter": "adapter_export",
    "save_adapter": "adapter_export",
    "AdapterPool": "pool",
}

__all__ = [
    "__version__",
    "T2LConfig",
    "TextToLoRA",
    "GeneratedAdapter",
    "DescriptionEncoder",
    "from_description",
    "load_description",
    "push_adapter",
    "save_adapter",
    "AdapterPool",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'hf_t2l' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


register_when_peft_is_imported()
