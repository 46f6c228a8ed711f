"""Bounded Hub requests: a timeout on every request hf_t2l makes, retries with backoff for temporary
failures, and huggingface_hub's errors turned into hf_t2l's named ones.

- Timeout: no network operation of a request (connect, send, wait for an answer, each read) waits
  longer than ``HF_T2L_HUB_TIMEOUT`` seconds (default 30). huggingface_hub's shared HTTP client has
  no timeout of its own for most API calls (create a repo, commit), so a server that accepts a
  connection and never answers would hang a push forever.
- Retries: 5xx answers, dropped connections and timeouts are retried with exponential backoff, at
  most ``ATTEMPTS`` times and no new request starts later than ``BUDGET_FACTOR`` x the timeout after
  the call began (this also bounds huggingface_hub's own retries inside a download).
- Errors: 401/403 -> :class:`~hf_t2l.errors.HubAuthenticationError`; 5xx, dropped connections and
  timeouts (after the retries) -> :class:`~hf_t2l.errors.HubError`. Other errors (repo, revision or
  file not found, offline mode) pass through unchanged for the caller to name.

The bounds apply through request/response hooks on huggingface_hub's shared client
(``huggingface_hub.get_session()``); they act only on requests made inside :func:`hub_call`, in the
calling thread, and leave every other use of that client as it was.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import HubAuthenticationError, HubError, InvalidConfigError

logger = logging.getLogger(__name__)

TIMEOUT_ENV = "HF_T2L_HUB_TIMEOUT"
DEFAULT_TIMEOUT = 30.0  # seconds, per network operation of one request
ATTEMPTS = 4  # tries of one Hub call (a download of one file, a commit...) before giving up
BUDGET_FACTOR = 3  # no new request later than BUDGET_FACTOR x timeout after the call began
RETRY_STATUS = (429, 500, 502, 503, 504)
_TIMEOUT_KEYS = ("connect", "read", "write", "pool")
T = TypeVar("T")


@dataclass
class _Limits:
    timeout: float
    deadline: float  # time.monotonic() after which no new request starts
    last_status: int | None = None


_LIMITS: ContextVar[_Limits | None] = ContextVar("hf_t2l_hub_limits", default=None)
_HOOK_LOCK = threading.Lock()


class _BudgetSpent(Exception):
    """Raised by the request hook: the call's retry budget is spent, start no new request."""


