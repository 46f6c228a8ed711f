"""An OpenAI-compatible chat server on one base model, with a generated adapter per request (FastAPI).

``POST /v1/chat/completions`` (streaming or not) and ``GET /v1/models``. A request names its task
either by description (``"model": "t2l"`` and a top-level ``"description"``: the OpenAI client's
``extra_body={"description": ...}``) or by the id of an adapter in the pool or the disk cache as
``"model"``. Requests in flight are answered together in mixed-adapter batches
(:mod:`hf_t2l.serve_batching`); adapters live in an :class:`~hf_t2l.AdapterPool`. Decoding is greedy
(``temperature`` and ``top_p`` are accepted and ignored). Bad input gets a 400 with an OpenAI-style
``{"error": {"message", "type", "param", "code"}}`` body.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from .adapter_cache import AdapterCache
from .bundled import default_hypernetwork, resolve_base_model
from .chat import pad_token_id
from .errors import T2LError
from .pool import AdapterPool
from .serve_batching import Answer, BatchScheduler, stop_token_ids
from .serve_requests import DESCRIPTION_MODEL, _BadRequest, _error_body, parse_request

__all__ = ["create_app", "DESCRIPTION_MODEL"]


class _Server:
    """What the routes share: the pool, the tokenizer and the scheduler (one per app, no module state)."""

    def __init__(
        self, pool: AdapterPool, tokenizer: Any, *, max_tokens: int, max_batch: int, wait_ms: float
    ) -> None:
        self.pool, self.tokenizer, self.max_tokens = pool, tokenizer, max_tokens
        stops = stop_token_ids(tokenizer, pool.model)
        self.scheduler = BatchScheduler(
            pool, pad_id=pad_token_id(tokenizer), stop_ids=stops, max_batch=max_batch, wait_ms=wait_ms
        )

    def parse(self, body: Any) -> dict[str, Any]:
        """The checked request (:func:`parse_request`) with its prompt token ids."""
        req = parse_request(
            body,
            hypernetwork=self.pool.hypernetwork,
            use_rslora=self.pool.use_rslora,
            max_tokens=self.max_tokens,
        )
        req["prompt_ids"] = self._prompt_ids(req["messages"])
        return req

    def check_known(self, model: str) -> None:
        """Refuse an adapter id that is neither loaded nor in the disk cache (waits for the pool's lock:
        call it off the event loop)."""
        cache = self.pool.cache
        if not (model in self.pool.adapters or (cache is not None and model in cache)):
            raise _BadRequest(
                f"No adapter {model!r} is loaded or cached: use model {DESCRIPTION_MODEL!r} "
                "with a 'description', or an id from GET /v1/models or `hf-t2l cache ls`.",
                param="model",
                code="model_not_found",
            )

    def _prompt_ids(self, messages: list[dict[str, str]]) -> list[int]:
        if getattr(self.tokenizer, "chat_template", None):
            ids = self.tokenizer.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=True, return_dict=False
            )
            return list(ids)
        return list(self.tokenizer("\n".join(m["content"] for m in messages))["input_ids"])

    def completion(self, req: dict[str, Any], answer: Answer, rid: str) -> dict[str, Any]:
        text = self.tokenizer.decode(answer.token_ids, skip_special_tokens=True)
        n_prompt, n_new = len(req["prompt_ids"]), len(answer.token_ids)
        return {
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
            "usage": {
                "prompt_tokens": n_prompt,
                "completion_tokens": n_new,
                "total_tokens": n_prompt + n_new,
            },
        }

    def chunk(self, req: dict[str, Any], rid: str, delta: dict[str, str], finish: str | None) -> str:
        body = {
            "id": rid,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": req["model"],
            "adapter_id": req["key"],
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body)}\n\n"


def create_app(
    pool: AdapterPool, tokenizer: Any, *, max_tokens: int = 512, max_batch: int = 16, wait_ms: float = 5.0
) -> FastAPI:
    """The FastAPI app of the server (run it with uvicorn; ``hf-t2l serve`` does).

    Args:
        pool: The adapter pool on the base model; its ``max_adapters`` bounds the adapters in memory and
            the distinct adapters of one batch. With a disk cache, adapter ids from the cache are served.
        tokenizer: The base model's tokenizer (its chat template formats the messages).
        max_tokens: Largest ``max_tokens`` a request may ask for (also the default).
        max_batch: Most requests answered in one batch.
        wait_ms: How long the scheduler collects requests before running a batch.

    Returns:
        A FastAPI app; its scheduler thread runs while the app is served (lifespan).

    Example:
        >>> app = create_app(AdapterPool(base, "path/to/t2l", max_adapters=8, cache=True), tokenizer)
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    server = _Server(pool, tokenizer, max_tokens=max_tokens, max_batch=max_batch, wait_ms=wait_ms)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        server.scheduler.start()
        yield
        server.scheduler.stop()

    app = FastAPI(title="hf_t2l", lifespan=lifespan)
    app.state.t2l = server

    @app.exception_handler(_BadRequest)
    async def bad_request(request: Request, e: _BadRequest) -> JSONResponse:
        return JSONResponse(_error_body(e.message, param=e.param, code=e.code), status_code=e.status)

    @app.get("/v1/models")
    def models() -> dict[str, Any]:  # sync: run in a thread (a batch may hold the pool's lock)
        created = int(time.time())
        ids = [DESCRIPTION_MODEL, *pool.adapters]
        data = [{"id": i, "object": "model", "created": created, "owned_by": "hf_t2l"} for i in ids]
        return {"object": "list", "data": data}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        try:
            body = await request.json()
        except ValueError as e:
            raise _BadRequest(f"The request body is not valid JSON ({e}).", code="invalid_json") from e
        req = server.parse(body)
        if req["description"] is None:
            await run_in_threadpool(server.check_known, req["key"])
        rid = f"chatcmpl-{uuid.uuid4().hex}"
        if not req["stream"]:
            future = server.scheduler.submit(
                key=req["key"],
                description=req["description"],
                prompt_ids=req["prompt_ids"],
                max_tokens=req["max_tokens"],
            )
            try:
                answer = await asyncio.wrap_future(future)
            except T2LError as e:  # e.g. an adapter id that left the pool and the cache meanwhile
                raise _BadRequest(str(e), param="model") from e
            except Exception as e:  # noqa: BLE001 - a failed batch: an OpenAI-style 500, not a bare one
                return JSONResponse(
                    _error_body(
                        f"The answer failed ({type(e).__name__}: {e}).",
                        param=None,
                        code=None,
                        kind="server_error",
                    ),
                    status_code=500,
                )
            return server.completion(req, answer, rid)
        return StreamingResponse(_stream(server, req, rid), media_type="text/event-stream")

    return app


