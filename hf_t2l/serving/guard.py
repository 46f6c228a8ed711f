"""What both server engines check before a route runs: Host, Origin, API key, body size; and JSON parsing.

A web page the user visits can send requests to a server on their machine: with a name that resolves
to 127.0.0.1 (DNS rebinding) its page even reads the replies. :class:`ServeGuard` refuses what a
browser sends on behalf of another site: a ``Host`` header that is not the server's address (403),
an ``Origin`` not allowed (403), and, with an API key, requests without ``Authorization: Bearer
<key>`` (401, compared in constant time). Bodies over ``max_body_bytes`` get a 413 before more than
that is read. Install it with :func:`install_guard`; parse bodies with :func:`parse_json_body`.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse

from .openai_requests import BadRequest, error_body

__all__ = [
    "API_KEY_ENV",
    "DEFAULT_MAX_BODY_BYTES",
    "ServeGuard",
    "install_guard",
    "parse_json_body",
    "resolve_api_key",
    "warn_if_exposed",
]

logger = logging.getLogger(__name__)

#: The environment variable read for the API key when ``--api-key`` is not given.
API_KEY_ENV = "HF_T2L_API_KEY"
#: The default cap on a request body (1 MiB; a chat request is a few KB).
DEFAULT_MAX_BODY_BYTES = 1 << 20
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_WILDCARD = frozenset({"0.0.0.0", "::", ""})
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _host_name(value: str) -> str:
    """The name in a ``Host`` header or a configured host: lowercase, no port, no brackets, no final dot."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        value = value.rsplit(":", 1)[0]
    return value.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class ServeGuard:
    """The checks of every request (see the module docstring).

    Args:
        bind_host: The address the server listens on; it is an allowed ``Host``, as are 127.0.0.1,
            localhost and ::1, and any IP address when it is a wildcard (0.0.0.0, ::): DNS rebinding
            needs a name, never an address.
        allowed_hosts: Further host names clients use (``"*"``: any ``Host``).
        allowed_origins: Web origins whose pages may call the server, e.g. ``"https://app.example"``
            (``"*"``: any). Requests with any other ``Origin`` header get a 403. Default: none.
        api_key: When set, every request needs ``Authorization: Bearer <api_key>``.
        max_body_bytes: Largest request body (413 above it).
    """

    bind_host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    api_key: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def host_allowed(self, host: str | None) -> bool:
        """Whether a ``Host`` header names this server (no header: not a browser, allowed)."""
        if host is None or "*" in self.allowed_hosts:
            return True
        name = _host_name(host)
        bound = _host_name(self.bind_host)
        if name in _LOOPBACK or name == bound or name in {_host_name(h) for h in self.allowed_hosts}:
            return True
        return bound in _WILDCARD and _is_ip(name)

    def origin_allowed(self, origin: str | None) -> bool:
        """Whether a request with this ``Origin`` header may be answered (no header: not cross-site)."""
        if origin is None or "*" in self.allowed_origins:
            return True
        return origin.strip().rstrip("/").lower() in {o.rstrip("/").lower() for o in self.allowed_origins}

    def key_ok(self, authorization: str | None) -> bool:
        """Whether ``Authorization`` carries the API key (always, when there is no key)."""
        if self.api_key is None:
            return True
        scheme, _, token = (authorization or "").partition(" ")
        given = token.strip().encode() if scheme.lower() == "bearer" else b""
        return hmac.compare_digest(given, self.api_key.encode())

    def refusal(self, scope: Scope) -> JSONResponse | None:
        """The error response for a request this guard refuses, or None."""
        headers = Headers(scope=scope)
        host, origin = headers.get("host"), headers.get("origin")
        if not self.host_allowed(host):
            return _refuse(
                403,
                f"The Host header {host[:100]!r} is not an address of this server (a web page may be "
                "using a DNS name that points here); if clients reach the server by this name, start "
                "it with --allowed-hosts naming it.",
                "host_not_allowed",
            )
        if not self.origin_allowed(origin):
            return _refuse(
                403,
                f"Requests from web pages of origin {origin[:100]!r} are refused; to let a page of that "
                "origin call this server, start it with --allowed-origins naming it.",
                "origin_not_allowed",
            )
        preflight = scope["method"] == "OPTIONS" and "access-control-request-method" in headers
        if not preflight and not self.key_ok(headers.get("authorization")):
            return _refuse(
                401,
                "Missing or wrong API key: send the header 'Authorization: Bearer <key>' with the key "
                f"the server was started with (--api-key or {API_KEY_ENV}).",
                "invalid_api_key",
            )
        if not (headers.get("content-length") or "0").isdigit():
            return _refuse(400, "The Content-Length header is not a number.", "invalid_request")
        if int(headers.get("content-length") or 0) > self.max_body_bytes:
            return _too_large(self.max_body_bytes)
        return None


def _refuse(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse(error_body(message, param=None, code=code), status_code=status)


def _too_large(limit: int) -> JSONResponse:
    return _refuse(
        413,
        f"The request body is larger than this server's limit of {limit} bytes (--max-body-bytes).",
        "request_too_large",
    )


class _GuardMiddleware:
    """Pure ASGI: the guard's checks, then the body read up to the cap and handed on to the app."""

    def __init__(self, app: Callable[..., Awaitable[None]], guard: ServeGuard) -> None:
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.guard.refusal(scope)
        if refused is not None:
            await refused(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:  # at most max_body_bytes (+ one chunk) is ever held
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.guard.max_body_bytes:
                await _too_large(self.guard.max_body_bytes)(scope, receive, send)
                return
        body: list[bytes] = [b"".join(chunks)]

        async def replay() -> Message:  # the body once, then the server's own messages (disconnect)
            if body:
                return {"type": "http.request", "body": body.pop(), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def install_guard(app: Any, guard: ServeGuard) -> None:
    """Put ``guard`` in front of every route of the FastAPI ``app`` (with CORS headers for the allowed
    origins, so that their pages can read the replies). Call it before the app is served."""
    if guard.allowed_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(guard.allowed_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type"],
        )
    app.add_middleware(_GuardMiddleware, guard=guard)


def parse_json_body(raw: bytes) -> Any:
    """The request's JSON; malformed or too deeply nested JSON is an OpenAI-style 400 (``BadRequest``)."""
    try:
        return json.loads(raw)
    except RecursionError as e:
        raise BadRequest("The request body's JSON is nested too deeply.", code="invalid_json") from e
    except ValueError as e:
        raise BadRequest(f"The request body is not valid JSON ({e}).", code="invalid_json") from e


def resolve_api_key(api_key: str | None) -> str | None:
    """``api_key``, else the ``HF_T2L_API_KEY`` environment variable, else None (empty counts as unset)."""
    return api_key or os.environ.get(API_KEY_ENV) or None


def warn_if_exposed(host: str, api_key: str | None, *, log: logging.Logger | None = None) -> bool:
    """Log a warning (on ``log``, default this module's logger) when ``host`` is reachable from other
    machines and no API key is set; True if so. Call it once, at start."""
    name = _host_name(host)
    if name in _LOOPBACK or (_is_ip(name) and ipaddress.ip_address(name).is_loopback) or api_key:
        return False
    (log or logger).warning(
        "Listening on %s without an API key: anyone who can reach this address can use the server. "
        "Set --api-key (or %s), or bind 127.0.0.1.",
        host,
        API_KEY_ENV,
    )
    return True
