"""Keeping hf_t2l's own calls quiet: what other libraries print because of how hf_t2l calls them.

Every helper acts only around hf_t2l's own call and restores the user's settings afterwards; nothing
is silenced process-wide, and a warning the user's own code triggers is shown as usual.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["loading_bars_off", "no_peft_deprecation_warning", "save_embedding_layers"]

#: transformers 5 deprecates the attribute that PEFT reads when it wraps a model.
_GRADIENT_CHECKPOINTING_DEPRECATION = r"`is_gradient_checkpointing` is deprecated"


@contextlib.contextmanager
def no_peft_deprecation_warning() -> Iterator[None]:
    """Hide transformers' ``is_gradient_checkpointing`` FutureWarning that PEFT triggers while wrapping.

    Exactly that warning, only inside the block (``warnings.catch_warnings`` restores the filters).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_GRADIENT_CHECKPOINTING_DEPRECATION, category=FutureWarning)
        yield


@contextlib.contextmanager
def loading_bars_off() -> Iterator[None]:
    """Turn off transformers' progress bars ("Loading weights") inside the block, then restore them.

    Loading the small models hf_t2l uses takes well under a second: a bar is noise there.
    """
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - transformers is a dependency
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    if was_enabled:
        hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def save_embedding_layers(model: Any, kwargs: dict[str, Any]) -> bool | str:
    """The ``save_embedding_layers`` value for PEFT's ``save_pretrained`` of ``model``.

    PEFT's default ("auto") checks the base model's config.json on the Hub to see whether the
    vocabulary was resized; offline it cannot, and warns "Could not find a config file". When that
    config.json is in the local cache (or the base is a local folder) the same check is made here:
    True when the vocabulary changed (the embeddings are saved, as PEFT would), else False. A value
    the caller passed is kept. Without a local config: offline, False (what PEFT would assume, without
    its warning); online, "auto" (PEFT asks the Hub).
    """
    if "save_embedding_layers" in kwargs:
        return kwargs["save_embedding_layers"]
    vocab = getattr(getattr(model, "config", None), "vocab_size", None)
    configs = getattr(model, "peft_config", {})
    selected = kwargs.get("selected_adapters") or list(configs)
    # PEFT looks up the base name each adapter config records
    names = {getattr(configs[a], "base_model_name_or_path", None) for a in selected if a in configs}
    answers = {_vocab_changed(name, vocab) for name in names if name}
    if vocab is None or not answers or "auto" in answers:
        return "auto"
    return True in answers


def _vocab_changed(name: str, vocab: int) -> bool | str:
    offline = os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
    unknown: bool | str = False if offline else "auto"  # PEFT reads the variable the same way
    path = os.path.join(name, "config.json")
    if not os.path.isfile(path):
        try:
            from huggingface_hub import try_to_load_from_cache

            cached = try_to_load_from_cache(name, "config.json")
        except ValueError:  # not a repo id either
            return unknown
        if not isinstance(cached, str):
            return unknown
        path = cached
    try:
        base_vocab = json.loads(Path(path).read_text(encoding="utf-8")).get("vocab_size")
    except (OSError, ValueError):
        return unknown
    return base_vocab is not None and base_vocab != vocab
