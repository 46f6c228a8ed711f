"""The server under hostile or careless clients: real uvicorn on 127.0.0.1, raw sockets, httpx, tiny model."""

from __future__ import annotations

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import make_hypernetwork, uvicorn_in_thread

from hf_t2l import AdapterPool

KEY = "sk-test-0123456789"
AUTH = {"authorization": f"Bearer {KEY}"}
MSG = [{"role": "user", "content": "red green blue"}]


@pytest.fixture(scope="module")
def guarded(tiny_base):
    """One row per batch, at most 3 requests waiting, an API key, a named host and origin, 4 KB bodies."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.serving.guard import ServeGuard
    from hf_t2l.serving.server import create_app

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    pool = AdapterPool(model, make_hypernetwork(model.config), max_adapters=2)
    guard = ServeGuard(
        allowed_hosts=("models.internal",),
        allowed_origins=("https://app.example",),
        api_key=KEY,
        max_body_bytes=4096,
    )
    app = create_app(pool, tokenizer, max_tokens=16, max_batch=1, wait_ms=1, max_queue=3, guard=guard)
    with uvicorn_in_thread(app) as (port, thread):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120, headers=AUTH) as client:
            yield client, app.state.t2l, port, thread


def _body(description="Answer with one word.", **extra):
    return {"model": "t2l", "description": description, "messages": MSG, "max_tokens": 4, **extra}


def _raw(port, request: bytes) -> bytes:
    """Send bytes on a fresh connection; the reply's bytes until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(request)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out


def _post_head(port, length, *, extra=""):
    return (
        f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {KEY}\r\nContent-Type: application/json\r\n{extra}"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()


def _openai_error(r, status, code):
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    assert error["code"] == code
    return error


# --- body size ------------------------------------------------------------------------------------------
def test_a_body_announced_over_the_cap_gets_413_before_it_is_sent(guarded):
    _, _, port, _ = guarded
    reply = _raw(port, _post_head(port, 10**9) + b'{"model": ')  # 1 GB announced, 10 bytes sent
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    error = json.loads(body)["error"]
    assert error["code"] == "request_too_large" and "4096" in error["message"]


def test_a_streamed_body_over_the_cap_gets_413(guarded):
    client, server, _, _ = guarded
    chunks = (b" " * 1024 for _ in range(64))  # chunked: no Content-Length to check
    r = client.post("/v1/chat/completions", content=chunks, headers={"content-type": "application/json"})
    _openai_error(r, 413, "request_too_large")
    assert server.scheduler.queued == 0


def test_a_prompt_longer_than_the_context_gets_400_with_the_lengths(guarded):
    client, server, _, _ = guarded
    long = " ".join(["red"] * 40)  # about 90 tokens; the tiny model's context is 64
    r = client.post("/v1/chat/completions", json=_body(messages=[{"role": "user", "content": long}]))
    error = _openai_error(r, 400, "context_length_exceeded")
    assert error["param"] == "messages" and "64" in error["message"] and "max_tokens is 4" in error["message"]
    assert not server.pool.adapters  # nothing was generated for it


def test_prompts_are_tokenized_off_the_event_loop(guarded):
    client, server, _, loop_thread = guarded
    seen = []
    tokenizer = server.tokenizer

    class Recording:  # the real tokenizer, noting the thread that calls it
        def __getattr__(self, name):
            if name == "apply_chat_template":
                seen.append(threading.current_thread())
            return getattr(tokenizer, name)

    server.tokenizer = Recording()
    try:
        r = client.post("/v1/chat/completions", json=_body())
    finally:
        server.tokenizer = tokenizer
    assert r.status_code == 200, r.text
    assert seen and loop_thread not in seen


# --- queue and cancellation -----------------------------------------------------------------------------
def _wait_until(condition, what):
    for _ in range(6000):  # a bound, not a timing check
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"never happened: {what}")


def _busy_then(server, first, then):
    """With the model busy (its pool locked): ``first()`` until the scheduler took it into a batch, then
    ``then()``; the lock is released after ``then`` returns."""
    scheduler = server.scheduler
    n = scheduler.submitted
    server.pool._lock.acquire()
    try:
        first()
        _wait_until(lambda: scheduler.submitted == n + 1 and scheduler.queued == 0, "the first one taken")
        return then()
    finally:
        server.pool._lock.release()


def test_past_max_queue_new_requests_get_429_with_retry_after(guarded):
    client, server, _, _ = guarded
    scheduler = server.scheduler
    with ThreadPoolExecutor(4) as ex:
        sent = []

        def send(i):
            sent.append(ex.submit(client.post, "/v1/chat/completions", json=_body(f"Task {i}.")))

        def three_more_then_one_too_many():
            for i in range(1, 4):
                send(i)
            _wait_until(lambda: scheduler.queued == 3, "one request running, three waiting")
            return client.post("/v1/chat/completions", json=_body("One too many."))

        r = _busy_then(server, lambda: send(0), three_more_then_one_too_many)
        assert [f.result().status_code for f in sent] == [200] * 4
    error = _openai_error(r, 429, "server_busy")
    assert r.headers["retry-after"] == "1" and "--max-queue 3" in error["message"]


