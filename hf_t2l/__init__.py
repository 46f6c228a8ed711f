"""hf_t2l: Text-to-LoRA for the Hugging Face ecosystem.

Describe a task in plain words; a hypernetwork writes the PEFT LoRA adapter for it in one pass.
Importing hf_t2l adds ``PeftModel.from_description`` and ``PeftModel.load_description`` to PEFT (as soon
as peft is imported, before or after hf_t2l). The public names below load on first use, so that
``import hf_t2l`` (and ``hf-t2l --help``) does not import torch.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import base_models as _base_models  # noqa: F401  (gives T2LConfig its from_base_model)
from ._version import __version__
from .model.config import T2LConfig
from .peft_hook import register_when_peft_is_imported

if TYPE_CHECKING:  # pragma: no cover
    from .adapters.cache import AdapterCache
    from .adapters.export import push_adapter, save_adapter
    from .adapters.generated import GeneratedAdapter
    from .adapters.pool import AdapterPool
    from .chat import chat_prompt_ids
    from .hub.releases import RELEASED
    from .hub.resolve import is_untrained_default, resolve_hypernetwork
    from .integration import from_description, load_description
    from .model.encoder import DescriptionEncoder
    from .model.hypernetwork import TextToLoRA
    from .model.task_index import NearestTask
    from .offline.smollm2 import resolve_base_model

_LAZY = {
    "TextToLoRA": "model.hypernetwork",
    "GeneratedAdapter": "adapters.generated",
    "DescriptionEncoder": "model.encoder",
    "from_description": "integration",
    "load_description": "integration",
    "push_adapter": "adapters.export",
    "save_adapter": "adapters.export",
    "AdapterPool": "adapters.pool",
    "AdapterCache": "adapters.cache",
    "NearestTask": "model.task_index",
    "resolve_hypernetwork": "hub.resolve",
    "is_untrained_default": "hub.resolve",
    "RELEASED": "hub.releases",
    "resolve_base_model": "offline.smollm2",
    "chat_prompt_ids": "chat",
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
    "AdapterCache",
    "NearestTask",
    "resolve_hypernetwork",
    "is_untrained_default",
    "RELEASED",
    "resolve_base_model",
    "chat_prompt_ids",
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
