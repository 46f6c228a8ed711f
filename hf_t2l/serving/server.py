"""An OpenAI-compatible chat server on one base model, with a generated adapter per request (FastAPI).

``POST /v1/chat/completions`` (streaming or not) and ``GET /v1/models``. A request names its task
either by description (``"model": "t2l"`` and a top-level ``"description"``: the OpenAI client's
``extra_body={"description": ...}``) or by the id of an adapter in the pool or the disk cache as
``"model"``. Requests in flight are answered together in mixed-adapter batches
(:mod:`hf_t2l.serving.batching`); adapters live in an :class:`~hf_t2l.AdapterPool`. Both engines accept
the same fields (:data:`hf_t2l.serving.openai_requests.ACCEPTED_FIELDS`); decoding here is greedy, so the
sampling options are checked and ignored, and ``stop`` is refused. Bad input gets a 400 with an
OpenAI-style ``{"error": {"message", "type", "param", "code"}}`` body.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import Future
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from ..adapters.cache import AdapterCache
from ..adapters.ids import ADAPTER_ID_PATTERN
from ..adapters.pool import AdapterPool
from ..chat import pad_token_id, stop_token_ids
from ..errors import ServerBusyError, T2LError
from ..hub.resolve import resolve_hypernetwork
from ..offline.smollm2 import resolve_base_model
from .batching import Answer, BatchScheduler, answer_or_disconnect
from .guard import ServeGuard, install_guard, parse_json_body, resolve_api_key, warn_if_exposed
from .openai_requests import DESCRIPTION_MODEL, BadRequest, error_body, parse_request

__all__ = ["create_app", "DESCRIPTION_MODEL"]

#: Default of ``max_queue``: requests waiting for a batch before new ones get a 429.
DEFAULT_MAX_QUEUE = 64


class _Server:
    """What the routes share: the pool, the tokenizer and the scheduler (one per app, no module state)."""

    def __init__(
        self,
        pool: AdapterPool,
        tokenizer: Any,
        *,
        max_tokens: int,
        max_batch: int,
        wait_ms: float,
        max_queue: int | None,
    ) -> None:
        self.pool, self.tokenizer, self.max_tokens = pool, tokenizer, max_tokens
        self.context = getattr(getattr(pool.model, "config", None), "max_position_embeddings", None)
        stops = stop_token_ids(tokenizer, pool.model)
        self.scheduler = BatchScheduler(
            pool,
            pad_id=pad_token_id(tokenizer),
            stop_ids=stops,
            max_batch=max_batch,
            wait_ms=wait_ms,
            max_queue=max_queue,
        )

    def parse(self, raw: bytes) -> dict[str, Any]:
        """The checked request (:func:`parse_request`) with its prompt token ids (CPU work: call it off the
        event loop)."""
        try:
            req = parse_request(
                parse_json_body(raw),
                hypernetwork=self.pool.hypernetwork,
                use_rslora=self.pool.use_rslora,
                max_tokens=self.max_tokens,
                refused=("stop",),
            )
        except RecursionError as e:
            raise BadRequest("The request body's JSON is nested too deeply.", code="invalid_json") from e
        req["prompt_ids"] = self._prompt_ids(req["messages"])
        n = len(req["prompt_ids"])
        if self.context is not None and n + req["max_tokens"] > self.context:
            raise BadRequest(
                f"The prompt is {n} tokens and max_tokens is {req['max_tokens']}: together more than the "
                f"model's context of {self.context} tokens. Shorten the messages or lower max_tokens.",
                param="messages",
                code="context_length_exceeded",
            )
        return req

    def check_known(self, model: str) -> None:
        """Refuse an adapter id that is neither loaded nor in the disk cache (waits for the pool's lock:
        call it off the event loop)."""
        if not self.known(model):
            raise BadRequest(
                f"No adapter {model!r} is loaded or cached: use model {DESCRIPTION_MODEL!r} "
                "with a 'description', or an id from GET /v1/models or `hf-t2l cache ls`.",
                param="model",
                code="model_not_found",
            )

    def known(self, model: str) -> bool:
        cache = self.pool.cache
        return model in self.pool.adapters or (cache is not None and model in cache)

    def _prompt_ids(self, messages: list[dict[str, str]]) -> list[int]:
        if getattr(self.tokenizer, "chat_template", None):
            ids = self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=True, return_dict=False
            )
            return list(ids)
        return list(self.tokenizer("\n".join(m["content"] for m in messages))["input_ids"])

    def submit(self, req: dict[str, Any], on_event: Any = None) -> Future[Answer]:
        return self.scheduler.submit(
            key=req["key"],
            description=req["description"],
            prompt_ids=req["prompt_ids"],
            max_tokens=req["max_tokens"],
            on_token=on_event,
            on_start=on_event,
        )

    def completion(self, req: dict[str, Any], answer: Answer, rid: str) -> dict[str, Any]:
        text = self.tokenizer.decode(answer.token_ids, skip_special_tokens=True)
        body = {
            "id": rid,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": req["model"],
            "adapter_id": req["key"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text},
                    "finish_reason": answer.finish_reason,
                }
            ],
            "usage": _usage(req, answer),
        }
        if answer.warnings:
            body["warnings"] = answer.warnings
        return body

    def chunk(
        self, req: dict[str, Any], rid: str, delta: dict[str, str] | None, finish: str | None, **extra: Any
    ) -> str:
        body = {
            "id": rid,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": req["model"],
            "adapter_id": req["key"],
            "choices": [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}],
            **extra,
        }
        return f"data: {json.dumps(body)}\n\n"


def _usage(req: dict[str, Any], answer: Answer) -> dict[str, int]:
    n_prompt, n_new = len(req["prompt_ids"]), len(answer.token_ids)
    return {"prompt_tokens": n_prompt, "completion_tokens": n_new, "total_tokens": n_prompt + n_new}


def _model_object(model_id: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": int(time.time()), "owned_by": "hf_t2l"}


def create_app(
    pool: AdapterPool,
    tokenizer: Any,
    *,
    max_tokens: int = 512,
    max_batch: int = 16,
    wait_ms: float = 5.0,
    max_queue: int | None = DEFAULT_MAX_QUEUE,
    guard: ServeGuard | None = None,
) -> FastAPI:
    """The FastAPI app of the server (run it with uvicorn; ``hf-t2l serve`` does).

    Args:
        pool: The adapter pool on the base model; its ``max_adapters`` bounds the adapters in memory and
            the distinct adapters of one batch. With a disk cache, adapter ids from the cache are served.
        tokenizer: The base model's tokenizer (its chat template formats the messages).
        max_tokens: Largest ``max_tokens`` a request may ask for (also the default).
        max_batch: Most requests answered in one batch.
        wait_ms: How long the scheduler collects requests before running a batch.
        max_queue: Most requests waiting for a batch; past it a 429 with ``Retry-After`` (None: no limit).
        guard: Host, Origin, API key and body-size checks (default :class:`ServeGuard`: loopback
            names only, no web origin, no key, 1 MiB bodies).

    Returns:
        A FastAPI app; its scheduler thread runs while the app is served (lifespan).

    Example:
        >>> app = create_app(AdapterPool(base, "path/to/t2l", max_adapters=8, cache=True), tokenizer)
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    server = _Server(
        pool, tokenizer, max_tokens=max_tokens, max_batch=max_batch, wait_ms=wait_ms, max_queue=max_queue
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        server.scheduler.start()
        yield
        server.scheduler.stop()

    app = FastAPI(title="hf_t2l", lifespan=lifespan)
    app.state.t2l = server
    install_guard(app, guard or ServeGuard())

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, e: BadRequest) -> JSONResponse:
        return JSONResponse(error_body(e.message, param=e.param, code=e.code), status_code=e.status)

    @app.exception_handler(ServerBusyError)
    async def busy(request: Request, e: ServerBusyError) -> JSONResponse:
        body = error_body(str(e), param=None, code="server_busy", kind="server_error")
        return JSONResponse(body, status_code=429, headers={"Retry-After": "1"})

    @app.get("/v1/models")
    def models() -> dict[str, Any]:  # sync: run in a thread (a batch may hold the pool's lock)
        return {"object": "list", "data": [_model_object(i) for i in (DESCRIPTION_MODEL, *pool.adapters)]}

    @app.get("/v1/models/{model_id}")
    def model(model_id: str) -> Any:  # sync: as above
        if model_id == DESCRIPTION_MODEL or (
            ADAPTER_ID_PATTERN.fullmatch(model_id) and server.known(model_id)
        ):
            return _model_object(model_id)
        body = error_body(
            f"No model {model_id[:80]!r}: GET /v1/models lists them.", param="model", code="model_not_found"
        )
        return JSONResponse(body, status_code=404)

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        req = await run_in_threadpool(server.parse, await request.body())
        if req["description"] is None:
            await run_in_threadpool(server.check_known, req["key"])
        rid = f"chatcmpl-{uuid.uuid4().hex}"
        if req["stream"]:
            loop, tokens = asyncio.get_running_loop(), asyncio.Queue()
            # the queue gets the description's warnings (a list) before decoding, then each token id
            future = server.submit(req, lambda t: loop.call_soon_threadsafe(tokens.put_nowait, t))
            return StreamingResponse(
                _stream(server, req, rid, future, tokens),
                media_type="text/event-stream",
                background=BackgroundTask(future.cancel),  # the client left before the end: stop decoding
            )
        future = server.submit(req)
        answer = await answer_or_disconnect(request.receive, future)
        if answer is None:
            return Response(status_code=499)  # nobody is there to read it
        if isinstance(answer, T2LError):  # e.g. an adapter id that left the pool and the cache meanwhile
            raise BadRequest(str(answer), param="model") from answer
        if isinstance(answer, Exception):  # a failed batch: an OpenAI-style 500, not a bare one
            message = f"The answer failed ({type(answer).__name__}: {answer})."
            return JSONResponse(
                error_body(message, param=None, code=None, kind="server_error"), status_code=500
            )
        return server.completion(req, answer, rid)

    return app


