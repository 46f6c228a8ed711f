"""One loaded base model shared by every visitor: named adapters on one PeftModel, side-by-side streaming."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import threading
import warnings
from collections import Counter, OrderedDict
from collections.abc import Iterator
from typing import Any

import torch
from t2l_choices import ENV_MAX_ADAPTERS

from hf_t2l.chat import chat_prompt_ids
from hf_t2l.errors import DescriptionTruncatedWarning
from hf_t2l.integration import get_t2l_state

_WARNINGS_LOCK = threading.Lock()


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def max_adapters() -> int:
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
