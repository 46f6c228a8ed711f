"""vLLM's replies as `hf-t2l serve --engine vllm` reads them: one deadline per call, capped, checked.

A call to vLLM (sending, waiting, reading the whole body or the whole stream) must end within one
:class:`Deadline`, however slowly vLLM trickles its bytes. A reply is read into memory only up to a
cap; a non-streaming reply must be a JSON object with a ``choices`` list. A stream is relayed line by
line (each line capped too): only ``data:`` lines holding a chat completion chunk (a JSON object with
``choices``) are passed on, relabelled, and the relay ends at vLLM's ``data: [DONE]`` (nothing after it
is read). Anything else (an event that is not a chunk, e.g. vLLM's own error event, a stream that
breaks off, runs past the deadline or the cap, or ends without ``[DONE]``) ends the stream with one
error event of this server's own wording and ``data: [DONE]``; vLLM's text goes to the log only.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

import httpx

from ..errors import InvalidConfigError, VLLMServerError
from .openai_requests import error_body
from .vllm_request import VLLMTarget

__all__ = [
    "DEFAULT_MAX_REPLY_BYTES",
    "Deadline",
    "ReplyTooLarge",
    "VLLMCalls",
    "read_capped",
    "relabel",
    "relay_events",
    "vllm_message",
]

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Default most bytes read from vLLM for one call (``--vllm-max-reply-bytes``).
DEFAULT_MAX_REPLY_BYTES = 8 << 20
_MAX_ERROR_BYTES = 64 << 10  # an error reply is read only for the log
#: How vLLM must run for `hf-t2l serve --engine vllm` (said in the errors that may stem from it).
VLLM_SETUP = (
    "vLLM must run with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True, and read the adapter "
    "folders (same machine or a shared folder: --vllm-adapter-dir)"
)

_timeout_at = getattr(asyncio, "timeout_at", None)

#: Longest single line of a stream (a chunk of one token is a few hundred bytes).
MAX_EVENT_BYTES = 1 << 20


class ReplyTooLarge(Exception):
    """vLLM sent more bytes than allowed (internal: turned into a 502 or an error event)."""

    def __init__(self, what: str, limit: int) -> None:
        super().__init__(f"{what} is larger than {limit} bytes")
        self.what, self.limit = what, limit


class Deadline:
    """The moment by which one call to vLLM must be over (``seconds`` from now)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = asyncio.get_running_loop().time() + seconds

    async def within(self, awaitable: Awaitable[T]) -> T:
        """Await ``awaitable`` until the deadline; raises :class:`asyncio.TimeoutError` past it."""
        if _timeout_at is not None:  # Python 3.11+: no extra task per await (one per stream line)
            async with _timeout_at(self._at):
                return await awaitable
        left = self._at - asyncio.get_running_loop().time()
        return await asyncio.wait_for(awaitable, max(left, 0.0))


class VLLMCalls:
    """Calls to the vLLM server at ``target``, each under one :class:`Deadline` of ``timeout_s`` and read
    up to ``max_reply_bytes``; every failure is a :class:`~hf_t2l.errors.VLLMServerError` naming the URL
    without its credentials. ``api_key`` is sent as ``Authorization: Bearer ...`` (never logged).

    Raises:
        InvalidConfigError: ``api_key`` is given and the URL holds credentials too.
    """

    def __init__(
        self, target: VLLMTarget, *, api_key: str | None, timeout_s: float, max_reply_bytes: int
    ) -> None:
        if api_key and target.basic_auth:
            raise InvalidConfigError(
                f"--vllm-url {target.shown} holds credentials and an API key is given too: both would "
                "be the Authorization header; give one of them."
            )
        self.target, self.url = target, target.shown
        self.timeout_s, self.max_reply_bytes = timeout_s, max_reply_bytes
        self._headers = {"Accept-Encoding": "identity"}  # the caps count the bytes vLLM sends
        if api_key:
            self._headers["Authorization"] = f"Bearer {api_key}"
        self._client: httpx.AsyncClient | None = None

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

    async def within(self, what: str, deadline: Deadline, awaitable: Awaitable[T]) -> T:
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
                f"(vllm serve BASE --enable-lora) or fix --vllm-url; {VLLM_SETUP}."
            ) from e

    async def post(
        self, what: str, path: str, body: dict[str, Any], *, stream: bool = False
    ) -> tuple[int, bytes, httpx.Response | None, Deadline]:
        """POST ``body`` under one deadline: (status, body, None, deadline); when ``stream`` and the
        status is 200, the body is left unread: (200, b"", open response, deadline)."""
        deadline = Deadline(self.timeout_s)
        request = self.client.build_request("POST", path, json=body)
        response = await self.within(what, deadline, self.client.send(request, stream=True))
        if stream and response.status_code == 200:
            return 200, b"", response, deadline
        try:
            limit = self.max_reply_bytes if response.status_code == 200 else _MAX_ERROR_BYTES
            raw = await self.within(what, deadline, read_capped(response, limit))
        finally:
            await response.aclose()
        return response.status_code, raw, None, deadline

    def refused(self, what: str, status: int, raw: bytes) -> str:
        """Log vLLM's own error text (credentials scrubbed); the client gets only the status."""
        message = self.target.scrub(vllm_message(raw))
        logger.warning("vLLM at %s answered %s with HTTP %d: %r", self.url, what, status, message)
        return f"HTTP {status}; vLLM's message is in this server's log"

    def completion(self, raw: bytes) -> dict[str, Any]:
        """vLLM's reply ``raw`` to a chat completion, checked: a JSON object with a ``choices`` list.

        Raises:
            VLLMServerError: it is something else (what it is goes to the log only).
        """
        payload = parse_json_object(raw)
        if payload is None or not isinstance(payload.get("choices"), list):
            shown = self.target.scrub(raw[:300].decode("utf-8", "replace"))
            logger.warning("vLLM at %s answered a chat completion with %r", self.url, shown)
            raise VLLMServerError(
                f"vLLM at {self.url} answered the chat completion with a reply that is not a chat "
                "completion object (see this server's log)."
            )
        return payload


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The body of a streamed ``response``, refused past ``limit`` bytes (declared or received).

    Raises:
        ReplyTooLarge: the body is larger than ``limit``.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ReplyTooLarge("the reply", limit)
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > limit:
            raise ReplyTooLarge("the reply", limit)
    return bytes(body)


