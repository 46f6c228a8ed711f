"""One loaded base model shared by every visitor: hf_t2l adapter pools on it, side-by-side streaming."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
from t2l_choices import ENV_MAX_ADAPTERS

from hf_t2l import AdapterPool, NearestTask, chat_prompt_ids
from hf_t2l.errors import DescriptionTruncatedWarning, UnfamiliarDescriptionWarning, UnknownAdapterError

_WARNINGS_LOCK = threading.Lock()


def device() -> torch.device:
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def max_adapters() -> int:
    try:
        return max(2, int(os.environ.get(ENV_MAX_ADAPTERS, "64")))
    except ValueError:
        return 64


@dataclass(frozen=True)
class Loaded:
    """What :meth:`Engine.load_adapter` did: the adapter's id, how it was served, the nearest tasks."""

    adapter_id: str
    served: str  # "generated", "from_disk" (the adapter cache) or "in_pool" (already loaded)
    nearest: list[NearestTask] | None  # None: the hypernetwork ships no task index
    unfamiliar: bool  # far from every training task (UnfamiliarDescriptionWarning)


class Engine:
    """One base model, loaded once, with ONE PeftModel shared by every visitor.

    Adapters live in one :class:`hf_t2l.AdapterPool` per hypernetwork, all on that PeftModel (each pool
    has slots of its own): an adapter's id is content-addressed, so the same description gives the same
    adapter to every visitor and is generated once; at most ``max_adapters`` adapters per pool stay
    loaded (least recently used go first, to the disk cache ``cache`` when there is one), and one evicted
    is read back (or generated again) when its visitor asks. A visitor's adapter carries the visitor's
    name in the pool, so it is freed when no visitor names it any more. Everything that reads or changes
    the model (loading, switching adapters, forward passes) holds ``self.lock``.
    """

    def __init__(
        self, key: str, model: torch.nn.Module, tokenizer: Any, *, max_adapters: int, cache: Any = None
    ) -> None:
        self.key = key
        self.base = model
        self.model = model  # the base model until the first adapter; then the PeftModel every pool shares
        self.tokenizer = tokenizer
        self.device = next(model.parameters()).device
        # the KV cache's keyword: `cache` in recent transformers, `past_key_values` before
        self.cache_arg = (
            "cache" if "cache" in inspect.signature(model.forward).parameters else "past_key_values"
        )
        self.lock = threading.RLock()
        self.max_adapters = max_adapters
        self.cache = cache  # an hf_t2l AdapterCache shared by the pools (None: no disk cache)
        self.pools: dict[Any, AdapterPool] = {}  # hypernetwork key -> its pool

    # adapters ------------------------------------------------------------------------------------
    def load_adapter(self, hypernetwork: Any, key: Any, description: str, *, name: str) -> Loaded:
        """Make the adapter of ``description`` ready in the pool of ``hypernetwork`` (whose key is ``key``)
        under the visitor's ``name``; the visitor's previous adapter in that pool is freed unless another
        visitor uses it.

        Raises:
            DescriptionTooLongError: the description is longer than the encoder reads.
            hf_t2l errors: InvalidDescriptionError, IncompatibleBaseModelError...
        """
        from peft import PeftModel

        with self.lock, _description_limit():
            nearest, unfamiliar = nearest_tasks(hypernetwork, description)
            pool = self.pools.get(key)
            if pool is None:
                pool = AdapterPool(self.model, hypernetwork, max_adapters=self.max_adapters, cache=self.cache)
            before = dict(pool.stats)
            previous = pool.names.get(name)
            try:
                aid = pool.load(description, name=name)
            finally:  # a pool is kept once it wrapped the model (a first load that failed left it bare)
                if isinstance(pool.model, PeftModel):
                    self.model = pool.model
                    self.pools[key] = pool
            unused = previous not in pool.names.values()  # no visitor names the visitor's previous adapter
            if previous not in (None, aid) and previous in pool.adapters and unused:
                pool.delete_adapter(previous)
            served = next((k for k in ("generated", "from_disk") if pool.stats[k] > before[k]), "in_pool")
            return Loaded(aid, served, nearest, unfamiliar)

    def adapter(self, key: Any, adapter_id: str, description: str | None) -> Any:
        """The adapter ``adapter_id`` of the pool ``key`` as a GeneratedAdapter (read back if evicted).

        Raises:
            UnknownAdapterError: neither loaded, cached, nor given with its description.
        """
        with self.lock:
            pool = self._pool(key)
            self._activate(pool, adapter_id, description)
            return pool.adapter(adapter_id)

    def forget(self, key: Any, name: str | None) -> None:
        """Drop the visitor ``name`` from the pool ``key``: its adapter is freed unless another visitor
        uses it."""
        with self.lock:
            pool = self.pools.get(key)
            if pool is not None and name is not None and name in pool.names:
                pool.delete_adapter(name)

    def loaded_adapters(self) -> list[str]:
        """Ids of the adapters now loaded in every pool (for tests and monitoring)."""
        with self.lock:
            return [aid for pool in self.pools.values() for aid in pool.adapters]

    def _pool(self, key: Any) -> AdapterPool:
        pool = self.pools.get(key)
        if pool is None:
            raise UnknownAdapterError(f"No adapter of this hypernetwork is loaded ({key!r}).")
        return pool

    def _activate(self, pool: AdapterPool, adapter_id: str, description: str | None) -> None:
        try:
            pool.set_adapter(adapter_id)  # read back from the disk cache if it was evicted
        except UnknownAdapterError:
            if description is None:
                raise
            with _description_limit():  # not cached either: the same description gives the same adapter
                pool.set_adapter(pool.load(description))

    # generation ----------------------------------------------------------------------------------
    def prompt_ids(self, prompt: str) -> torch.Tensor:
        """The chat-formatted prompt as a ``[1, n]`` tensor (see :func:`hf_t2l.chat_prompt_ids`)."""
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
        key: Any,
        adapter_id: str,
        prompt_ids: torch.Tensor,
        *,
        description: str | None = None,
        max_new_tokens: int,
        temperature: float = 0.0,
        seed: int = 0,
    ) -> Iterator[tuple[str, str]]:
        """Yield ``(base_text, adapted_text)`` after every new token of both answers.

        Both answers use the same prompt and decoding: greedy when ``temperature`` is 0 (as
        ``generate(do_sample=False)``), else sampling from softmax(logits / temperature) with
        ``seed``. Each step of both sides holds the lock, so other visitors' streams interleave; the
        adapted side activates ``adapter_id`` at each step (read back, or generated again from
        ``description``, if other visitors' adapters evicted it meanwhile).

        Raises:
            UnknownAdapterError: the adapter is gone and no description was given to make it again.
        """
        eos = self.eos_ids()
        sides = [_Side(False, prompt_ids, seed), _Side(True, prompt_ids, seed)]
        with self.lock:
            pool = self._pool(key)
        for _ in range(max_new_tokens):
            with self.lock, torch.no_grad():
                for side in sides:
                    if side.done:
                        continue
                    if side.adapted:
                        self._activate(pool, adapter_id, description)
                        context: Any = contextlib.nullcontext()
                    else:
                        context = self.model.disable_adapter()
                    with context:
                        side.step(self.model, temperature, eos, self.device, self.cache_arg)
            base, adapted = (self.tokenizer.decode(s.ids, skip_special_tokens=True).strip() for s in sides)
            yield base, adapted
            if all(s.done for s in sides):
                break