async def _stream(server: _Server, req: dict[str, Any], rid: str):  # noqa: ANN202
    """Server-sent events: the role, then text deltas as tokens are decoded, the finish reason, [DONE]."""
    loop = asyncio.get_running_loop()
    tokens: asyncio.Queue[int] = asyncio.Queue()
    future = server.scheduler.submit(
        key=req["key"],
        description=req["description"],
        prompt_ids=req["prompt_ids"],
        max_tokens=req["max_tokens"],
        on_token=lambda t: loop.call_soon_threadsafe(tokens.put_nowait, t),
    )
    done = asyncio.wrap_future(future)
    yield server.chunk(req, rid, {"role": "assistant", "content": ""}, None)
    ids: list[int] = []
    sent = ""

    def delta(token: int) -> str | None:
        nonlocal sent
        ids.append(token)
        text = server.tokenizer.decode(ids, skip_special_tokens=True)
        if not text.startswith(sent) or len(text) == len(sent) or text.endswith("\ufffd"):
            return None  # nothing new yet, or half a character
        new, sent = text[len(sent) :], text
        return server.chunk(req, rid, {"content": new}, None)

    while not done.done():
        getter = asyncio.ensure_future(tokens.get())
        await asyncio.wait({getter, done}, return_when=asyncio.FIRST_COMPLETED)
        if not getter.done():
            getter.cancel()
        elif (event := delta(getter.result())) is not None:
            yield event
    while not tokens.empty():  # tokens queued before the answer was done
        if (event := delta(tokens.get_nowait())) is not None:
            yield event
    try:
        answer = done.result()
    except Exception as e:  # noqa: BLE001 - the stream has started: the error goes in an event
        yield f"data: {json.dumps(_error_body(str(e), param=None, code=None, kind='server_error'))}\n\n"
        yield "data: [DONE]\n\n"
        return
    text = server.tokenizer.decode(answer.token_ids, skip_special_tokens=True)
    if len(text) > len(sent) and text.startswith(sent):
        yield server.chunk(req, rid, {"content": text[len(sent) :]}, None)
    yield server.chunk(req, rid, {}, answer.finish_reason)
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
    cache_dir: str | None = None,
    trust_remote_code: bool = False,
) -> None:
    """Load the base model and hypernetwork and serve them until interrupted (``hf-t2l serve``).

    ``hypernetwork="default"`` is the embedded default hypernetwork (for SmolLM2-135M-Instruct).
    Adapters are kept in an :class:`~hf_t2l.AdapterPool` of ``max_adapters`` slots and in the disk cache
    (``cache_dir``, default ``$HF_HOME/hf_t2l/adapters``).

    Raises:
        HypernetworkNotFoundError / IncompatibleBaseModelError: as :class:`~hf_t2l.AdapterPool`.
    """
    import uvicorn
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = resolve_base_model(base)
    tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=trust_remote_code)
    model = AutoModelForCausalLM.from_pretrained(source, trust_remote_code=trust_remote_code).eval()
    t2l: Any = default_hypernetwork()[0] if hypernetwork == "default" else hypernetwork
    pool = AdapterPool(
        model,
        t2l,
        max_adapters=max_adapters,
        cache=AdapterCache(cache_dir),
        trust_remote_code=trust_remote_code,
    )
    app = create_app(pool, tokenizer, max_tokens=max_tokens, max_batch=max_batch, wait_ms=wait_ms)
    uvicorn.run(app, host=host, port=port, log_level="info")
