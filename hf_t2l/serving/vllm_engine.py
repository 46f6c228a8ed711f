"""`hf-t2l serve --engine vllm`: the same chat API, answered by a running vLLM server with our adapters.

For each request the adapter is generated (or read from the disk cache and checked as every cached
adapter is), written as a PEFT folder that the vLLM server can read, checked against vLLM's LoRA rules
(:mod:`hf_t2l.adapters.vllm_compat`), loaded into vLLM once through its dynamic LoRA endpoint
(``POST /v1/load_lora_adapter``; vLLM must run with ``--enable-lora`` and
``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``), and the chat completion is forwarded to vLLM with
``"model": <adapter id>``. Requests pass the guard of both engines (:mod:`hf_t2l.serving.guard`) and the
checks of the local engine (:mod:`hf_t2l.serving.openai_requests`); only an allow-list of checked fields
is sent on (:mod:`hf_t2l.serving.vllm_request`). Every call to vLLM has one deadline and a size cap, and its
reply is checked (:mod:`hf_t2l.serving.vllm_reply`); a failed call is a 502 naming the vLLM URL without its
credentials.
No error body names a folder of this server or holds vLLM's own error text (that goes to the log).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from ..adapters.cache import AdapterCache
from ..adapters.ids import stamp_adapter_id
from ..adapters.integrity import AdapterSpec
from ..adapters.vllm_compat import check_vllm_compatible
from ..constants import ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME
from ..errors import (
    AdapterCacheCorruptError,
    AdapterCacheUnavailableError,
    T2LError,
    UnknownAdapterError,
    VLLMIncompatibleAdapterError,
    VLLMServerError,
)
from ..hub.resolve import resolve_hypernetwork
from .guard import ServeGuard, install_guard, parse_json_body, resolve_api_key, warn_if_exposed
from .openai_requests import DESCRIPTION_MODEL, BadRequest, error_body, parse_request
from .vllm_reply import (
    DEFAULT_MAX_REPLY_BYTES,
    VLLM_SETUP,
    Deadline,
    VLLMCalls,
    relabel,
    relay_events,
    vllm_message,
)
from .vllm_request import VLLMTarget, vllm_api_key, vllm_body

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA

__all__ = ["VLLMForwarder", "create_vllm_app", "vllm_api_key"]

logger = logging.getLogger(__name__)


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
        self.calls = VLLMCalls(
            self.target, api_key=api_key, timeout_s=timeout_s, max_reply_bytes=max_reply_bytes
        )
        self.hypernetwork, self.cache, self.use_rslora = hypernetwork, cache, use_rslora
        #: The vLLM URL as messages and logs show it (credentials as ``***``).
        self.url = self.target.shown
        shared = adapter_dir is None or Path(adapter_dir).resolve() == cache.root.resolve()
        self.adapter_dir = cache if shared else AdapterCache(adapter_dir, max_bytes=cache.max_bytes)
        self.timeout_s, self.max_lora_rank = timeout_s, max_lora_rank
        #: Adapter ids this server has loaded into vLLM (vLLM keeps them until it restarts).
        self.loaded: set[str] = set()
        self._generate_lock = threading.Lock()
        #: Adapter id -> the state of its files in the adapter dir when they last passed the checks.
        self._checked: dict[str, tuple[int, ...]] = {}
        self._load_locks: dict[str, asyncio.Lock] = {}

    # --- adapters on disk (call off the event loop: generation runs the hypernetwork) --------------
    def adapter_folder(self, key: str, description: str | None) -> Path:
        """The folder of adapter ``key`` in the adapter dir, checked as every cached adapter is
        (:mod:`hf_t2l.adapters.integrity`): the one there, else one from the cache or generated and written.

        Raises:
            UnknownAdapterError: ``description`` is None and no adapter ``key`` is cached.
            AdapterCacheCorruptError: ``description`` is None and the cached adapter ``key`` is damaged.
            AdapterCacheUnavailableError: the adapter could not be written to the adapter dir.
        """
        with self._generate_lock:
            target = self.adapter_dir
            try:
                folder = self._verified(key)
            except AdapterCacheCorruptError:  # set aside, the reason logged
                if description is None:
                    raise AdapterCacheCorruptError(
                        f"The cached adapter {key} is damaged or not what its id promises, so it is not "
                        f"served; use model {DESCRIPTION_MODEL!r} with its 'description' to generate it anew."
                    ) from None
                folder = None
            if folder is not None:
                return folder
            adapter = self.cache.get(key, expect=self._spec()) if self.cache is not target else None
            if adapter is None:
                if description is None:
                    raise UnknownAdapterError(
                        f"No adapter {key!r} is cached: use model {DESCRIPTION_MODEL!r} with a "
                        "'description', or an id from GET /v1/models or `hf-t2l cache ls`."
                    )
                generated = self.hypernetwork.generate(description, use_rslora=self.use_rslora)
                adapter = stamp_adapter_id(generated, key)
                if self.cache is not target:
                    self.cache.put(adapter)  # logs and goes on if it cannot write: the cache only saves time
            try:
                folder = self._verified(key) if target.put(adapter) is not None else None
            except UnknownAdapterError:  # e.g. a damaged entry that could not be set aside
                folder = None
            if folder is None:
                raise AdapterCacheUnavailableError(
                    f"Adapter {key} could not be written to the folder vLLM reads adapters from (see this "
                    "server's log): make --vllm-adapter-dir (else the adapter cache) writable, with space."
                )
            return folder

    def _spec(self) -> AdapterSpec:
        t2l = self.hypernetwork
        return AdapterSpec.for_config(t2l.config, dtype=t2l.dtype, use_rslora=self.use_rslora)

    def _verified(self, key: str) -> Path | None:
        """Adapter ``key``'s folder in the adapter dir once it passed the checks (again only if its files
        changed since); None if it is not there; AdapterCacheCorruptError if it failed (it was set aside)."""
        folder = self.adapter_dir.path(key)
        state = _files_state(folder)
        if state is None:
            return None
        if self._checked.get(key) != state:
            try:
                self.adapter_dir.read(key, expect=self._spec())
            except UnknownAdapterError as e:  # damaged: raised; removed meanwhile or unreadable: None
                if isinstance(e, AdapterCacheCorruptError):
                    raise
                return None
            self._checked[key] = state
        try:
            os.utime(folder)  # recently used: the last to be pruned
        except OSError:
            pass
        return folder

    # --- calls to vLLM -------------------------------------------------------------------------
    async def aclose(self) -> None:
        await self.calls.aclose()  # the HTTP client

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
            status, raw, _, _ = await self.calls.post("loading an adapter", "/v1/load_lora_adapter", body)
            if status == 400 and "already" in vllm_message(raw):  # loaded earlier (e.g. before our restart)
                logger.info("vLLM already has adapter %s", key)
            elif status != 200:
                raise VLLMServerError(
                    f"vLLM at {self.url} refused to load adapter {key} "
                    f"({self.calls.refused('loading an adapter', status, raw)}); {VLLM_SETUP}."
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
            status, raw, response, deadline = await self.calls.post(
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
            f"({self.calls.refused(what, status, raw)})."
        )

    async def chat(self, key: str, folder: Path, body: dict[str, Any]) -> dict[str, Any]:
        """vLLM's chat completion (not streamed) for adapter ``key``: a JSON object with ``choices``.

        Raises:
            VLLMServerError: vLLM is unreachable, too slow, refused, or answered with something else.
        """
        raw, _, _ = await self._chat_call(key, folder, body)
        return self.calls.completion(raw)

    async def open_stream(
        self, key: str, folder: Path, body: dict[str, Any], relabel: Callable[[dict], dict]
    ) -> AsyncIterator[str]:
        """The streamed chat completion for adapter ``key`` as checked server-sent events
        (:func:`hf_t2l.serving.vllm_reply.relay_events`); the call's deadline covers the whole stream.

        Raises:
            VLLMServerError: vLLM is unreachable, too slow, or refused (before the stream starts).
        """
        _, response, deadline = await self._chat_call(key, folder, body)
        assert response is not None
        where = f"vLLM at {self.url}"
        return relay_events(
            response, relabel, where=where, deadline=deadline, limit=self.calls.max_reply_bytes
        )


def _files_state(folder: Path) -> tuple[int, ...] | None:
    """Inode, size, modification and change times of an adapter folder's two files (None: no weights).
    The change time cannot be set back: a file rewritten since a check never has the state it had then."""
    stats: list[int] = []
    for name in (ADAPTER_WEIGHTS_NAME, ADAPTER_CONFIG_NAME):
        try:
            st = os.stat(folder / name)
        except OSError:  # no weights: not there; no config: the check says so
            return None if name == ADAPTER_WEIGHTS_NAME else (*stats, -1)
        stats += (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return tuple(stats)


#: Status and code of the failures whose messages name no folder of this server (any other T2LError: 500).
_FAILURES: dict[type[T2LError], tuple[int, str]] = {
    VLLMServerError: (502, "vllm_unavailable"),
    VLLMIncompatibleAdapterError: (500, "adapter_not_servable"),
    AdapterCacheUnavailableError: (503, "adapter_dir_unavailable"),
}


def create_vllm_app(
    forwarder: VLLMForwarder, *, max_tokens: int = 512, guard: ServeGuard | None = None
) -> FastAPI:
    """The FastAPI app of ``hf-t2l serve --engine vllm`` (requests and 400s as
    :func:`hf_t2l.serving.server.create_app`).

    Args:
        forwarder: Generates adapters and talks to the vLLM server.
        max_tokens: Largest ``max_tokens`` a request may ask for (also the default sent to vLLM).
        guard: Host, Origin, API key and body-size checks (default :class:`~hf_t2l.serving.guard.ServeGuard`:
            loopback names only, no web origin, no key, 1 MiB bodies).

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
    install_guard(app, guard or ServeGuard())

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, e: BadRequest) -> JSONResponse:
        return JSONResponse(error_body(e.message, param=e.param, code=e.code), status_code=e.status)

    @app.exception_handler(T2LError)
    @app.exception_handler(Exception)  # a bug, or a failure of a library: JSON too, no plain-text 500
    async def failed(request: Request, e: Exception) -> JSONResponse:
        status, code = next((v for k, v in _FAILURES.items() if isinstance(e, k)), (500, None))
        message = str(e)
        if code is None:  # any other failure: its text may name the server's folders
            logger.warning("A chat request failed: %s: %s", type(e).__name__, e)
            message = f"The request failed ({type(e).__name__}); this server's log says why."
        body = error_body(message, param=None, code=code, kind="server_error")
        return JSONResponse(body, status_code=status)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        ids = [DESCRIPTION_MODEL, *sorted(forwarder.loaded)]
        return {"object": "list", "data": [{"id": i, "object": "model", "owned_by": "hf_t2l"} for i in ids]}

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> Any:
        body = parse_json_body(await request.body())
        try:
            req = parse_request(
                body,
                hypernetwork=forwarder.hypernetwork,
                use_rslora=forwarder.use_rslora,
                max_tokens=max_tokens,
            )  # checks every field against the list both engines accept
        except RecursionError as e:  # a field nested too deeply to show in a message
            raise BadRequest("The request body's JSON is nested too deeply.", code="invalid_json") from e
        try:
            folder = await run_in_threadpool(forwarder.adapter_folder, req["key"], req["description"])
        except UnknownAdapterError as e:
            raise BadRequest(str(e), param="model", code="model_not_found") from e
        sent = vllm_body(body, req)
        if req["stream"]:
            events = await forwarder.open_stream(req["key"], folder, sent, lambda c: relabel(c, req))
            return StreamingResponse(events, media_type="text/event-stream")
        return relabel(await forwarder.chat(req["key"], folder, sent), req)

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
    guard: ServeGuard | None = None,
) -> None:
    """Load the hypernetwork and serve the chat API through the vLLM server at ``vllm_url`` until
    interrupted (``hf-t2l serve --engine vllm``); the base model lives in vLLM only. ``guard``: as
    :func:`hf_t2l.serving.server.run_server`'s (its API key warning too).

    Raises:
        InvalidConfigError: ``api_key_env`` names an unset variable, or ``vllm_url`` is not http(s).
        HypernetworkNotFoundError: as :meth:`~hf_t2l.TextToLoRA.from_pretrained`.
    """
    import uvicorn

    api_key = vllm_api_key(api_key_env)
    guard = guard or ServeGuard(bind_host=host, api_key=resolve_api_key(None))
    config = uvicorn.Config(None, host=host, port=port, log_level="info")  # sets up uvicorn's logging
    forwarder = VLLMForwarder(
        resolve_hypernetwork(hypernetwork, untrained_default=True, trust_remote_code=trust_remote_code),
        vllm_url=vllm_url,
        cache=AdapterCache(cache_dir),
        adapter_dir=adapter_dir,
        api_key=api_key,
        timeout_s=timeout_s,
        max_reply_bytes=max_reply_bytes,
        max_lora_rank=max_lora_rank,
    )
    config.app = create_vllm_app(forwarder, max_tokens=max_tokens, guard=guard)
    warn_if_exposed(host, guard.api_key, log=logging.getLogger("uvicorn.error"))
    uvicorn.Server(config).run()