def vllm_message(raw: bytes) -> str:
    """vLLM's error message from an error body (for this server's log): ``{"error": {"message"}}``,
    ``{"message"}``, ``{"detail"}``, or the text; at most 300 characters."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        return raw[:300].decode("utf-8", "replace")
    if isinstance(body, dict):
        error = body.get("error")
        for value in (error.get("message") if isinstance(error, dict) else error, body.get("message")):
            if isinstance(value, str) and value:
                return value[:300]
        if body.get("detail"):
            return str(body["detail"])[:300]
    return raw[:300].decode("utf-8", "replace")


def relabel(payload: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """vLLM's answer (or chunk) as the local engine gives it: ``model`` as asked, plus ``adapter_id``."""
    payload["model"], payload["adapter_id"] = req["model"], req["key"]
    return payload


def parse_json_object(raw: bytes) -> dict[str, Any] | None:
    """``raw`` as a JSON object, or None (not JSON, not an object, or nested too deep to parse)."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


async def _lines(response: httpx.Response, *, line_limit: int, total_limit: int) -> AsyncIterator[str]:
    """The lines of a streamed body, each at most ``line_limit`` bytes and all at most ``total_limit``."""
    pending, total = b"", 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > total_limit:
            raise ReplyTooLarge("the stream", total_limit)
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            if len(line) > line_limit:
                raise ReplyTooLarge("a line of the stream", line_limit)
            yield line.rstrip(b"\r").decode("utf-8", "replace")
        if len(pending) > line_limit:
            raise ReplyTooLarge("a line of the stream", line_limit)
    if pending:
        yield pending.rstrip(b"\r").decode("utf-8", "replace")


async def relay_events(
    response: httpx.Response,
    relabel: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    where: str,
    deadline: Deadline,
    limit: int,
) -> AsyncIterator[str]:
    """vLLM's chat completion chunks as server-sent events (each through ``relabel``), then ``[DONE]``.

    ``where`` names vLLM in messages (its URL without credentials). The response is closed at the end.
    """
    lines = _lines(response, line_limit=min(limit, MAX_EVENT_BYTES), total_limit=limit)
    try:
        while True:
            try:
                line = await deadline.within(lines.__anext__())
            except StopAsyncIteration:
                problem = "ended the stream without data: [DONE]"
                break
            if not line.startswith("data:"):
                continue  # blank separators, comments, other SSE fields
            data = line[len("data:") :].strip()
            if data == "[DONE]":
                yield "data: [DONE]\n\n"
                return  # whatever follows [DONE] is not read
            chunk = parse_json_object(data.encode())
            if chunk is None or not isinstance(chunk.get("choices"), list):
                logger.warning("%s sent a stream event that is not a chunk: %r", where, data[:300])
                problem = "sent a stream event that is not a chat completion chunk (see this server's log)"
                break
            yield f"data: {json.dumps(relabel(chunk))}\n\n"
    except asyncio.TimeoutError:
        problem = f"did not finish the stream within {deadline.seconds:g} s (--vllm-timeout)"
    except ReplyTooLarge as e:
        problem = f"sent a stream past the cap: {e} (--vllm-max-reply-bytes)"
    except httpx.HTTPError as e:
        problem = f"broke off the stream ({type(e).__name__})"
    finally:
        await lines.aclose()
        await response.aclose()
    logger.warning("The stream from %s was ended: it %s.", where, problem)
    error = error_body(f"{where} {problem}.", param=None, code="vllm_unavailable", kind="server_error")
    yield f"data: {json.dumps(error)}\n\ndata: [DONE]\n\n"
