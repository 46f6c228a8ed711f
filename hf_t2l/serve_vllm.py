"""`hf-t2l serve --engine vllm`: the same chat API, answered by a running vLLM server with our adapters.

For each request the adapter is generated (or read from the disk cache), written as a PEFT folder
that the vLLM server can read, checked against vLLM's LoRA rules (:mod:`hf_t2l.vllm_check`), loaded
into vLLM once through its dynamic LoRA endpoint (``POST /v1/load_lora_adapter`` with
``{"lora_name": <adapter id>, "lora_path": <folder>}``; vLLM must run with ``--enable-lora`` and
``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``), and the chat completion is forwarded to vLLM's
``/v1/chat/completions`` with ``"model": <adapter id>`` (server-sent events passed through when
streaming). Requests are checked as by the in-process engine (:mod:`hf_t2l.serve_requests`) before
vLLM is called. Every call to vLLM has a timeout; a failed one is a 502 naming the vLLM URL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA

__all__ = ["VLLMForwarder", "create_vllm_app", "vllm_api_key"]

logger = logging.getLogger(__name__)

_SETUP = (
    "vLLM must run with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, and read the adapter "
    "folders (same machine or a shared folder: --vllm-adapter-dir)"
)


def vllm_api_key(env_name: str | None) -> str | None:
    """The API key of the vLLM server, read from the environment variable ``env_name`` (None: no key).

    Raises:
        InvalidConfigError: the variable is not set or empty (its value is never shown).
    """
    if env_name is None:
        return None
    value = os.environ.get(env_name, "")
    if not value:
        raise InvalidConfigError(
            f"--vllm-api-key-env {env_name}: the environment variable {env_name} is not set or empty; "
            "set it to the key the vLLM server was started with (vllm serve --api-key)."
        )
    return value


def _vllm_message(response: httpx.Response) -> str:
    """vLLM's error message: ``{"error": {"message"}}`` (recent), ``{"message"}`` (older) or the text."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        for value in (error.get("message") if isinstance(error, dict) else error, body.get("message")):
            if isinstance(value, str) and value:
                return value[:300]
        if body.get("detail"):
            return str(body["detail"])[:300]
    return json.dumps(body)[:300]


