"""The checks of an OpenAI-style chat request and the error bodies both server engines answer with."""

from __future__ import annotations

import json
import math
from typing import Any

from ..adapters.ids import ADAPTER_ID_PATTERN, adapter_id

__all__ = ["ACCEPTED_FIELDS", "DESCRIPTION_MODEL", "FORWARDED_FIELDS", "check_fields", "parse_request"]

#: The ``model`` a request names when it gives its task by ``description``.
DESCRIPTION_MODEL = "t2l"
_ROLES = ("system", "user", "assistant")


class BadRequest(Exception):
    def __init__(
        self, message: str, *, param: str | None = None, code: str = "invalid_value", status: int = 400
    ) -> None:
        super().__init__(message)
        self.message, self.param, self.code, self.status = message, param, code, status


def error_body(
    message: str, *, param: str | None, code: str | None, kind: str = "invalid_request_error"
) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


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
            raise BadRequest(message, param=name)

    return check


def _seed(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not -_INT64 <= value < _INT64:
        raise BadRequest(f"'{name}' must be a 64-bit integer; got {_shown(value)}.", param=name)


def _stop(name: str, value: Any) -> None:
    stops = [value] if isinstance(value, str) else value
    ok = isinstance(stops, list) and 1 <= len(stops) <= _MAX_STOPS
    if not ok or not all(isinstance(s, str) and 1 <= len(s) <= _MAX_STOP_CHARS for s in stops):
        raise BadRequest(
            f"'{name}' must be a string or a list of 1 to {_MAX_STOPS} strings of 1 to {_MAX_STOP_CHARS} "
            f"characters; got {_shown(value)}.",
            param=name,
        )


def _stream_options(name: str, value: Any) -> None:
    if not isinstance(value, dict) or set(value) - {"include_usage"}:
        raise BadRequest(
            f"'{name}' must be an object with only 'include_usage' (true or false); got {_shown(value)}.",
            param=name,
        )
    if not isinstance(value.get("include_usage", False), bool):
        raise BadRequest(f"'{name}.include_usage' must be true or false.", param=f"{name}.include_usage")


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
        BadRequest: an unsupported field (``code: "unsupported_parameter"``, ``param`` its name) or a
            forwarded field with a bad value (``param`` its name).
    """
    unknown = sorted(k for k, v in body.items() if k not in ACCEPTED_FIELDS and v is not None)
    if unknown:
        raise BadRequest(
            f"Unsupported field{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))[:300]}: "
            f"this server accepts only {', '.join(ACCEPTED_FIELDS)}; remove the others from the request.",
            param=unknown[0][:80],
            code="unsupported_parameter",
        )
    if body.get("user") is not None and not isinstance(body["user"], str):
        raise BadRequest(f"'user' must be a string; got {_shown(body['user'])}.", param="user")
    for name, check in FORWARDED_FIELDS.items():
        if body.get(name) is not None:
            check(name, body[name])
    if body.get("stream_options") is not None and body.get("stream") is not True:
        raise BadRequest("'stream_options' is only allowed with \"stream\": true.", param="stream_options")


def _messages(body: dict[str, Any]) -> list[dict[str, str]]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequest(
            f"'messages' must be a non-empty list of {{role, content}} objects; got "
            f"{json.dumps(messages)[:80]}.",
            param="messages",
        )
    out = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in _ROLES:
            raise BadRequest(
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
                raise BadRequest(
                    f"messages[{i}].content parts must be text parts; only text is supported.",
                    param=f"messages[{i}].content",
                )
            content = "".join(p["text"] for p in content)
        if not isinstance(content, str):
            raise BadRequest(
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
        raise BadRequest(
            f"'{name}' must be an integer from 1 to {limit}; got {json.dumps(value)}.", param=name
        )
    return value


def parse_request(
    body: Any, *, hypernetwork: Any, use_rslora: bool | None, max_tokens: int, refused: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The checked chat request: adapter key (id), description, messages, max tokens, stream flag, model.

    Every field must be one of :data:`ACCEPTED_FIELDS` with a valid value, as for both engines;
    ``refused`` names accepted fields this engine cannot honour (a 400 rather than a silent change).

    Raises:
        BadRequest: what is wrong with the request (an OpenAI-style 400).
    """
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.", code="invalid_json")
    check_fields(body)
    for name in refused:
        if body.get(name) is not None:
            raise BadRequest(
                f"'{name}' is not supported by this engine (greedy decoding ends at the end of the turn or "
                "at max_tokens); remove it, or serve with --engine vllm.",
                param=name,
                code="unsupported_parameter",
            )
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise BadRequest(
            f"'model' must be {DESCRIPTION_MODEL!r} (with a 'description') or an adapter id; "
            f"got {json.dumps(model)}.",
            param="model",
        )
    description = body.get("description")
    if model == DESCRIPTION_MODEL:
        if not isinstance(description, str) or not description.strip():
            raise BadRequest(
                f"model {DESCRIPTION_MODEL!r} needs a non-empty string 'description' of the task (OpenAI "
                f"client: extra_body={{'description': ...}}); got {json.dumps(description)[:80]}.",
                param="description",
            )
        key = adapter_id(hypernetwork, description, use_rslora=use_rslora)  # the description is checked above
    else:
        if description is not None:
            raise BadRequest(
                f"'description' goes with model {DESCRIPTION_MODEL!r}, not with an adapter id.",
                param="description",
            )
        if not ADAPTER_ID_PATTERN.fullmatch(model):
            raise BadRequest(
                f"No adapter {model!r}: use model {DESCRIPTION_MODEL!r} with a "
                "'description', or an adapter id (32 hex digits) from GET /v1/models or "
                "`hf-t2l cache ls`.",
                param="model",
                code="model_not_found",
            )
        key, description = model, None
    if not isinstance(body.get("stream", False), bool):
        raise BadRequest("'stream' must be true or false.", param="stream")
    if body.get("n", 1) != 1:
        raise BadRequest("Only n=1 is supported.", param="n")
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
    """``stream_options.include_usage`` (a last streamed chunk with the token counts), as
    :func:`check_fields` checked it."""
    return bool((body.get("stream_options") or {}).get("include_usage", False))
