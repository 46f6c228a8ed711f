"""What `hf-t2l serve --engine vllm` sends to vLLM: only checked request fields, a URL without secrets.

A chat request is checked exactly as the in-process engine checks it
(:func:`hf_t2l.serving.openai_requests.parse_request`: every field on one allow-list and valid, else an
OpenAI-style 400 with ``code: "unsupported_parameter"`` or ``"invalid_value"``, and vLLM is never
called). The body sent to vLLM is rebuilt from the checked
values only (messages as parsed, ``max_tokens`` as bounded), so a field such as ``chat_template``,
``lora_request`` or ``logit_bias`` cannot reach vLLM by any spelling.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import InvalidConfigError
from .openai_requests import FORWARDED_FIELDS

__all__ = ["VLLMTarget", "vllm_api_key", "vllm_body"]


def vllm_body(body: dict[str, Any], req: dict[str, Any]) -> dict[str, Any]:
    """The body sent to vLLM, rebuilt from checked values: ``req`` from ``parse_request`` and the ``body``
    it checked. ``model`` is the adapter id; ``max_tokens`` is always set (bounded)."""
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
