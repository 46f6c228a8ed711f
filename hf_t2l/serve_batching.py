"""The server's scheduler: requests in flight are answered together, one mixed-adapter batch at a time.

One worker thread owns the model. It waits for a request, keeps collecting for ``wait_ms`` (or until
``max_batch`` rows), then runs the rows as one greedy ``generate`` through the adapter pool, each row
with its own adapter (:meth:`hf_t2l.AdapterPool.generate`). A batch takes at most as many distinct
adapters as the pool holds; requests for further adapters wait for the next batch, in arrival order.
New tokens reach each request as they are decoded (for streaming) and its future gets the full answer.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch
from transformers import StoppingCriteriaList

if TYPE_CHECKING:  # pragma: no cover
    from .pool import AdapterPool

__all__ = ["Answer", "BatchScheduler"]

logger = logging.getLogger(__name__)


@dataclass
class Answer:
    """A finished request: its new token ids and why it stopped (``"stop"``: end of turn, ``"length"``)."""

    token_ids: list[int]
    finish_reason: str


@dataclass
class _Request:
    key: str  # the adapter id: rows with the same key share an adapter
    description: str | None  # to generate the adapter (None: ``key`` is an id from the pool or cache)
    prompt_ids: list[int]
    max_tokens: int
    on_token: Callable[[int], None] | None
    future: Future[Answer] = field(default_factory=Future)
    tokens: list[int] = field(default_factory=list)
    done: bool = False


class _RowStreamer:
    """A ``generate`` streamer for a whole batch: hands each row's new token to its request."""

    def __init__(self, rows: list[_Request], stop_ids: set[int]) -> None:
        self.rows, self.stop_ids, self._prompt_seen = rows, stop_ids, False

    def put(self, value: torch.Tensor) -> None:
        if not self._prompt_seen:  # generate first passes the prompts
            self._prompt_seen = True
            return
        for row, token in zip(self.rows, value.reshape(-1).tolist()):
            if row.done:
                continue
            if token in self.stop_ids:
                row.done = True
                continue
            row.tokens.append(token)
            if row.on_token is not None:
                row.on_token(token)
            row.done = len(row.tokens) >= row.max_tokens

    def end(self) -> None:
        pass

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        """A stopping criterion: a row is finished once its request is (end of turn or its own max_tokens)."""
        return torch.tensor([r.done for r in self.rows], device=input_ids.device)


class BatchScheduler:
    """Collects requests for a few milliseconds and answers them in mixed-adapter batches (greedy decoding).

    Args:
        pool: The adapter pool the batches run through (its model is used by this scheduler only).
        pad_id: Padding token id (prompts are left-padded).
        stop_ids: Token ids that end an answer (end of turn / end of sequence).
        max_batch: Most rows in one batch.
        wait_ms: How long to keep collecting after the first request of a batch.
    """

    def __init__(
        self, pool: AdapterPool, *, pad_id: int, stop_ids: set[int], max_batch: int = 16, wait_ms: float = 5.0
    ) -> None:
        self.pool, self.pad_id, self.stop_ids = pool, pad_id, stop_ids
        self.max_batch, self.wait_s = max_batch, wait_ms / 1000.0
        #: Rows per batch run so far (for tests and benchmarks).
        self.batch_sizes: list[int] = []
        self._queue: queue.Queue[_Request | None] = queue.Queue()
        self._waiting: list[_Request] = []  # collected but deferred (too many distinct adapters)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="hf_t2l-batcher", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Finish the current batch, fail what is still waiting, and end the worker thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def submit(
        self,
        *,
        key: str,
        description: str | None,
        prompt_ids: list[int],
        max_tokens: int,
        on_token: Callable[[int], None] | None = None,
    ) -> Future[Answer]:
        """Queue one request; ``on_token`` is called (from the worker thread) with each new token id."""
        request = _Request(key, description, list(prompt_ids), max_tokens, on_token)
        self._queue.put(request)
        return request.future

    # --- worker ---------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            batch, stopping = self._collect()
            if batch:
                self._answer(batch)
            if stopping:
                for r in self._waiting + self._drain():
                    r.future.set_exception(RuntimeError("The server is shutting down."))
                return

    def _drain(self) -> list[_Request]:
        out = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return out
            if item is not None:
                out.append(item)

    def _collect(self) -> tuple[list[_Request], bool]:
        """The next batch: deferred requests first, then new ones for up to ``wait_s``."""
        pending, self._waiting = self._waiting, []
        stopping = False
        if not pending:
            item = self._queue.get()
            if item is None:
                return [], True
            pending.append(item)
        deadline = time.monotonic() + self.wait_s
        while len(pending) < self.max_batch and not stopping:
            try:
                item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if item is None:
                stopping = True
            else:
                pending.append(item)
        batch, keys = [], set()
        capacity = self.pool.capacity
        for r in pending:
            fits = r.key in keys or len(keys) < capacity
            if fits and len(batch) < self.max_batch:
                keys.add(r.key)
                batch.append(r)
            else:
                self._waiting.append(r)
        return batch, stopping

    def _answer(self, batch: list[_Request]) -> None:
        try:
            adapters = self._adapters(batch)
            width = max(len(r.prompt_ids) for r in batch)
            device = next(self.pool.model.parameters()).device
            ids = torch.tensor(
                [[self.pad_id] * (width - len(r.prompt_ids)) + r.prompt_ids for r in batch], device=device
            )
            mask = torch.tensor(
                [[0] * (width - len(r.prompt_ids)) + [1] * len(r.prompt_ids) for r in batch], device=device
            )
            streamer = _RowStreamer(batch, self.stop_ids)
            with torch.no_grad():
                self.pool.generate(
                    ids,
                    attention_mask=mask,
                    adapters=adapters,
                    streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([streamer]),
                    max_new_tokens=max(r.max_tokens for r in batch),
                    do_sample=False,
                    pad_token_id=self.pad_id,
                    eos_token_id=sorted(self.stop_ids),
                )
            self.batch_sizes.append(len(batch))
        except Exception as e:  # noqa: BLE001 - every request of the batch gets the error
            logger.exception("A batch of %d requests failed", len(batch))
            for r in batch:
                if not r.future.done():
                    r.future.set_exception(e)
            return
        for r in batch:
            reason = "length" if len(r.tokens) >= r.max_tokens else "stop"
            r.future.set_result(Answer(r.tokens, reason))

    def _adapters(self, batch: list[_Request]) -> list[str]:
        """Each row's adapter id; descriptions not yet in the pool are generated in one batched pass."""
        todo: dict[str, str] = {}
        for r in batch:
            if r.description is not None and r.key not in self.pool.adapters:
                todo.setdefault(r.key, r.description)
        if todo:
            got = self.pool.load(list(todo.values()))
            assert list(got) == list(todo), "the pool keyed a description other than the server"
        return [r.key for r in batch]


def stop_token_ids(tokenizer: Any, model: Any) -> set[int]:
    """The ids that end an answer: the tokenizer's and the generation config's end-of-sequence ids."""
    ids: set[int] = set()
    for value in (
        getattr(tokenizer, "eos_token_id", None),
        getattr(getattr(model, "generation_config", None), "eos_token_id", None),
    ):
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, (list, tuple)):
            ids.update(v for v in value if isinstance(v, int))
    return ids
