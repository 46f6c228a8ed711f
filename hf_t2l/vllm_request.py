"""What `hf-t2l serve --engine vllm` sends to vLLM: only checked request fields, a URL without secrets.

A chat request is first checked as the in-process engine checks it
(:func:`hf_t2l.serve_requests.parse_request`); then every other field must be on the allow-list below
and pass its check, or the request gets an OpenAI-style 400 (``code: "unsupported_parameter"`` or
``"invalid_value"``) and vLLM is never called. The body sent to vLLM is rebuilt from the checked
values only (messages as parsed, ``max_tokens`` as bounded), so a field such as ``chat_template``,
``lora_request`` or ``logit_bias`` cannot reach vLLM by any spelling.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from .errors import InvalidConfigError
from .serve_requests import _BadRequest

__all__ = ["ACCEPTED_FIELDS", "FORWARDED_FIELDS", "VLLMTarget", "check_fields", "vllm_api_key", "vllm_body"]

#: Fields checked by ``parse_request`` (``n`` must be 1; ``description`` and ``user`` are not sent on).
_PARSED = ("model", "description", "messages", "max_tokens", "max_completion_tokens", "stream", "n", "user")
_MAX_STOPS, _MAX_STOP_CHARS = 4, 256
_INT64 = 2**63


def _number(low: float, high: float, *, low_open: bool = False):  # noqa: ANN202
    def check(name: str, value: Any) -> None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or value > high or value < low or (low_open and value == low):
            bound = f"above {low:g}" if low_open else f"from {low:g}"
            message = f"'{name}' must be a number {bound} to {high:g}; got {_shown(value)}."
            raise _BadRequest(message, param=name)

    return check


def _seed(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not -_INT64 <= value < _INT64:
        raise _BadRequest(f"'{name}' must be a 64-bit integer; got {_shown(value)}.", param=name)


def _stop(name: str, value: Any) -> None:
    stops = [value] if isinstance(value, str) else value
    ok = isinstance(stops, list) and 1 <= len(stops) <= _MAX_STOPS
    if not ok or not all(isinstance(s, str) and 1 <= len(s) <= _MAX_STOP_CHARS for s in stops):
        raise _BadRequest(
            f"'{name}' must be a string or a list of 1 to {_MAX_STOPS} strings of 1 to {_MAX_STOP_CHARS} "
            f"characters; got {_shown(value)}.",
            param=name,
        )


def _stream_options(name: str, value: Any) -> None:
    if not isinstance(value, dict) or set(value) - {"include_usage"}:
        raise _BadRequest(
            f"'{name}' must be an object with only 'include_usage' (true or false); got {_shown(value)}.",
            param=name,
        )
    if not isinstance(value.get("include_usage", False), bool):
        raise _BadRequest(f"'{name}.include_usage' must be true or false.", param=f"{name}.include_usage")


#: Fields sent on to vLLM as given, each with its check (``None`` as a value means "not given").
FORWARDED_FIELDS = {
    "temperature": _number(0.0, 2.0),
    "top_p": _number(0.0, 1.0, low_open=True),
    "frequency_penalty": _number(-2.0, 2.0),
    "presence_penalty": _number(-2.0, 2.0),
    "seed": _seed,
    "stop": _stop,
    "stream_options": _stream_options,
}
#: Every field a chat request may have.
ACCEPTED_FIELDS = (*_PARSED, *FORWARDED_FIELDS)


def _shown(value: Any) -> str:
    try:
        return json.dumps(value)[:80]
    except (TypeError, ValueError, RecursionError):
        return type(value).__name__


def check_fields(body: dict[str, Any]) -> None:
    """Refuse every field that is neither checked by ``parse_request`` nor on the forwarded allow-list.

    Raises:
        _BadRequest: an unsupported field (``code: "unsupported_parameter"``, ``param`` its name) or a
            forwarded field with a bad value (``param`` its name).
    """
    unknown = sorted(k for k, v in body.items() if k not in ACCEPTED_FIELDS and v is not None)
    if unknown:
        raise _BadRequest(
            f"Unsupported field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))[:300]}: "
            f"this server accepts only {', '.join(ACCEPTED_FIELDS)}; remove the others from the request.",
            param=unknown[0][:80],
            code="unsupported_parameter",
        )
    if body.get("user") is not None and not isinstance(body["user"], str):
        raise _BadRequest(f"'user' must be a string; got {_shown(body['user'])}.", param="user")
    for name, check in FORWARDED_FIELDS.items():
        if body.get(name) is not None:
            check(name, body[name])
    if body.get("stream_options") is not None and body.get("stream") is not True:
        raise _BadRequest("'stream_options' is only allowed with \"stream\": true.", param="stream_options")


def vllm_body(body: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """The body sent to vLLM, rebuilt from checked values: ``req`` from ``parse_request``, ``body`` after
    :func:`check_fields`. ``model`` is the adapter id; ``max_tokens`` is always set (bounded)."""
    out: dict[str, Any] = {
        "model": req["key"],
        "messages": req["messages"],
        "max_tokens": req["max_tokens"],
        "stream": req["stream"],
    }
    out.update({k: body[k] for k in FORWARDED_FIELDS if body.get(k) is not None})
    return out


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


class VLLMTarget:
    """A vLLM base URL split into what may be shown (``shown``: credentials as ``***``, no query) and the
    credentials, which travel only as an ``Authorization`` header and in no message or log line.

    Raises:
        InvalidConfigError: the URL is not http(s)://host[:port][/path] (the message shows it redacted).
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url.strip())
        try:
            host, port = parts.hostname or "", parts.port
        except ValueError:  # a port that is not a number
            host, port = "", None
        netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port is not None else "")
        path = parts.path.rstrip("/")
        #: The URL as messages and logs show it: ``http://***@host:port`` when it holds credentials.
        userinfo = "***@" if "@" in parts.netloc else ""
        self.shown = urlunsplit((parts.scheme, userinfo + netloc, path, "", ""))
        if parts.query or parts.fragment:
            self.shown += "?***"
        if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
            raise InvalidConfigError(
                "--vllm-url must be http(s)://[user:password@]host[:port][/path], e.g. "
                f"http://127.0.0.1:8001; got {self.shown!r}."
            )
        #: The URL requests go to (no credentials).
        self.base = urlunsplit((parts.scheme, netloc, path, "", ""))
        user, password = unquote(parts.username or ""), unquote(parts.password or "")
        #: ``(user, password)`` from the URL (sent as HTTP Basic auth), or None.
        self.basic_auth = (user, password) if "@" in parts.netloc else None
        raw = parts.netloc.rpartition("@")[0]
        self._secrets = sorted({s for s in (raw, password, parts.password or "") if s}, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        """``text`` with the URL's credentials replaced by ``***`` (for text that came from elsewhere)."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text
