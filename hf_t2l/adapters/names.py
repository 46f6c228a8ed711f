"""Adapter names: checked before a model is touched.

An adapter name becomes a folder under ``save_pretrained``'s output and a component of every LoRA
parameter name (``...q_proj.lora_A.<name>.weight``). PEFT tells adapters apart by searching for
``.<name>.`` in those parameter names, so a name that is also a module or parameter name of the model
(``q_proj``, ``layers``, ``0``, ``lora_A``, ``weight``) makes it load, save or freeze the wrong
tensors. Such names are refused, as are names that are not a plain folder name.
"""

from __future__ import annotations

from typing import Any

from ..errors import AdapterNameError

__all__ = ["check_adapter_name"]

# module names PEFT's LoRA puts around a target module (beside LoraLayer.adapter_layer_names)
_PEFT_MODULE_NAMES = ("base_model", "model", "base_layer", "lora_dropout", "lora_A", "lora_B")
_LORA_PREFIX = "lora_"  # PEFT warns that a name inside its key prefix may reinitialise weights on load


def check_adapter_name(adapter_name: Any, model: Any) -> None:
    """Refuse an ``adapter_name`` that is not a safe folder name or collides with ``model``'s names.

    Args:
        adapter_name: The name asked for.
        model: The model the adapter would be added to (a base model or a PeftModel); only read.

    Raises:
        AdapterNameError: not a non-empty str; holds a path separator, '.', '..', ':' or a control
            character, or is absolute; is already an adapter of ``model``; or is a module/parameter
            name of ``model`` or of PEFT's LoRA layers.
    """
    if not isinstance(adapter_name, str) or not adapter_name.strip():
        raise AdapterNameError(
            f"adapter_name must be a non-empty str; got {adapter_name!r}. Use a plain name such as 'french'."
        )
    bad = [c for c in ("/", "\\", ".", ":") if c in adapter_name]
    bad += ["a control character"] if any(ord(c) < 32 or ord(c) == 127 for c in adapter_name) else []
    if bad:
        raise AdapterNameError(
            f"adapter_name {adapter_name!r} holds {', '.join(repr(b) for b in bad)}: an adapter name becomes "
            "a folder under save_pretrained's output (a path or '..' would write outside it) and a part of "
            "parameter names. Use a plain name of letters, digits, '-' and '_', e.g. 'french'."
        )
    existing = getattr(model, "peft_config", None) or {}
    if adapter_name in existing:
        raise AdapterNameError(
            f"An adapter named {adapter_name!r} is already loaded (adapters: {sorted(existing)}); "
            "choose another adapter_name, or remove it first with peft_model.delete_adapter(name)."
        )
    if adapter_name in _LORA_PREFIX:
        raise AdapterNameError(
            f"adapter_name {adapter_name!r} is part of PEFT's parameter prefix {_LORA_PREFIX!r}, which PEFT "
            "may confuse with the adapter's weights when loading; choose another name, e.g. 'french'."
        )
    if adapter_name in _reserved_names(model):
        raise AdapterNameError(
            f"adapter_name {adapter_name!r} is also the name of a module or parameter of this model (or of "
            "PEFT's LoRA layers); PEFT finds an adapter's weights by its name inside parameter names, so it "
            "would save, load or freeze the wrong tensors. Choose a name that is not a part of the model, "
            "e.g. 'french' or 'task-1'. Nothing was changed."
        )


def _reserved_names(model: Any) -> set[str]:
    """Every component of the model's module and parameter/buffer names, plus PEFT's LoRA names."""
    from peft.tuners.lora import LoraLayer  # peft's import runs a hook that imports this module

    names = {*_PEFT_MODULE_NAMES, *LoraLayer.adapter_layer_names}
    for path, module in model.named_modules():
        names.update(path.split("."))
        names.update(module._parameters)
        names.update(module._buffers)
    names.difference_update(getattr(model, "peft_config", None) or {})  # existing adapters are checked above
    names.discard("")
    return names