class _Side:
    """One of the two answers being decoded: its own KV cache and tokens."""

    def __init__(self, adapted: bool, prompt_ids: torch.Tensor, seed: int) -> None:
        self.adapted = adapted
        self.next = prompt_ids
        self.cache: Any = None
        self.ids: list[int] = []
        self.done = False
        self.generator = torch.Generator().manual_seed(int(seed))

    def step(self, model: Any, temperature: float, eos: set[int], dev: torch.device, cache_arg: str) -> None:
        out = model(input_ids=self.next.to(dev), use_cache=True, **{cache_arg: self.cache})
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


def nearest_tasks(hypernetwork: Any, description: str) -> tuple[list[NearestTask] | None, bool]:
    """The hypernetwork's three training tasks nearest ``description`` and whether it is unfamiliar (far
    from all of them); ``(None, False)`` for a hypernetwork without a task index."""
    index = getattr(hypernetwork, "task_index", None)
    if index is None:
        return None, False
    embedding = hypernetwork.get_encoder().encode([description])
    if embedding.shape[-1] != index.dim:
        return None, False
    (near,) = index.nearest(embedding, k=3)
    return near, index.is_unfamiliar(near)


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
    becomes an error, so nothing is added to the model. UnfamiliarDescriptionWarning is not printed:
    the Space shows it to the visitor (see :func:`nearest_tasks`).
    """
    with _WARNINGS_LOCK, warnings.catch_warnings():
        warnings.simplefilter("error", DescriptionTruncatedWarning)
        warnings.simplefilter("ignore", UnfamiliarDescriptionWarning)
        try:
            yield
        except DescriptionTruncatedWarning as w:
            m = re.search(r"limit of (\d+) tokens \(#0: (\d+) tokens\)", str(w))
            limit, tokens = (int(m.group(1)), int(m.group(2))) if m else (None, None)
            raise DescriptionTooLongError(str(w), tokens, limit) from None
