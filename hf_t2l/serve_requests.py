"""The checks of an OpenAI-style chat request and the error bodies both server engines answer with."""

from __future__ import annotations

import json
from typing import Any

from .adapter_id import _ID, adapter_id
from .errors import InvalidDescriptionError

__all__ = ["DESCRIPTION_MODEL", "parse_request"]

#: The ``model`` a request names when it gives its task by ``description``.
DESCRIPTION_MODEL = "t2l"
_ROLES = ("system", "user", "assistant")


class _BadRequest(Exception):
    def __init__(
        self, message: str, *, param: str | None = None, code: str = "invalid_value", status: int = 400
    ) -> None:
        super().__init__(message)
        self.message, self.param, self.code, self.status = message, param, code, status


def _error_body(
    message: str, *, param: str | None, code: str | None, kind: str = "invalid_request_error"
) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def _messages(body: dict[str, Any]) -> list[dict[str, str]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _BadRequest(
            f"'messages' must be a non-empty list of {{role, content}} objects; got "
            f"{json.dumps(messages)[:80]}.",
            param="messages",
        )
    out = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in _ROLES:
            raise _BadRequest(
                f"messages[{i}] must be an object with 'role' one of {list(_ROLES)}; got "
                f"{json.dumps(m)[:80]}.",
                param=f"messages[{i}]",
            )
        content = m.get("content")
        if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
            if not all(
                isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
                for p in content
            ):
                raise _BadRequest(
                    f"messages[{i}].content parts must be text parts; only text is supported.",
                    param=f"messages[{i}].content",
                )
            content = "".join(p["text"] for p in content)
        if not isinstance(content, str):
            raise _BadRequest(
                f"messages[{i}].content must be a string; got {type(content).__name__}.",
                param=f"messages[{i}].content",
            )
        out.append({"role": m["role"], "content": content})
    return out


def _max_tokens(body: dict[str, Any], limit: int) -> int:
    name = "max_completion_tokens" if body.get("max_completion_tokens") is not None else "max_tokens"
    value = body.get(name)
    if value is None:
        return limit
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= limit:
        raise _BadRequest(
            f"'{name}' must be an integer from 1 to {limit}; got {json.dumps(value)}.", param=name
        )
    return value


def parse_request(
    body: Any, *, hypernetwork: Any, use_rslora: bool | None, max_tokens: int
) -> dict[str, Any]:
    """The checked chat request: adapter key (id), description, messages, max tokens, stream flag, model.

    Raises:
        _BadRequest: what is wrong with the request (an OpenAI-style 400).
    """
    if not isinstance(body, dict):
        raise _BadRequest("The request body must be a JSON object.", code="invalid_json")
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise _BadRequest(
            f"'model' must be {DESCRIPTION_MODEL!r} (with a 'description') or an adapter id; "
            f"got {json.dumps(model)}.",
            param="model",
        )
    description = body.get("description")
    if model == DESCRIPTION_MODEL:
        if not isinstance(description, str) or not description.strip():
            raise _BadRequest(
                f"model {DESCRIPTION_MODEL!r} needs a non-empty string 'description' of the task (OpenAI "
                f"client: extra_body={{'description': ...}}); got {json.dumps(description)[:80]}.",
                param="description",
            )
        try:
            key = adapter_id(hypernetwork, description, use_rslora=use_rslora)
        except InvalidDescriptionError as e:
            raise _BadRequest(str(e), param="description") from e
    else:
        if description is not None:
            raise _BadRequest(
                f"'description' goes with model {DESCRIPTION_MODEL!r}, not with an adapter id.",
                param="description",
            )
        if not _ID.fullmatch(model):
            raise _BadRequest(
                f"No adapter {model!r}: use model {DESCRIPTION_MODEL!r} with a "
                "'description', or an adapter id (32 hex digits) from GET /v1/models or "
                "`hf-t2l cache ls`.",
                param="model",
                code="model_not_found",
            )
        key, description = model, None
    if not isinstance(body.get("stream", False), bool):
        raise _BadRequest("'stream' must be true or false.", param="stream")
    if body.get("n", 1) != 1:
        raise _BadRequest("Only n=1 is supported.", param="n")
    messages = _messages(body)
    max_tokens = _max_tokens(body, max_tokens)
    return {
        "key": key,
        "description": description,
        "messages": messages,
        "max_tokens": max_tokens,
        "stream": body.get("stream", False),
        "model": model,
        "include_usage": _include_usage(body),
    }


def _include_usage(body: dict[str, Any]) -> bool:
    """``stream_options.include_usage``: a last streamed chunk with the token counts."""
    options = body.get("stream_options")
    if options is None:
        return False
    usage = options.get("include_usage", False) if isinstance(options, dict) else None
    if not isinstance(usage, bool):
        raise _BadRequest(
            f"'stream_options' must be an object like {{\"include_usage\": true}}; got "
            f"{json.dumps(options)[:80]}.",
            param="stream_options",
        )
    return usage
