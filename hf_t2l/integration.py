"""PEFT integration: `PeftModel.from_description` and `PeftModel.load_description`.

Importing hf_t2l adds both methods to ``peft.PeftModel``. LoRA layers are created empty (on the meta
device: no memory, no random init that is then overwritten) and take the generated tensors directly,
as PEFT's ``low_cpu_mem_usage=True`` does; but that path patches ``nn.Module`` for the whole process,
so the layers are made empty with :func:`hf_t2l.model.empty_init.empty_init`, which affects only the
calling thread. Concurrent calls from several threads are safe. The base model is never copied.

hf_t2l changes nothing on the PeftModels it builds: what it knows about one (the hypernetwork and the
adapters it generated) lives in a weak table keyed by the model (:func:`get_t2l_state`).
``model.save_pretrained`` / ``push_to_hub`` are PEFT's own; ``hf_t2l.save_adapter``
and ``hf_t2l.push_adapter`` (:mod:`hf_t2l.adapters.export`) write one adapter with its card.
"""

from __future__ import annotations

import copy
import logging
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from .adapters.names import check_adapter_name
from .base_models import check_compatible
from .errors import TargetModulesNotFoundError
from .hub.resolve import resolve_hypernetwork
from .inputs import validate_descriptions
from .model.empty_init import empty_init
from .model.generation import from_descriptions
from .model.hypernetwork import TextToLoRA
from .quiet import no_peft_deprecation_warning

if TYPE_CHECKING:  # pragma: no cover
    from peft import PeftModel

    from .adapters.generated import GeneratedAdapter

logger = logging.getLogger(__name__)


@dataclass
class T2LState:
    """What hf_t2l keeps on a PeftModel it built: the hypernetwork (reused) and each generated adapter."""

    hypernetwork: TextToLoRA
    adapters: dict[str, GeneratedAdapter] = field(default_factory=dict)


_STATES: weakref.WeakKeyDictionary[Any, T2LState] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def get_t2l_state(model: Any) -> T2LState | None:
    """The hf_t2l state of a PeftModel (None for a PeftModel that hf_t2l did not build).

    Kept outside the model (a weak table: it goes when the model goes), so the model is PEFT's as is.
    """
    with _STATES_LOCK:
        return _STATES.get(model)


def _state_for(model: Any, hypernetwork: TextToLoRA) -> T2LState:
    """The model's state, created (with ``hypernetwork``) on its first generated adapter."""
    with _STATES_LOCK:
        state = _STATES.get(model)
        if state is None:
            state = _STATES[model] = T2LState(hypernetwork=hypernetwork)
        return state


def wrap_empty(model: torch.nn.Module, adapter: GeneratedAdapter, adapter_name: str) -> PeftModel:
    """Wrap ``model`` in a PeftModel whose first adapter holds ``adapter``'s tensors (no random init,
    quietly)."""
    from peft import get_peft_model  # peft's import runs the hook that imports this module

    # PEFT records the loaded model's own name_or_path (as for any get_peft_model call).
    lora_config = copy.copy(adapter.lora_config)
    lora_config.base_model_name_or_path = None
    with empty_init():  # not low_cpu_mem_usage=True: it patches nn.Module in every thread
        with no_peft_deprecation_warning():  # PEFT reads an attribute transformers 5 deprecates
            peft_model = get_peft_model(model, lora_config, adapter_name=adapter_name)
    inject_adapter(peft_model, adapter, adapter_name, new_model=True)
    return peft_model


def inject_adapter(
    peft_model: PeftModel, adapter: GeneratedAdapter, adapter_name: str, *, new_model: bool
) -> None:
    """Put the generated tensors into (empty) LoRA layers of ``adapter_name``."""
    from peft.functional import (  # peft's import runs the hook that imports this module
        cast_adapter_dtype,
        set_peft_model_state_dict,
    )

    first_base = next(peft_model.get_base_model().parameters())
    state = {k: v.to(first_base.device) for k, v in adapter.state_dict.items()}
    if not new_model:
        with empty_init():  # not low_cpu_mem_usage=True: it patches nn.Module in every thread
            peft_model.add_adapter(adapter_name, adapter.lora_config)
    result = set_peft_model_state_dict(peft_model, state, adapter_name=adapter_name, low_cpu_mem_usage=True)
    missing = [k for k in result.missing_keys if f".{adapter_name}." in k and "lora_" in k]
    if result.unexpected_keys or missing:
        raise TargetModulesNotFoundError(
            f"The generated adapter does not fit the model's LoRA layers: missing {missing[:4]}, unexpected "
            f"{list(result.unexpected_keys)[:4]}."
        )
    # as PEFT's loaders do, keep half-precision adapters in float32 (generated ones usually already are)
    if any(v.dtype in (torch.float16, torch.bfloat16) for v in state.values()):
        cast_adapter_dtype(peft_model.base_model, adapter_name=adapter_name, autocast_adapter_dtype=True)


