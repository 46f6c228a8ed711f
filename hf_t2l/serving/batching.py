"""The server's scheduler: requests in flight are answered together, one mixed-adapter batch at a time.

One worker thread owns the model. It waits for a request, keeps collecting for ``wait_ms`` (or until
``max_batch`` rows), then runs the rows as one greedy ``generate`` through the adapter pool, each row
with its own adapter (:meth:`hf_t2l.AdapterPool.generate`). A batch takes at most as many distinct
adapters as the pool holds; requests for further adapters wait for the next batch, in arrival order.
New tokens reach each request as they are decoded (for streaming) and its future gets the full answer.
A request whose future is cancelled (its client went away) is dropped if it has not started, and its
row stops decoding at the next step if it has. At most ``max_queue`` requests wait for a batch; past
that, :meth:`BatchScheduler.submit` raises :class:`~hf_t2l.errors.ServerBusyError`.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch
from transformers import StoppingCriteriaList

from ..errors import (
    DescriptionTruncatedWarning,
    ServerBusyError,
    T2LError,
    UnfamiliarDescriptionWarning,
    UninformativeDescriptionWarning,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..adapters.pool import AdapterPool

__all__ = ["Answer", "BatchScheduler", "answer_or_disconnect"]

logger = logging.getLogger(__name__)
#: Warnings about a description that reach the client with its answer (not only the server's log).
DESCRIPTION_WARNINGS = (
    UnfamiliarDescriptionWarning,
    UninformativeDescriptionWarning,
    DescriptionTruncatedWarning,
)


@dataclass
class Answer:
    """A finished request: its new token ids and why it stopped (``"stop"``: end of turn, ``"length"``)."""

    token_ids: list[int]
    finish_reason: str
    #: Warnings about the request's description (``{"type": <warning class>, "message": ...}``).
    warnings: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Request:
    key: str  # the adapter id: rows with the same key share an adapter
    description: str | None  # to generate the adapter (None: ``key`` is an id from the pool or cache)
    prompt_ids: list[int]
    max_tokens: int
    on_token: Callable[[int], None] | None
    on_start: Callable[[list[dict[str, str]]], None] | None = None
    future: Future[Answer] = field(default_factory=Future)
    tokens: list[int] = field(default_factory=list)
    done: bool = False
    warnings: list[dict[str, str]] = field(default_factory=list)


class _RowStreamer:
    """A ``generate`` streamer for a whole batch: hands each row's new token to its request."""

    def __init__(self, rows: list[_Request], stop_ids: set[int]) -> None:
        self.rows, self.stop_ids, self._prompt_seen = rows, stop_ids, False

    def put(self, value: torch.Tensor) -> None:
        if not self._prompt_seen:  # generate first passes the prompts
            self._prompt_seen = True
            return
        for row, token in zip(self.rows, value.reshape(-1).tolist()):
            if row.done or row.future.cancelled():
                row.done = True
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
        return torch.tensor([r.done or r.future.cancelled() for r in self.rows], device=input_ids.device)