async def _stream(server: _Server, req: dict[str, Any], rid: str, future: Future[Answer], tokens: Any):  # noqa: ANN202
    """Server-sent events: the role (with the description's warnings), then text deltas as tokens are
    decoded, the finish reason, the usage if asked for, [DONE]. Leaving early cancels the request."""
    try:
        async for event in _events(server, req, rid, future, tokens):
            yield event
    finally:
        future.cancel()


async def _events(server: _Server, req: dict[str, Any], rid: str, future: Future[Answer], tokens: Any):  # noqa: ANN202
    done = asyncio.wrap_future(future)
    ids: list[int] = []
    sent, started = "", False

    def delta(token: int) -> str | None:
        nonlocal sent
        ids.append(token)
        text = server.tokenizer.decode(ids, skip_special_tokens=True)
        if not text.startswith(sent) or len(text) == len(sent) or text.endswith("\ufffd"):
            return None  # nothing new yet, or half a character
        new, sent = text[len(sent) :], text
        return server.chunk(req, rid, {"content": new}, None)

    def event(item: int | list[dict[str, str]]) -> str | None:
        nonlocal started
        if isinstance(item, list):  # the adapter is ready: the role, with the description's warnings
            started = True
            extra = {"warnings": item} if item else {}
            return server.chunk(req, rid, {"role": "assistant", "content": ""}, None, **extra)
        return delta(item)

    while not done.done():
        getter = asyncio.ensure_future(tokens.get())
        await asyncio.wait({getter, done}, return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()
        elif (chunk := event(getter.result())) is not None:
            yield chunk
    while not tokens.empty():  # queued before the answer was done
        if (chunk := event(tokens.get_nowait())) is not None:
            yield chunk
    if not started:  # the batch failed before decoding
        yield event([])
    try:
        answer = done.result()
    except Exception as e:  # noqa: BLE001 - the stream has started: the error goes in an event
        yield f"data: {json.dumps(error_body(str(e), param=None, code=None, kind='server_error'))}\n\n"
        yield "data: [DONE]\n\n"
        return
    text = server.tokenizer.decode(answer.token_ids, skip_special_tokens=True)
    if len(text) > len(sent) and text.startswith(sent):
        yield server.chunk(req, rid, {"content": text[len(sent) :]}, None)
    yield server.chunk(req, rid, {}, answer.finish_reason)
    if req["include_usage"]:
        yield server.chunk(req, rid, None, None, usage=_usage(req, answer))
    yield "data: [DONE]\n\n"


def run_server(
    base: str,
    hypernetwork: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_adapters: int = 16,
    max_batch: int = 16,
    max_tokens: int = 512,
    wait_ms: float = 5.0,
    max_queue: int | None = DEFAULT_MAX_QUEUE,
    cache_dir: str | None = None,
    trust_remote_code: bool = False,
    dtype: str = "auto",
    guard: ServeGuard | None = None,
) -> None:
    """Load the base model and hypernetwork and serve them until interrupted (``hf-t2l serve``).

    ``hypernetwork`` is any form :func:`~hf_t2l.resolve_hypernetwork` accepts; ``"default"``
    is the embedded default hypernetwork (for SmolLM2-135M-Instruct), untrained when this install ships none.
    Adapters are kept in an :class:`~hf_t2l.AdapterPool` of ``max_adapters`` slots and in the disk cache
    (``cache_dir``, default ``$HF_HOME/hf_t2l/adapters``). The base model runs on the CPU, in float32
    unless ``dtype`` names another (``"auto"``: float32, so that batched answers are those of single
    ones). ``guard`` (default: :class:`ServeGuard` bound to ``host``, with the ``HF_T2L_API_KEY``
    environment variable as its key) checks every request; a warning is logged once when ``host`` is
    reachable from other machines and there is no key.

    Raises:
        HypernetworkNotFoundError / IncompatibleBaseModelError: as :class:`~hf_t2l.AdapterPool`.
    """
    import logging

    import torch
    import uvicorn
    from transformers import AutoModelForCausalLM, AutoTokenizer

    guard = guard or ServeGuard(bind_host=host, api_key=resolve_api_key(None))
    config = uvicorn.Config(None, host=host, port=port, log_level="info")  # sets up uvicorn's logging
    log = logging.getLogger("uvicorn.error")
    source = resolve_base_model(base)
    tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=trust_remote_code)
    torch_dtype = torch.float32 if dtype == "auto" else getattr(torch, dtype)
    model = AutoModelForCausalLM.from_pretrained(
        source, trust_remote_code=trust_remote_code, dtype=torch_dtype
    ).eval()
    log.info("Base model loaded in %s on the CPU", str(next(model.parameters()).dtype).removeprefix("torch."))
    t2l = resolve_hypernetwork(hypernetwork, untrained_default=True, trust_remote_code=trust_remote_code)
    pool = AdapterPool(model, t2l, max_adapters=max_adapters, cache=AdapterCache(cache_dir))
    config.app = create_app(
        pool,
        tokenizer,
        max_tokens=max_tokens,
        max_batch=max_batch,
        wait_ms=wait_ms,
        max_queue=max_queue,
        guard=guard,
    )
    warn_if_exposed(host, guard.api_key, log=log)
    uvicorn.Server(config).run()