def test_clients_that_leave_cancel_their_requests(guarded):
    client, server, port, _ = guarded
    scheduler = server.scheduler
    before_batches, before = len(scheduler.batch_sizes), dict(scheduler.cancelled)
    stream = json.dumps(_body("Leave early.", stream=True, max_tokens=16)).encode()
    plain = json.dumps(_body("Leave early too.", max_tokens=16)).encode()
    sockets = []

    def send(body):
        sockets.append(socket.create_connection(("127.0.0.1", port), timeout=60))
        sockets[-1].sendall(_post_head(port, len(body)) + body)

    def two_more_then_leave():
        send(stream)
        send(plain)
        _wait_until(lambda: scheduler.queued == 2, "one request in a batch, two waiting")
        for s in sockets:  # the clients go away
            s.close()
        _wait_until(lambda: scheduler.cancelled["requests"] == before["requests"] + 3, "all three cancelled")

    _busy_then(server, lambda: send(stream), two_more_then_leave)
    r = client.post("/v1/chat/completions", json=_body("Stay.", max_tokens=4))
    assert r.status_code == 200, r.text
    assert scheduler.batch_sizes[before_batches:] == [1]  # only the new request was decoded
    assert scheduler.cancelled["dropped"] == before["dropped"] + 3


def test_a_row_cancelled_while_decoding_stops_at_the_next_step(tiny_base):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.adapters.ids import adapter_id
    from hf_t2l.chat import pad_token_id
    from hf_t2l.serving.batching import BatchScheduler

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    pool = AdapterPool(model, make_hypernetwork(model.config), max_adapters=2)
    prompt = tokenizer("red green blue")["input_ids"]
    ask = {"prompt_ids": prompt, "max_tokens": 12}
    red, blue = (
        dict(key=adapter_id(pool.hypernetwork, d), description=d, **ask) for d in ("Say red.", "Say blue.")
    )

    def scheduler():  # no stop token: every row would decode all of its max_tokens
        return BatchScheduler(pool, pad_id=pad_token_id(tokenizer), stop_ids={10**6}, max_batch=4)

    alone_s = scheduler()
    alone = alone_s.submit(**red)
    alone_s.start()
    want = alone.result(timeout=120).token_ids
    alone_s.stop()
    assert len(want) == 12
    together = scheduler()
    leaving = together.submit(**blue, on_token=lambda t: leaving.cancel())  # leaves after its first token
    staying = together.submit(**red)
    together.start()  # both were queued before: one batch of two rows
    try:
        assert staying.result(timeout=120).token_ids == want
    finally:
        together.stop()
    assert leaving.cancelled() and together.batch_sizes == [2]
    assert together.cancelled["stopped"] == 1 and together.cancelled["stopped_tokens"] == 1


# --- Host, Origin, API key ------------------------------------------------------------------------------
def test_a_web_page_on_another_name_cannot_drive_the_server(guarded):
    client, server, port, _ = guarded
    loaded = list(server.pool.adapters)
    attack = {"host": "attacker.example", "origin": "http://attacker.example", "content-type": "text/plain"}
    r = client.post("/v1/chat/completions", content=json.dumps(_body("Rebound.")), headers=attack)
    _openai_error(r, 403, "host_not_allowed")
    r = client.post(
        "/v1/chat/completions", json=_body("Cross-site."), headers={"origin": "https://evil.example"}
    )
    _openai_error(r, 403, "origin_not_allowed")
    assert server.pool.adapters == loaded  # nothing was generated
    for host in (f"localhost:{port}", f"[::1]:{port}", "models.internal", "MODELS.internal.:80"):
        assert client.get("/v1/models", headers={"host": host}).status_code == 200, host


def test_an_allowed_origin_gets_cors_headers_and_a_preflight(guarded):
    client, _, port, _ = guarded
    origin = {"origin": "https://app.example"}
    r = client.get("/v1/models", headers=origin)
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://app.example"
    preflight = {
        **origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
    }
    r = httpx.options(
        f"http://127.0.0.1:{port}/v1/chat/completions", headers=preflight
    )  # no key: browsers send none
    assert r.status_code == 200 and "POST" in r.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    "auth", [None, "Bearer wrong", f"Basic {KEY}", f"Bearer {KEY}x", "Bearer", f"bearer {KEY[:-1]}"]
)
def test_without_the_api_key_requests_get_401(guarded, auth):
    client, _, port, _ = guarded
    headers = {} if auth is None else {"authorization": auth}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as bare:
        for r in (
            bare.get("/v1/models", headers=headers),
            bare.post("/v1/chat/completions", json=_body(), headers=headers),
        ):
            error = _openai_error(r, 401, "invalid_api_key")
            assert KEY not in r.text and "Authorization: Bearer" in error["message"]
    assert client.get("/v1/models").status_code == 200  # with the key


def test_host_rules():
    from hf_t2l.serving.guard import ServeGuard

    local, wild, anyhost = ServeGuard(), ServeGuard(bind_host="0.0.0.0"), ServeGuard(allowed_hosts=("*",))
    assert local.host_allowed("127.0.0.1:8000") and local.host_allowed(None)
    assert not local.host_allowed("192.168.1.5:8000") and not local.host_allowed("localhost.attacker.example")
    assert wild.host_allowed("192.168.1.5:8000") and wild.host_allowed("[fe80::1]:8000")
    assert not wild.host_allowed("attacker.example:8000")  # DNS rebinding needs a name
    assert anyhost.host_allowed("attacker.example")
    assert not local.origin_allowed("null") and ServeGuard(allowed_origins=("*",)).origin_allowed("null")