def from_description(
    model: torch.nn.Module,
    description: str,
    hypernetwork: TextToLoRA | str | Path | None = None,
    *,
    adapter_name: str = "default",
    is_trainable: bool = False,
    use_rslora: bool | None = None,
    revision: str | None = None,
    token: str | bool | None = None,
    **load_kwargs: Any,
) -> PeftModel:
    """Generate a LoRA adapter from ``description`` and return ``model`` wrapped as a ready PeftModel.

    Args:
        model: The base causal LM (e.g. from ``AutoModelForCausalLM.from_pretrained``). It is used in
            place, never copied. A PeftModel gets the adapter added (as :func:`load_description`).
        description: The task in plain words.
        hypernetwork: A :class:`TextToLoRA`, ``"default"``, a released checkpoint's name, a local folder,
            or a Hub repo id (see :func:`hf_t2l.resolve_hypernetwork`). None picks the
            released reference hypernetwork for Mistral-7B-Instruct-v0.2, Llama-3.1-8B-Instruct or
            gemma-2-2b-it (matched on the base config's name and shapes; it needs
            ``trust_remote_code=True`` for its gte encoder), and raises for any other base.
        adapter_name: Name of the new adapter (active when returned).
        is_trainable: Leave the adapter trainable (default: frozen, eval mode, as PEFT's from_pretrained).
        use_rslora: Scaling of the adapter: None keeps the hypernetwork's (the reference trains with
            rsLoRA, alpha/sqrt(r)); False gives alpha/r, under which the reference's published
            numbers were probably measured.
        revision: Passed to :meth:`TextToLoRA.from_pretrained` for a repo id or folder.
        token: Passed to :meth:`TextToLoRA.from_pretrained` for a repo id or folder.
        **load_kwargs: Passed to :meth:`TextToLoRA.from_pretrained` for a repo id or folder (e.g.
            ``trust_remote_code=True`` to allow its encoder's own code; never taken from its config).

    Returns:
        A ``peft.PeftModel`` with the generated adapter active.

    Raises:
        InvalidDescriptionError: empty or non-string description.
        AdapterNameError: ``adapter_name`` is not a plain name (a path separator, '.', '..') or is a
            module/parameter name of the model (e.g. 'q_proj', 'lora_A'); checked before anything is touched.
        RemoteCodeNotTrustedError: the encoder needs remote code and ``trust_remote_code=True`` was not given.
        IncompatibleBaseModelError / TargetModulesNotFoundError: the hypernetwork is for another base.

    Example:
        >>> import hf_t2l
        >>> from peft import PeftModel
        >>> model = PeftModel.from_description(base, "Answer in French.", hypernetwork="path/to/t2l")
    """
    from peft import PeftModel  # peft's import runs the hook that imports this module

    texts = validate_descriptions(description)  # checked once, here: the generation below trusts them
    check_adapter_name(adapter_name, model)
    if isinstance(model, PeftModel):
        return _add_adapter(
            model,
            description,
            texts,
            adapter_name=adapter_name,
            hypernetwork=hypernetwork,
            is_trainable=is_trainable,
            activate=True,
            use_rslora=use_rslora,
            revision=revision,
            token=token,
            **load_kwargs,
        )
    t2l = resolve_hypernetwork(
        hypernetwork, model_config=model.config, revision=revision, token=token, **load_kwargs
    )
    check_compatible(t2l.config, model)
    t2l.use_base_model(model)  # a base-model encoder reads with this model: no second copy
    adapter = _one_adapter(t2l, description, texts, use_rslora=use_rslora)
    peft_model = wrap_empty(model, adapter, adapter_name)
    _state_for(peft_model, t2l).adapters[adapter_name] = adapter
    _finish(peft_model, adapter_name, is_trainable=is_trainable, activate=True)
    return peft_model