class VLLMForwarder:
    """Makes generated adapters available to a running vLLM server and forwards chat completions to it.

    Args:
        hypernetwork: The loaded hypernetwork that generates the adapters.
        vllm_url: Base URL of the vLLM server, e.g. ``http://127.0.0.1:8001``.
        cache: The disk cache of generated adapters (read first, written after each generation).
        adapter_dir: Folder the vLLM server reads adapters from (``<adapter_dir>/<id>/``); None: the cache's.
        api_key: Sent as ``Authorization: Bearer ...`` when the vLLM server has one (never logged).
        timeout_s: Limit of every call to vLLM (connect, send, each read).
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
        max_lora_rank: int = 16,
        use_rslora: bool | None = None,
    ) -> None:
        if not vllm_url.startswith(("http://", "https://")):
            raise InvalidConfigError(f"vllm_url must start with http:// or https://; got {vllm_url!r}.")
        self.hypernetwork, self.cache, self.use_rslora = hypernetwork, cache, use_rslora
        self.url = vllm_url.rstrip("/")
        shared = adapter_dir is None or Path(adapter_dir).resolve() == cache.root.resolve()
        self.adapter_dir = cache if shared else AdapterCache(adapter_dir, max_bytes=cache.max_bytes)
        self.timeout_s, self.max_lora_rank = timeout_s, max_lora_rank
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
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
            self._client = httpx.AsyncClient(base_url=self.url, timeout=timeout, headers=self._headers)
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _call(self, what: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            if kwargs.pop("stream", False):
                request = self.client.build_request(method, path, **kwargs)
                return await self.client.send(request, stream=True)
            return await self.client.request(method, path, **kwargs)
        except httpx.TimeoutException as e:
            raise VLLMServerError(
                f"vLLM at {self.url} did not answer {what} within {self.timeout_s:g} s "
                f"({type(e).__name__}): check that it is running and not overloaded, or raise "
                "--vllm-timeout."
            ) from e
        except httpx.HTTPError as e:
            raise VLLMServerError(
                f"vLLM at {self.url} is unreachable for {what} ({type(e).__name__}: {e}): start it "
                f"(vllm serve BASE --enable-lora) or fix --vllm-url; {_SETUP}."
            ) from e

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
            await run_in_threadpool(check_vllm_compatible, folder, max_lora_rank=self.max_lora_rank)
            path = str(folder.resolve())
            body = {"lora_name": key, "lora_path": path}
            r = await self._call("loading an adapter", "POST", "/v1/load_lora_adapter", json=body)
            message = "" if r.status_code == 200 else _vllm_message(r)
            if r.status_code == 400 and "already" in message:  # loaded earlier (e.g. before our restart)
                logger.info("vLLM already has adapter %s", key)
            elif r.status_code != 200:
                raise VLLMServerError(
                    f"vLLM at {self.url} refused to load adapter {key} from {path} "
                    f"(HTTP {r.status_code}: {message}); {_SETUP}."
                )
            self.loaded.add(key)

    async def open_chat(self, key: str, folder: Path, body: dict[str, Any]) -> httpx.Response:
        """Send the chat completion for adapter ``key`` (loaded first); a 200 response, streamed if asked.

        An adapter vLLM no longer knows (it restarted) is loaded again and the request sent once more.

        Raises:
            VLLMServerError: vLLM is unreachable, too slow, or answered with an error.
        """
        stream = bool(body.get("stream"))
        for attempt in range(2):
            await self.ensure_loaded(key, folder)
            r = await self._call(
                "a chat completion", "POST", "/v1/chat/completions", json=body, stream=stream
            )
            if r.status_code == 200:
                return r
            if stream:
                await r.aread()
                await r.aclose()
            if r.status_code == 404 and attempt == 0:  # the model (our adapter) is unknown: vLLM restarted
                self.loaded.discard(key)
                continue
            break
        raise VLLMServerError(
            f"vLLM at {self.url} refused the chat completion for adapter {key} "
            f"(HTTP {r.status_code}: {_vllm_message(r)})."
        )


def _vllm_body(body: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """The request as vLLM gets it: our adapter id as ``model``, no ``description``, a bounded length."""
    out = {k: v for k, v in body.items() if k != "description"}
    out["model"] = req["key"]
    if out.get("max_tokens") is None and out.get("max_completion_tokens") is None:
        out["max_tokens"] = req["max_tokens"]
    return out


def _relabel(payload: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """vLLM's answer as our engine gives it: ``model`` as asked, plus ``adapter_id``."""
    payload["model"], payload["adapter_id"] = req["model"], req["key"]
    return payload


async def _events(response: httpx.Response, req: dict[str, Any]) -> AsyncIterator[str]:
    """vLLM's server-sent events, relabelled; a broken stream ends with an error event and [DONE]."""
    try:
        async for line in response.aiter_lines():
            if not line.startswith("data:"):
                continue  # blank separators, comments
            data = line[len("data:") :].strip()
            if data != "[DONE]":
                try:
                    chunk = json.loads(data)
                except ValueError:
                    chunk = None
                if isinstance(chunk, dict) and "choices" in chunk:
                    data = json.dumps(_relabel(chunk, req))
            yield f"data: {data}\n\n"
    except httpx.HTTPError as e:
        error = _error_body(
            f"The stream from vLLM broke off ({type(e).__name__}: {e}).",
            param=None,
            code=None,
            kind="server_error",
        )
        yield f"data: {json.dumps(error)}\n\ndata: [DONE]\n\n"
    finally:
        await response.aclose()


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
        try:
            folder = await run_in_threadpool(forwarder.adapter_folder, req["key"], req["description"])
        except UnknownAdapterError as e:
            raise _BadRequest(str(e), param="model", code="model_not_found") from e
        response = await forwarder.open_chat(req["key"], folder, _vllm_body(body, req))
        if req["stream"]:
            return StreamingResponse(_events(response, req), media_type="text/event-stream")
        try:
            return _relabel(response.json(), req)
        except ValueError as e:
            raise VLLMServerError(f"vLLM at {forwarder.url} answered with a body that is not JSON.") from e

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
        max_lora_rank=max_lora_rank,
    )
    uvicorn.run(create_vllm_app(forwarder, max_tokens=max_tokens), host=host, port=port, log_level="info")