class BatchScheduler:
    """Collects requests for a few milliseconds and answers them in mixed-adapter batches (greedy decoding).

    Args:
        pool: The adapter pool the batches run through (its model is used by this scheduler only).
        pad_id: Padding token id (prompts are left-padded).
        stop_ids: Token ids that end an answer (end of turn / end of sequence).
        max_batch: Most rows in one batch.
        wait_ms: How long to keep collecting after the first request of a batch.
        max_queue: Most requests waiting for a batch (None: no limit).
    """

    def __init__(
        self,
        pool: AdapterPool,
        *,
        pad_id: int,
        stop_ids: set[int],
        max_batch: int = 16,
        wait_ms: float = 5.0,
        max_queue: int | None = None,
    ) -> None:
        self.pool, self.pad_id, self.stop_ids = pool, pad_id, stop_ids
        self.max_batch, self.wait_s, self.max_queue = max_batch, wait_ms / 1000.0, max_queue
        #: Rows per batch run so far (for tests and benchmarks).
        self.batch_sizes: list[int] = []
        #: Cancelled requests (``requests``: seen cancelled): dropped before decoding, or stopped while
        #: decoding (with the tokens decoded before they stopped).
        self.cancelled = {"requests": 0, "dropped": 0, "stopped": 0, "stopped_tokens": 0}
        #: Requests accepted by :meth:`submit` so far.
        self.submitted = 0
        self._queued = 0  # submitted, not yet taken into a batch (or dropped)
        self._count_lock = threading.Lock()
        self._warnings: OrderedDict[str, list[dict[str, str]]] = OrderedDict()  # per adapter id, recent ones
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
        on_start: Callable[[list[dict[str, str]]], None] | None = None,
    ) -> Future[Answer]:
        """Queue one request; ``on_token`` is called (from the worker thread) with each new token id,
        ``on_start`` before decoding starts, with the description's warnings (those of the answer).
        Cancel the returned future to drop the request (or stop its row at the next decoding step).

        Raises:
            ServerBusyError: ``max_queue`` requests are already waiting for a batch.
        """
        request = _Request(key, description, list(prompt_ids), max_tokens, on_token, on_start)
        with self._count_lock:
            if self.max_queue is not None and self._queued >= self.max_queue:
                raise ServerBusyError(
                    f"{self._queued} requests are already waiting for the model (--max-queue "
                    f"{self.max_queue}); retry in a moment."
                )
            self._queued += 1
            self.submitted += 1
        request.future.add_done_callback(self._count_cancelled)
        self._queue.put(request)
        return request.future

    @property
    def queued(self) -> int:
        """Requests submitted and not yet taken into a batch."""
        return self._queued

    def _count_cancelled(self, future: Future[Answer]) -> None:
        if future.cancelled():
            with self._count_lock:
                self.cancelled["requests"] += 1

    def _live(self, rows: list[_Request]) -> list[_Request]:
        """``rows`` less the cancelled ones (counted as dropped)."""
        live = [r for r in rows if not r.future.cancelled()]
        self.cancelled["dropped"] += len(rows) - len(live)
        return live

    def _taken(self, n: int) -> None:
        with self._count_lock:
            self._queued -= n

    # --- worker ---------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            batch, stopping = self._collect()
            if batch:
                self._answer(batch)
            if stopping:
                for r in self._waiting + self._drain():
                    _settle(r.future, error=RuntimeError("The server is shutting down."))
                return

    def _drain(self) -> list[_Request]:
        out = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return out
            if item is not None:
                self._taken(1)
                out.append(item)

    def _collect(self) -> tuple[list[_Request], bool]:
        """The next batch: deferred requests first, then new ones for up to ``wait_s``."""
        pending, self._waiting = self._waiting, []
        stopping = False
        if not pending:
            item = self._queue.get()
            if item is None:
                return [], True
            self._taken(1)
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
                self._taken(1)
                pending.append(item)
        batch, keys = [], set()
        capacity = self.pool.capacity
        for r in self._live(pending):  # less those whose client went away before they started
            fits = r.key in keys or len(keys) < capacity
            if fits and len(batch) < self.max_batch:
                keys.add(r.key)
                batch.append(r)
            else:
                self._waiting.append(r)
        return batch, stopping

    def _answer(self, batch: list[_Request]) -> None:
        batch = self._by_id(batch)
        try:
            self._adapters(batch)  # may take a while (generation): clients may leave meanwhile
            batch = self._live(batch)
            if not batch:
                return
            adapters = [r.key for r in batch]
            for r in batch:
                if r.on_start is not None:
                    r.on_start(r.warnings)
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
                _settle(r.future, error=e)
            return
        for r in batch:
            if r.future.cancelled():  # its client went away while it was decoding
                self.cancelled["stopped"] += 1
                self.cancelled["stopped_tokens"] += len(r.tokens)
                continue
            reason = "length" if len(r.tokens) >= r.max_tokens else "stop"
            _settle(r.future, answer=Answer(r.tokens, reason, r.warnings))

    def _by_id(self, batch: list[_Request]) -> list[_Request]:
        """``batch`` less the requests for an adapter id that cannot be loaded: each of those gets its own
        error (unknown, or a damaged cache entry), and the others of the batch are answered."""
        kept = []
        for r in batch:
            if r.description is None and r.key not in self.pool.adapters:
                try:
                    self.pool.prepare(r.key)
                except T2LError as e:
                    logger.warning("Request for adapter %s refused: %s", r.key, type(e).__name__)
                    _settle(r.future, error=e)
                    continue
            kept.append(r)
        return kept

    def _adapters(self, batch: list[_Request]) -> list[str]:
        """Each row's adapter id; descriptions not yet in the pool are generated in one batched pass."""
        todo: dict[str, str] = {}
        for r in batch:
            if r.description is not None and r.key not in self.pool.adapters:
                todo.setdefault(r.key, r.description)
        if todo:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = self.pool.load(list(todo.values()))
            assert list(got) == list(todo), "the pool keyed a description other than the server"
            _keep_warnings(self._warnings, todo, caught)
        for r in batch:
            r.warnings = list(self._warnings.get(r.key, ()))
        return [r.key for r in batch]


def _keep_warnings(
    kept: OrderedDict[str, list[dict[str, str]]], todo: dict[str, str], caught: list[warnings.WarningMessage]
) -> None:
    """Remember the description warnings of newly generated adapters (for later requests of the same
    id too); log them, and hand other warnings on as they were."""
    for key in todo:
        kept[key] = []
    for w in caught:
        if not issubclass(w.category, DESCRIPTION_WARNINGS):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            continue
        logger.warning("%s: %s", w.category.__name__, w.message)
        entry = {"type": w.category.__name__, "message": str(w.message)}
        # the warning quotes its description; one that quotes none is given to every description
        quoted = [k for k, text in todo.items() if text.strip()[:40] in str(w.message)]
        for key in quoted or todo:
            kept[key].append(entry)
    for key in [k for k, v in kept.items() if not v]:
        del kept[key]
    while len(kept) > 1024:  # the most recent ones
        kept.popitem(last=False)


def _settle(future: Future[Answer], *, answer: Answer | None = None, error: Exception | None = None) -> None:
    """Give ``future`` its answer or error, unless it is done already (cancelled by its client meanwhile)."""
    try:
        if answer is not None:
            future.set_result(answer)
        elif not future.done():
            future.set_exception(error)
    except InvalidStateError:
        pass


async def answer_or_disconnect(
    receive: Callable[[], Awaitable[dict[str, Any]]], future: Future[Answer]
) -> Answer | Exception | None:
    """The answer of a submitted request (or its batch's error), awaited on the event loop; None, with the
    request cancelled, if the client goes away first (``receive``: the request's ASGI receive, its body
    already read)."""

    async def disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    answer, watch = asyncio.wrap_future(future), asyncio.ensure_future(disconnected())
    try:
        await asyncio.wait({answer, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watch.cancel()
    if not answer.done():
        future.cancel()
        answer.cancel()
        return None
    return answer.exception() or answer.result()
