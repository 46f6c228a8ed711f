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

from .serve_requests import _error_body

__all__ = ["Deadline", "ReplyTooLarge", "read_capped", "relay_events", "vllm_message"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

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
    error = _error_body(f"{where} {problem}.", param=None, code="vllm_unavailable", kind="server_error")
    yield f"data: {json.dumps(error)}\n\ndata: [DONE]\n\n"