def hub_timeout() -> float:
    """The per-request timeout in seconds: ``HF_T2L_HUB_TIMEOUT`` if set, else 30.

    Raises:
        InvalidConfigError: the variable is set to something other than a positive number.
    """
    raw = os.environ.get(TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise InvalidConfigError(
            f"{TIMEOUT_ENV}={raw!r} is not a positive number of seconds: set it to e.g. 30, or unset it "
            f"for the default ({DEFAULT_TIMEOUT:g} s)."
        )
    return value


def _on_request(request: Any) -> None:
    limits = _LIMITS.get()
    if limits is None:
        return
    if time.monotonic() >= limits.deadline:
        raise _BudgetSpent()
    current = request.extensions.get("timeout") or {}
    bound = limits.timeout
    request.extensions["timeout"] = {
        key: bound if current.get(key) is None else min(current[key], bound) for key in _TIMEOUT_KEYS
    }


def _on_response(response: Any) -> None:
    limits = _LIMITS.get()
    if limits is not None:
        limits.last_status = response.status_code


def _attach_hooks() -> None:
    """Put the hooks on huggingface_hub's shared client (it may have been re-created since)."""
    from huggingface_hub import get_session

    client = get_session()
    with _HOOK_LOCK:
        hooks = client.event_hooks
        if _on_request not in hooks.get("request", []) or _on_response not in hooks.get("response", []):
            client.event_hooks = {
                "request": [h for h in hooks.get("request", []) if h is not _on_request] + [_on_request],
                "response": [h for h in hooks.get("response", []) if h is not _on_response] + [_on_response],
            }


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        yield error
        error = error.__cause__ or error.__context__


def _diagnose(error: BaseException) -> tuple[str, int | None] | None:
    """('status' | 'timeout' | 'connect' | 'dropped' | 'budget', HTTP status) for a Hub failure; else None."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    for e in _chain(error):
        if isinstance(e, OfflineModeIsEnabled):
            return None
        if isinstance(e, _BudgetSpent):
            return "budget", None
        if isinstance(e, HfHubHTTPError):
            status = getattr(getattr(e, "response", None), "status_code", None)
            return ("status", status) if status in (401, 403) or status in RETRY_STATUS else None
        if isinstance(e, httpx2.TimeoutException):
            return "timeout", None
        if isinstance(e, httpx2.ConnectError):
            return "connect", None
        if isinstance(e, httpx2.TransportError) and not isinstance(
            e, (httpx2.ProxyError, httpx2.UnsupportedProtocol)
        ):
            return "dropped", None
    return None


def hub_call(fn: Callable[[], T], *, repo_id: str, action: str, after: str = "") -> T:
    """Run ``fn`` (one or a few huggingface_hub calls) with the timeout and retries above.

    Args:
        fn: what to run; retried as a whole.
        repo_id: named in the error message (never a token).
        action: what was being done, for the message: "download from", "push to".
        after: added to the message of a failure after retries (e.g. "nothing was committed").

    Returns:
        What ``fn`` returns.

    Raises:
        HubAuthenticationError: the Hub answered 401 or 403 (not retried).
        HubError: 5xx answers, dropped connections or timeouts, still failing after the retries.
        InvalidConfigError: ``HF_T2L_HUB_TIMEOUT`` is not a positive number.
    """
    timeout = hub_timeout()
    limits = _Limits(timeout, time.monotonic() + BUDGET_FACTOR * timeout)
    token = _LIMITS.set(limits)
    try:
        for attempt in range(ATTEMPTS):
            _attach_hooks()
            try:
                return fn()
            except Exception as error:
                from huggingface_hub.errors import OfflineModeIsEnabled

                if isinstance(error, OfflineModeIsEnabled):  # raised as such by API calls (pushes)
                    raise HubError(
                        f"Cannot {action} {repo_id!r}: offline mode is on (HF_HUB_OFFLINE=1); "
                        "unset it to reach the Hub."
                    ) from None
                kind = _diagnose(error)
                if kind is None:
                    raise
                if kind[0] == "status" and kind[1] in (401, 403):
                    raise _named(kind, limits, repo_id, action, after) from None
                delay = min(0.5 * 2**attempt, 4.0)
                last = kind[0] == "budget" or attempt == ATTEMPTS - 1
                if last or time.monotonic() + delay >= limits.deadline:
                    raise _named(kind, limits, repo_id, action, after) from None
                logger.warning(
                    "Hub request to %s %s failed (%s); retrying in %.1f s (%d/%d)",
                    action,
                    repo_id,
                    _what(kind, limits),
                    delay,
                    attempt + 1,
                    ATTEMPTS - 1,
                )
                time.sleep(delay)
        raise AssertionError("unreachable")
    finally:
        _LIMITS.reset(token)


def _what(kind: tuple[str, int | None], limits: _Limits) -> str:
    name, status = kind
    if name == "budget":  # the retries ran out of time: say what the last failure was
        status = limits.last_status
        name = "status" if status is not None and status in RETRY_STATUS else "timeout-or-dropped"
    if name == "status":
        return f"the Hub answered with an error ({status})"
    if name == "timeout":
        return f"the Hub did not answer within {limits.timeout:g} s"
    if name == "dropped":
        return "the connection to the Hub was dropped"
    if name == "connect":
        from huggingface_hub import constants

        return f"could not connect to the Hub at {constants.ENDPOINT} (check the network, or HF_ENDPOINT)"
    return f"the Hub did not answer within {limits.timeout:g} s, or the connection was dropped"


def _named(kind: tuple[str, int | None], limits: _Limits, repo_id: str, action: str, after: str) -> HubError:
    name, status = kind
    if name == "status" and status in (401, 403):
        access = "write access to that namespace" if action.startswith("push") else "read access to that repo"
        return HubAuthenticationError(
            f"The Hub refused to {action} {repo_id!r} ({status}): not logged in, a wrong token, or a "
            f"private or gated repo. Log in with `hf auth login` or pass token=... with {access}."
        )
    what = _what(kind, limits)
    tail = f"; {after}" if after else ""
    hint = (
        f" Raise {TIMEOUT_ENV} (now {limits.timeout:g} s) if the Hub or your network is slow."
        if "did not answer" in what
        else ""
    )
    return HubError(f"Could not {action} {repo_id!r}: {what} after retries{tail}. Try again later.{hint}")
