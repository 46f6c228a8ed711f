"""The OpenAI-compatible server: real uvicorn on 127.0.0.1, real httpx clients and threads, tiny models."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from conftest import _free_port, make_hypernetwork, uvicorn_in_thread

from hf_t2l import AdapterPool
from hf_t2l.adapters.cache import AdapterCache
from hf_t2l.adapters.ids import adapter_id

DESCS = [f"Answer task number {i} with one word." for i in range(10)]
MAX_ADAPTERS = 3


@pytest.fixture(scope="module")
def served(tiny_base, tmp_path_factory):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.serving.server import create_app

    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    t2l = make_hypernetwork(model.config)
    cache = AdapterCache(tmp_path_factory.mktemp("adapters"))
    pool = AdapterPool(model, t2l, max_adapters=MAX_ADAPTERS, cache=cache)
    app = create_app(pool, tokenizer, max_tokens=8, max_batch=16, wait_ms=50)
    with uvicorn_in_thread(app) as (port, _):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            yield client, app.state.t2l, tiny_base, t2l


def _ask(client, description, content="red green blue", **extra):
    body = {
        "model": "t2l",
        "description": description,
        "messages": [{"role": "user", "content": content}],
        "max_tokens": 8,
        **extra,
    }
    r = client.post("/v1/chat/completions", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def _text(reply):
    return reply["choices"][0]["message"]["content"]


def test_answer_is_that_of_the_description_adapter_loaded_directly(served):
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.chat import greedy_answer

    client, _, folder, t2l = served
    reply = _ask(client, DESCS[0])
    model = PeftModel.from_description(
        AutoModelForCausalLM.from_pretrained(folder).eval(), DESCS[0], hypernetwork=t2l
    )
    tokenizer = AutoTokenizer.from_pretrained(folder)
    want = greedy_answer(model, tokenizer, ["red green blue"], max_new_tokens=8)[0]
    assert _text(reply).strip() == want and want
    assert reply["adapter_id"] == adapter_id(t2l, DESCS[0])
    assert reply["object"] == "chat.completion" and reply["choices"][0]["finish_reason"] in ("stop", "length")
    assert reply["usage"]["completion_tokens"] >= 1


def test_concurrent_users_get_answers_from_their_own_adapters(served):
    client, server, _, _ = served
    users = [(DESCS[i], content) for i in range(3) for content in ("red green blue", "cat dog one two")]
    alone = [_text(_ask(client, d, c)) for d, c in users]  # one at a time
    assert len(set(alone)) > 1  # the adapters answer differently, so a mix-up would show
    before = len(server.scheduler.batch_sizes)
    barrier = threading.Barrier(len(users))

    def user(i):
        barrier.wait()
        return _text(_ask(client, *users[i]))

    with ThreadPoolExecutor(len(users)) as ex:
        together = list(ex.map(user, range(len(users))))
    assert together == alone
    assert max(server.scheduler.batch_sizes[before:]) > 1  # they were answered in shared batches


def test_burst_of_50_requests_keeps_the_pool_bounded(served):
    client, server, _, _ = served
    with ThreadPoolExecutor(16) as ex:
        replies = list(ex.map(lambda i: _ask(client, DESCS[i % len(DESCS)]), range(50)))
    assert all(_text(r) is not None for r in replies)
    assert len({r["adapter_id"] for r in replies}) == len(DESCS)
    pool = server.pool
    slots = [n for n in pool.model.peft_config if n.startswith("t2l_slot_")]
    assert len(pool) <= MAX_ADAPTERS and len(slots) <= MAX_ADAPTERS


def test_adapter_id_as_model_and_models_list(served):
    client, _, _, _ = served
    first = _ask(client, DESCS[4])
    aid = first["adapter_id"]
    body = {"model": aid, "messages": [{"role": "user", "content": "red green blue"}], "max_tokens": 8}
    by_id = client.post("/v1/chat/completions", json=body).json()
    assert _text(by_id) == _text(first) and by_id["model"] == aid
    listed = [m["id"] for m in client.get("/v1/models").json()["data"]]
    assert listed[0] == "t2l" and aid in listed


def test_streaming_sends_the_same_answer_in_events(served):
    client, _, _, _ = served
    want = _text(_ask(client, DESCS[1]))
    body = {
        "model": "t2l",
        "description": DESCS[1],
        "max_tokens": 8,
        "stream": True,
        "messages": [{"role": "user", "content": "red green blue"}],
    }
    events = []
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        for line in r.iter_lines():
            if line.startswith("data: "):
                events.append(line[len("data: ") :])
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert all(c["object"] == "chat.completion.chunk" for c in chunks)
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == want
    assert chunks[-1]["choices"][0]["finish_reason"] in ("stop", "length")
    assert len(chunks) >= 3  # role, at least one delta, finish


MSG = [{"role": "user", "content": "red"}]
BAD = [
    ({"model": "t2l", "messages": MSG}, "description"),
    ({"model": "t2l", "description": "   ", "messages": MSG}, "description"),
    ({"model": "t2l", "description": 7, "messages": MSG}, "description"),
    ({"model": "t2l", "description": "Say hi.", "messages": []}, "messages"),
    ({"model": "t2l", "description": "Say hi.", "messages": "red"}, "messages"),
    (
        {"model": "t2l", "description": "Say hi.", "messages": [{"role": "robot", "content": "x"}]},
        "messages[0]",
    ),
    (
        {"model": "t2l", "description": "Say hi.", "messages": [{"role": "user", "content": 5}]},
        "messages[0].content",
    ),
    ({"model": "0" * 32, "messages": MSG}, "model"),
    ({"model": "gpt-4", "messages": MSG}, "model"),
    ({"model": 3, "messages": MSG}, "model"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": 0}, "max_tokens"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": -1}, "max_tokens"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": "5"}, "max_tokens"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": True}, "max_tokens"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": 10**6}, "max_tokens"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "stream": "yes"}, "stream"),
    ({"model": "t2l", "description": "Say hi.", "messages": MSG, "stream_options": True}, "stream_options"),
    (
        {"model": "t2l", "description": "Say hi.", "messages": MSG, "stream_options": {"include_usage": 1}},
        "stream_options.include_usage",
    ),
    ([1, 2], None),
]


@pytest.mark.parametrize(("body", "param"), BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_requests_get_openai_style_400s(served, body, param):
    client, server, _, _ = served
    loaded = list(server.pool.adapters)
    r = client.post("/v1/chat/completions", json=body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    assert error["param"] == param and error["message"]
    assert server.pool.adapters == loaded  # nothing was generated for a refused request


def test_a_body_that_is_not_json_gets_a_400(served):
    client, _, _, _ = served
    headers = {"content-type": "application/json"}
    r = client.post("/v1/chat/completions", content=b"{not json", headers=headers)
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("raw", [b"[" * 100_000, b'{"a":' * 50_000, b"[" * 2_000 + b"]" * 2_000])
def test_deeply_nested_json_gets_an_openai_style_400(served, raw):
    client, _, _, _ = served
    r = client.post("/v1/chat/completions", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["code"] == "invalid_json"


def test_the_defaults_refuse_a_2_mib_body_and_a_page_of_another_site(served):
    client, server, _, _ = served
    r = client.post(
        "/v1/chat/completions", content=b" " * (2 << 20), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    attack = {"host": "attacker.example", "origin": "http://attacker.example", "content-type": "text/plain"}
    body = json.dumps({"model": "t2l", "description": "Rebound.", "messages": MSG, "max_tokens": 2})
    r = client.post("/v1/chat/completions", content=body, headers=attack)
    assert r.status_code == 403 and r.json()["error"]["code"] == "host_not_allowed"
    r = client.post("/v1/chat/completions", content=body, headers={"origin": "http://attacker.example"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "origin_not_allowed"


def _events(client, body):
    with client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}) as r:
        assert r.status_code == 200
        data = [line[len("data: ") :] for line in r.iter_lines() if line.startswith("data: ")]
    assert data[-1] == "[DONE]"
    return [json.loads(e) for e in data[:-1]]


def test_description_warnings_reach_the_client(served):
    client, _, _, _ = served
    reply = _ask(client, "🙂🙂🙂")  # no letter or digit: the encoder sees nothing of the task
    assert [w["type"] for w in reply["warnings"]] == ["UninformativeDescriptionWarning"]
    assert "encoder sees nothing" in reply["warnings"][0]["message"]
    assert "warnings" not in _ask(client, DESCS[2])  # a plain description has none
    body = {"model": "t2l", "max_tokens": 4, "messages": [{"role": "user", "content": "red"}]}
    for description in ("🙂🙂🙂", "🎉🎉"):  # the same adapter again (from the pool), and a new one
        first = _events(client, {**body, "description": description})[0]
        assert first["choices"][0]["delta"]["role"] == "assistant"
        assert [w["type"] for w in first["warnings"]] == ["UninformativeDescriptionWarning"]


def test_stream_options_include_usage_ends_with_a_usage_chunk(served):
    client, _, _, _ = served
    body = {"model": "t2l", "description": DESCS[3], "max_tokens": 8, "messages": MSG}
    want = _ask(client, DESCS[3], content="red")["usage"]
    chunks = _events(client, {**body, "stream_options": {"include_usage": True}})
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"] == want
    assert chunks[-2]["choices"][0]["finish_reason"] in ("stop", "length")
    assert "usage" not in _events(client, body)[-1]  # only when asked for


def test_models_by_id(served):
    client, _, _, _ = served
    aid = _ask(client, DESCS[7])["adapter_id"]
    for model in ("t2l", aid):
        r = client.get(f"/v1/models/{model}")
        assert r.status_code == 200 and r.json()["id"] == model and r.json()["object"] == "model"
    for unknown in ("gpt-4", "0" * 32):
        r = client.get(f"/v1/models/{unknown}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "model_not_found"


def test_cli_serve_answers_on_its_port(tiny_base, tmp_path):
    import os
    import subprocess
    import sys
    import time

    from conftest import tiny_llama_config

    make_hypernetwork(tiny_llama_config()).save_pretrained(tmp_path / "t2l")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "hf_t2l.cli",
        "serve",
        "--base",
        str(tiny_base),
        "--hypernetwork",
        str(tmp_path / "t2l"),
        "--port",
        str(port),
        "--max-adapters",
        "2",
        "--max-tokens",
        "4",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--host",
        "0.0.0.0",  # beyond loopback without a key: one warning
    ]
    proc = subprocess.Popen(
        cmd,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):  # until it listens (or exits)
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read())
                try:
                    client.get("/v1/models")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            reply = _ask(client, "Say yes.", max_tokens=4)
            assert reply["usage"]["completion_tokens"] <= 4
            assert (tmp_path / "cache" / reply["adapter_id"]).is_dir()  # the adapter went to the disk cache
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    log = proc.stderr.read()
    assert "Base model loaded in float32" in log
    assert log.count("without an API key") == 1


def test_each_row_of_a_batch_keeps_its_own_max_tokens(served):
    client, server, _, _ = served
    full = _ask(client, DESCS[5], max_tokens=8)
    before = len(server.scheduler.batch_sizes)
    barrier = threading.Barrier(2)

    def user(n):
        barrier.wait()
        return _ask(client, DESCS[5] if n == 2 else DESCS[6], max_tokens=n)

    with ThreadPoolExecutor(2) as ex:
        short, long = ex.map(user, (2, 8))
    assert max(server.scheduler.batch_sizes[before:]) == 2
    assert short["usage"]["completion_tokens"] <= 2 and long["usage"]["completion_tokens"] <= 8
    ids_short = short["usage"]["completion_tokens"]
    if full["usage"]["completion_tokens"] >= 2:
        assert ids_short == 2 and short["choices"][0]["finish_reason"] == "length"
    assert _text(full).startswith(_text(short))


def test_serve_without_fastapi_names_the_extra_to_install():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['fastapi'] = None\n"  # as if FastAPI were not installed
        "import hf_t2l.cli as cli\n"
        "sys.exit(cli.main(['serve', '--base', 'b', '--hypernetwork', 'h']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    # the packages by name: works however hf_t2l was installed (a wheel, a checkout)
    assert "pip install 'fastapi>=" in proc.stderr and "'serve' extra" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_both_engines_refuse_the_same_unsupported_fields(served):
    """Same requests, same 400s: what --engine vllm refuses, the local engine refuses alike."""
    from test_serve_vllm import BAD_VALUES, UNSUPPORTED

    client, server, _, _ = served
    body = {"model": "t2l", "description": "Say hi.", "messages": MSG, "max_tokens": 2}
    for field, value in UNSUPPORTED.items():
        r = client.post("/v1/chat/completions", json={**body, field: value})
        assert r.status_code == 400, (field, r.text)
        error = r.json()["error"]
        assert error["param"] == field and error["code"] == "unsupported_parameter", error
    for extra, param in BAD_VALUES:
        r = client.post("/v1/chat/completions", json={**body, **extra})
        assert r.status_code == 400 and r.json()["error"]["param"] == param, (extra, r.text)
    # the local engine decodes greedily: sampling options are checked and ignored, `stop` is refused
    sampled = {"temperature": 0.7, "top_p": 0.9, "seed": 3, "presence_penalty": 0.5, "user": "u1"}
    r = client.post("/v1/chat/completions", json={**body, **sampled})
    assert r.status_code == 200, r.text
    r = client.post("/v1/chat/completions", json={**body, "stop": ["\n"]})
    assert r.status_code == 400 and r.json()["error"]["code"] == "unsupported_parameter"