def load_description(
    peft_model: PeftModel,
    description: str,
    *,
    adapter_name: str,
    hypernetwork: TextToLoRA | str | Path | None = None,
    is_trainable: bool = False,
    activate: bool = False,
    use_rslora: bool | None = None,
    **load_kwargs: Any,
) -> PeftModel:
    """Generate another adapter from ``description`` and add it to ``peft_model`` as ``adapter_name``.

    As ``PeftModel.load_adapter``, the new adapter is not made active unless ``activate=True``
    (switch with ``peft_model.set_adapter(adapter_name)``). Without ``hypernetwork`` the one that
    built this PeftModel is reused (not reloaded).

    Raises:
        AdapterNameError: ``adapter_name`` is already used on this model, is not a plain name (a path
            separator, '.', '..'), or is a module/parameter name of the model (e.g. 'q_proj', 'lora_A');
            nothing is changed.
        ValueError: no hypernetwork given and none attached to this model.
    """
    texts = validate_descriptions(description)  # checked once, here: the generation below trusts them
    check_adapter_name(adapter_name, peft_model)
    return _add_adapter(
        peft_model,
        description,
        texts,
        adapter_name=adapter_name,
        hypernetwork=hypernetwork,
        is_trainable=is_trainable,
        activate=activate,
        use_rslora=use_rslora,
        **load_kwargs,
    )


def _add_adapter(
    peft_model: PeftModel,
    description: str,
    texts: list[str],
    *,
    adapter_name: str,
    hypernetwork: TextToLoRA | str | Path | None,
    is_trainable: bool,
    activate: bool,
    use_rslora: bool | None,
    **load_kwargs: Any,
) -> PeftModel:
    """:func:`load_description` for a description and an adapter name already checked (by
    :func:`load_description` or :func:`from_description`, each once); ``texts`` is the checked list."""
    state = get_t2l_state(peft_model)
    if hypernetwork is None:
        if state is None:
            raise ValueError(
                "This PeftModel was not built by hf_t2l, so it has no hypernetwork to reuse; "
                "pass hypernetwork=..."
            )
        t2l = state.hypernetwork
    else:
        t2l = resolve_hypernetwork(hypernetwork, **load_kwargs)
    check_compatible(t2l.config, peft_model.get_base_model())
    t2l.use_base_model(peft_model)  # a base-model encoder reads with this model, adapters off
    adapter = _one_adapter(t2l, description, texts, use_rslora=use_rslora)
    try:
        inject_adapter(peft_model, adapter, adapter_name, new_model=False)
    except BaseException:
        if adapter_name in peft_model.peft_config:  # leave the model with the adapters it had
            peft_model.delete_adapter(adapter_name)
        raise
    _state_for(peft_model, t2l).adapters[adapter_name] = adapter
    _finish(peft_model, adapter_name, is_trainable=is_trainable, activate=activate)
    return peft_model


def _one_adapter(
    t2l: TextToLoRA, description: str, texts: list[str], *, use_rslora: bool | None
) -> GeneratedAdapter:
    """``t2l.generate(description)`` for a description already checked (``texts``: the checked list)."""
    adapters = from_descriptions(t2l, texts, use_rslora=use_rslora)
    return adapters[0] if isinstance(description, str) else adapters  # type: ignore[return-value]


def _finish(peft_model: PeftModel, adapter_name: str, *, is_trainable: bool, activate: bool) -> None:
    from peft.functional import set_requires_grad  # peft's import runs the hook that imports this module

    if activate:
        peft_model.set_adapter(adapter_name)
    peft_model.peft_config[adapter_name].inference_mode = not is_trainable
    set_requires_grad(peft_model.base_model, adapter_names=adapter_name, requires_grad=is_trainable)
    if not is_trainable:
        peft_model.eval()


def _peft_from_description(
    cls: type, model: torch.nn.Module, description: str, hypernetwork: Any = None, **kwargs: Any
) -> Any:
    return from_description(model, description, hypernetwork, **kwargs)


def _peft_load_description(self: Any, description: str, *, adapter_name: str, **kwargs: Any) -> Any:
    return load_description(self, description, adapter_name=adapter_name, **kwargs)


def register() -> None:
    """Add ``from_description`` (classmethod) and ``load_description`` to ``peft.PeftModel``."""
    from peft import PeftModel  # peft's import runs the hook that imports this module

    _peft_from_description.__doc__ = from_description.__doc__
    _peft_load_description.__doc__ = load_description.__doc__
    PeftModel.from_description = classmethod(_peft_from_description)  # type: ignore[attr-defined]
    PeftModel.load_description = _peft_load_description  # type: ignore[attr-defined]
