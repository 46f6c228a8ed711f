"""`hf-t2l serve --engine vllm`: the same chat API, answered by a running vLLM server with our adapters.

For each request the adapter is generated (or read from the disk cache), written as a PEFT folder
that the vLLM server can read, checked against vLLM's LoRA rules (:mod:`hf_t2l.vllm_check`), loaded
into vLLM once through its dynamic LoRA endpoint (``POST /v1/load_lora_adapter`` with
``{"lora_name": <adapter id>, "lora_path": <folder>}``; vLLM must run with ``--enable-lora`` and
``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``), and the chat completion is forwarded to vLLM's
``/v1/chat/completions`` with ``"model": <adapter id>`` (checked server-sent events relayed when
streaming). Requests are checked as by the in-process engine (:mod:`hf_t2l.serve_requests`), and only
an allow-list of checked fields is sent on (:mod:`hf_t2l.vllm_request`). Every call to vLLM has one
deadline and a size cap, and its reply is checked (:mod:`hf_t2l.vllm_reply`); a failed call is a 502
naming the vLLM URL without its credentials, and vLLM's own error text goes only to this server's log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from .adapter_cache import AdapterCache
from .adapter_id import stamp_adapter_id
from .bundled import default_hypernetwork
from .errors import (
    InvalidConfigError,
    SaveError,
    UnknownAdapterError,
    VLLMIncompatibleAdapterError,
    VLLMServerError,
)
from .integration import resolve_hypernetwork
from .serve_requests import DESCRIPTION_MODEL, _BadRequest, _error_body, parse_request
from .vllm_check import check_vllm_compatible
from .vllm_reply import Deadline, ReplyTooLarge, parse_json_object, read_capped, relay_events, vllm_message
from .vllm_request import VLLMTarget, check_fields, vllm_api_key, vllm_body

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA

__all__ = ["VLLMForwarder", "create_vllm_app", "vllm_api_key"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Default most bytes read from vLLM for one call (``--vllm-max-reply-bytes``).
DEFAULT_MAX_REPLY_BYTES = 8 << 20
_MAX_ERROR_BYTES = 64 << 10  # an error reply is read only for the log

_SETUP = (
    "vLLM must run with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, and read the adapter "
    "folders (same machine or a shared folder: --vllm-adapter-dir)"
)


class VLLMForwarder:
    """Makes generated adapters available to a running vLLM server and forwards chat completions to it.

    Args:
        hypernetwork: The loaded hypernetwork that generates the adapters.
        vllm_url: Base URL of the vLLM server, e.g. ``http://127.0.0.1:8001``.
        cache: The disk cache of generated adapters (read first, written after each generation).
        adapter_dir: Folder the vLLM server reads adapters from (``<adapter_dir>/<id>/``); None: the cache's.
        api_key: Sent as ``Authorization: Bearer ...`` when the vLLM server has one (never logged).
        timeout_s: Limit of every call to vLLM as a whole (connect, send, the whole reply or stream).
        max_reply_bytes: Most bytes read from vLLM for one call (a reply, or a stream in all).
        max_lora_rank: The vLLM server's ``--max-lora-rank`` (adapters are checked against it).
        use_rslora: Scaling of the generated adapters (None: the hypernetwork's).
    """

    def __init__(
        self,
        hypernetwork: TextToLoRA,
        *,
        vllm_url: str,
        cache: AdapterCache,
        adapter_dir: str | Path | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
        max_lora_rank: int = 16,
        use_rslora: bool | None = None,
    ) -> None:
        self.target = VLLMTarget(vllm_url)
        if api_key and self.target.basic_auth:
            raise InvalidConfigError(
                f"--vllm-url {self.target.shown} holds credentials and an API key is given too: both would "
                "be the Authorization header; give one of them."
            )
        self.hypernetwork, self.cache, self.use_rslora = hypernetwork, cache, use_rslora
        #: The vLLM URL as messages and logs show it (credentials as ``***``).
        self.url = self.target.shown
        self.max_reply_bytes = max_reply_bytes
        shared = adapter_dir is None or Path(adapter_dir).resolve() == cache.root.resolve()
        self.adapter_dir = cache if shared else AdapterCache(adapter_dir, max_bytes=cache.max_bytes)
        self.timeout_s, self.max_lora_rank = timeout_s, max_lora_rank
        self._headers = {"Accept-Encoding": "identity"}  # the caps count the bytes vLLM sends
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        #: Adapter ids this server has loaded into vLLM (vLLM keeps them until it restarts).
        self.loaded: set[str] = set()
        self._generate_lock = threading.Lock()
        self._load_locks: dict[str, asyncio.Lock] = {}
        self._client: httpx.AsyncClient | None = None

    # --- adapters on disk (call off the event loop: generation runs the hypernetwork) --------------
    def adapter_folder(self, key: str, description: str | None) -> Path:
        """The folder of adapter ``key`` in the adapter dir: written from the cache or generated if missing.

        Raises:
            UnknownAdapterError: ``description`` is None and no adapter ``key`` is cached.
        """
        with self._generate_lock:
            target = self.adapter_dir
            if key in target:
                try:
                    os.utime(target.path(key))  # recently used: the last to be pruned
                except OSError:
                    pass
                return target.path(key)
            adapter = self.cache.get(key) if self.cache is not target else None
            if adapter is None:
                if description is None:
                    raise UnknownAdapterError(
                        f"No adapter {key!r} is cached: use model {DESCRIPTION_MODEL!r} with a "
                        "'description', or an id from GET /v1/models or `hf-t2l cache ls`."
                    )
                generated = self.hypernetwork.generate(description, use_rslora=self.use_rslora)
                adapter = stamp_adapter_id(generated, key)
                if self.cache is not target:
                    try:
                        self.cache.put(adapter)
                    except SaveError as e:  # the cache only saves time
                        logger.warning("Could not write adapter %s to the cache: %s", key, e)
            return target.put(adapter)

    # --- calls to vLLM -------------------------------------------------------------------------
    @property
    def client(self) -> httpx.AsyncClient:
        """The HTTP client of the running app (made on first use, on the app's event loop)."""
        if self._client is None:
            timeout = httpx.Timeout(self.timeout_s, connect=min(self.timeout_s, 10.0))
            auth = httpx.BasicAuth(*self.target.basic_auth) if self.target.basic_auth else None
            self._client = httpx.AsyncClient(
                base_url=self.target.base, timeout=timeout, headers=self._headers, auth=auth
            )
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _within(self, what: str, deadline: Deadline, awaitable: Awaitable[T]) -> T:
        """``awaitable`` (a step of one call to vLLM) before ``deadline``; failures as VLLMServerError."""
        try:
            return await deadline.within(awaitable)
        except (asyncio.TimeoutError, httpx.TimeoutException) as e:
            raise VLLMServerError(
                f"vLLM at {self.url} did not answer {what} within {self.timeout_s:g} s: check that it is "
                "running and not overloaded, or raise --vllm-timeout."
            ) from e
        except ReplyTooLarge as e:
            raise VLLMServerError(
                f"vLLM at {self.url} answered {what} with a reply larger than {e.limit} bytes "
                "(--vllm-max-reply-bytes)."
            ) from e
        except httpx.HTTPError as e:
            raise VLLMServerError(
                f"vLLM at {self.url} is unreachable for {what} ({type(e).__name__}): start it "
                f"(vllm serve BASE --enable-lora) or fix --vllm-url; {_SETUP}."
            ) from e

    async def _post(
        self, what: str, path: str, body: dict[str, Any], *, stream: bool = False
    ) -> tuple[int, bytes, httpx.Response | None, Deadline]:
        """POST ``body`` under one deadline: (status, body, None, deadline); when ``stream`` and the
        status is 200, the body is left unread: (200, b"", open response, deadline)."""
        deadline = Deadline(self.timeout_s)
        request = self.client.build_request("POST", path, json=body)
        response = await self._within(what, deadline, self.client.send(request, stream=True))
        if stream and response.status_code == 200:
            return 200, b"", response, deadline
        try:
            limit = self.max_reply_bytes if response.status_code == 200 else _MAX_ERROR_BYTES
            raw = await self._within(what, deadline, read_capped(response, limit))
        finally:
            await response.aclose()
        return response.status_code, raw, None, deadline

    def _refused(self, what: str, status: int, raw: bytes) -> str:
        """Log vLLM's own error text (credentials scrubbed); the client gets only the status."""
        message = self.target.scrub(vllm_message(raw))
        logger.warning("vLLM at %s answered %s with HTTP %d: %r", self.url, what, status, message)
        return f"HTTP {status}; vLLM's message is in this server's log"

    async def ensure_loaded(self, key: str, folder: Path) -> None:
        """Load adapter ``key`` into vLLM from ``folder`` unless this server already did (once per id).

        Raises:
            VLLMIncompatibleAdapterError: vLLM would refuse the folder (e.g. a rank above max_lora_rank).
            VLLMServerError: vLLM is unreachable, too slow, or refused the adapter.
        """
        lock = self._load_locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key in self.loaded:
                return
            try:
                await run_in_threadpool(check_vllm_compatible, folder, max_lora_rank=self.max_lora_rank)
            except VLLMIncompatibleAdapterError as e:  # the client sees the id, not the folder
                logger.warning("%s", e)
                raise VLLMIncompatibleAdapterError(str(e).replace(str(folder), f"adapter {key}")) from e
            body = {"lora_name": key, "lora_path": str(folder.resolve())}
            status, raw, _, _ = await self._post("loading an adapter", "/v1/load_lora_adapter", body)
            if status == 400 and "already" in vllm_message(raw):  # loaded earlier (e.g. before our restart)
                logger.info("vLLM already has adapter %s", key)
            elif status != 200:
                raise VLLMServerError(
                    f"vLLM at {self.url} refused to load adapter {key} "
                    f"({self._refused('loading an adapter', status, raw)}); {_SETUP}."
                )
            self.loaded.add(key)

    async def _chat_call(
        self, key: str, folder: Path, body: dict[str, Any]
    ) -> tuple[bytes, httpx.Response | None, Deadline]:
        """The chat completion for adapter ``key`` (loaded first); an adapter vLLM no longer knows (it
        restarted) is loaded again and the request sent once more."""
        what = "a chat completion"
        for attempt in range(2):
            await self.ensure_loaded(key, folder)
            status, raw, response, deadline = await self._post(
                what, "/v1/chat/completions", body, stream=bool(body.get("stream"))
            )
            if status == 200:
                return raw, response, deadline
            if status == 404 and attempt == 0:  # the model (our adapter) is unknown: vLLM restarted
                self.loaded.discard(key)
                continue
            break
        raise VLLMServerError(
            f"vLLM at {self.url} refused the chat completion for adapter {key} "
            f"({self._refused(what, status, raw)})."
        )

    async def chat(self, key: str, folder: Path, body: dict[str, Any]) -> dict[str, Any]:
        """vLLM's chat completion (not streamed) for adapter ``key``: a JSON object with ``choices``.

        Raises:
            VLLMServerError: vLLM is unreachable, too slow, refused, or answered with something else.
        """
        raw, _, _ = await self._chat_call(key, folder, body)
        payload = parse_json_object(raw)
        if payload is None or not isinstance(payload.get("choices"), list):
            shown = self.target.scrub(raw[:300].decode("utf-8", "replace"))
            logger.warning("vLLM at %s answered a chat completion with %r", self.url, shown)
            raise VLLMServerError(
                f"vLLM at {self.url} answered the chat completion with a reply that is not a chat "
                "completion object (see this server's log)."
            )
        return payload

    async def open_stream(
        self, key: str, folder: Path, body: dict[str, Any], relabel: Callable[[dict], dict]
    ) -> AsyncIterator[str]:
        """The streamed chat completion for adapter ``key`` as checked server-sent events
        (:func:`hf_t2l.vllm_reply.relay_events`); the call's deadline covers the whole stream.

        Raises:
            VLLMServerError: vLLM is unreachable, too slow, or refused (before the stream starts).
        """
        _, response, deadline = await self._chat_call(key, folder, body)
        assert response is not None
        where = f"vLLM at {self.url}"
        return relay_events(response, relabel, where=where, deadline=deadline, limit=self.max_reply_bytes)


def _relabel(payload: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """vLLM's answer as our engine gives it: ``model`` as asked, plus ``adapter_id``."""
    payload["model"], payload["adapter_id"] = req["model"], req["key"]
    return payload


def create_vllm_app(forwarder: VLLMForwarder, *, max_tokens: int = 512) -> FastAPI:
    """The FastAPI app of ``hf-t2l serve --engine vllm`` (requests, 400s as :func:`hf_t2l.serve.create_app`).

    Args:
        forwarder: Generates adapters and talks to the vLLM server.
        max_tokens: Largest ``max_tokens`` a request may ask for (also the default sent to vLLM).

    Returns:
        A FastAPI app; run it with uvicorn.

    Example:
        >>> t2l = TextToLoRA.from_pretrained("path/to/t2l")
        >>> forwarder = VLLMForwarder(t2l, vllm_url="http://127.0.0.1:8001", cache=AdapterCache())
        >>> uvicorn.run(create_vllm_app(forwarder), port=8000)  # doctest: +SKIP
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        yield
        await forwarder.aclose()

    app = FastAPI(title="hf_t2l (vLLM engine)", lifespan=lifespan)
    app.state.t2l = forwarder

    @app.exception_handler(_BadRequest)
    async def bad_request(request: Request, e: _BadRequest) -> JSONResponse:
        return JSONResponse(_error_body(e.message, param=e.param, code=e.code), status_code=e.status)

    @app.exception_handler(VLLMServerError)
    async def vllm_failed(request: Request, e: VLLMServerError) -> JSONResponse:
        body = _error_body(str(e), param=None, code="vllm_unavailable", kind="server_error")
        return JSONResponse(body, status_code=502)

    @app.exception_handler(VLLMIncompatibleAdapterError)
    async def not_for_vllm(request: Request, e: VLLMIncompatibleAdapterError) -> JSONResponse:
        body = _error_body(str(e), param=None, code="adapter_not_servable", kind="server_error")
        return JSONResponse(body, status_code=500)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        ids = [DESCRIPTION_MODEL, *sorted(forwarder.loaded)]
        return {"object": "list", "data": [{"id": i, "object": "model", "owned_by": "hf_t2l"} for i in ids]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        try:
            body = await request.json()
        except ValueError as e:
            raise _BadRequest(f"The request body is not valid JSON ({e}).", code="invalid_json") from e
        req = parse_request(
            body, hypernetwork=forwarder.hypernetwork, use_rslora=forwarder.use_rslora, max_tokens=max_tokens
        )
        check_fields(body)
        try:
            folder = await run_in_threadpool(forwarder.adapter_folder, req["key"], req["description"])
        except UnknownAdapterError as e:
            raise _BadRequest(str(e), param="model", code="model_not_found") from e
        sent = vllm_body(body, req)
        if req["stream"]:
            events = await forwarder.open_stream(req["key"], folder, sent, lambda c: _relabel(c, req))
            return StreamingResponse(events, media_type="text/event-stream")
        return _relabel(await forwarder.chat(req["key"], folder, sent), req)

    return app


def run_vllm_server(
    hypernetwork: str,
    *,
    vllm_url: str,
    api_key_env: str | None = None,
    adapter_dir: str | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_tokens: int = 512,
    timeout_s: float = 120.0,
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
    max_lora_rank: int = 16,
    cache_dir: str | None = None,
    trust_remote_code: bool = False,
) -> None:
    """Load the hypernetwork and serve the chat API through the vLLM server at ``vllm_url`` until
    interrupted (``hf-t2l serve --engine vllm``). The base model lives in vLLM only.

    Raises:
        InvalidConfigError: ``api_key_env`` names an unset variable, or ``vllm_url`` is not http(s).
        HypernetworkNotFoundError: as :meth:`~hf_t2l.TextToLoRA.from_pretrained`.
    """
    import uvicorn

    api_key = vllm_api_key(api_key_env)
    t2l: Any = default_hypernetwork()[0] if hypernetwork == "default" else hypernetwork
    forwarder = VLLMForwarder(
        resolve_hypernetwork(t2l, trust_remote_code=trust_remote_code),
        vllm_url=vllm_url,
        cache=AdapterCache(cache_dir),
        adapter_dir=adapter_dir,
        api_key=api_key,
        timeout_s=timeout_s,
        max_reply_bytes=max_reply_bytes,
        max_lora_rank=max_lora_rank,
    )
    uvicorn.run(create_vllm_app(forwarder, max_tokens=max_tokens), host=host, port=port, log_level="info")
