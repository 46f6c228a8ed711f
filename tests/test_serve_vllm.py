"""`hf-t2l serve --engine vllm`: real uvicorn servers on 127.0.0.1, real httpx clients, tiny models.

vLLM itself needs CUDA and cannot be installed where these tests run, so the vLLM side is a stand-in
(:func:`vllm_stand_in`) that implements vLLM's two endpoints the engine uses, as vLLM documents them,
and really loads every adapter folder it is given with ``PeftModel.from_pretrained``.
"""

from __future__ import annotations

import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
from conftest import _free_port, make_hypernetwork
from test_serve import BAD

from hf_t2l.adapter_cache import AdapterCache
from hf_t2l.adapter_id import adapter_id
from hf_t2l.errors import InvalidConfigError

DESCS = [f"Answer task number {i} with one word." for i in (0, 1, 4, 5, 7, 2)]  # non-empty answers to PROMPT
PROMPT = "cat dog one two"


def vllm_stand_in(base_folder, *, api_key=None, runtime_updates=True):
    """A stand-in for a vLLM server (NOT vLLM) started with ``--enable-lora`` and, when
    ``runtime_updates``, ``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``; ``api_key`` as ``--api-key``.

    - ``POST /v1/load_lora_adapter`` ``{"lora_name", "lora_path"}``: loads the folder with
      ``PeftModel.from_pretrained`` on the base model; 200 with a plain-text success line; a name
      already loaded gets vLLM's 400 ``"The lora adapter '<name>' has already been loaded."``.
    - ``POST /v1/chat/completions`` with ``model`` = a loaded adapter's name: greedy decoding with that
      adapter (chat template applied), as a ``chat.completion`` or as server-sent chunks ending in
      ``data: [DONE]``; an unknown model gets vLLM's 404 ``"The model `<name>` does not exist."``.
    Errors have vLLM's body ``{"error": {"message", "type", "param", "code"}}``.
    """
    import torch
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.chat import pad_token_id

    tokenizer = AutoTokenizer.from_pretrained(base_folder)
    app = FastAPI()
    state = app.state
    state.models, state.load_attempts, state.calls = {}, [], []
    lock = threading.Lock()

    def error(message, kind, status):
        body = {"error": {"message": message, "type": kind, "param": None, "code": status}}
        return JSONResponse(body, status_code=status)

    @app.middleware("http")
    async def check_key(request: Request, call_next):
        state.calls.append(request.url.path)
        if api_key is not None and request.headers.get("authorization") != f"Bearer {api_key}":
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        return await call_next(request)

    if runtime_updates:

        @app.post("/v1/load_lora_adapter")
        def load(body: dict):
            name, path = body.get("lora_name"), body.get("lora_path")
            if not name or not path:
                return error("Both 'lora_name' and 'lora_path' must be provided.", "InvalidUserInput", 400)
            with lock:
                state.load_attempts.append((name, path))
                if name in state.models:
                    return error(
                        f"The lora adapter '{name}' has already been loaded.", "InvalidUserInput", 400
                    )
                base = AutoModelForCausalLM.from_pretrained(base_folder)
                state.models[name] = PeftModel.from_pretrained(base, path).eval()
            return PlainTextResponse(f"Success: LoRA adapter '{name}' added successfully.")

    def decode(model, body):
        messages = body["messages"]
        ids = tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=True, return_dict=False
        )
        with torch.no_grad():
            out = model.generate(
                input_ids=torch.tensor([list(ids)]),
                max_new_tokens=body["max_tokens"],
                do_sample=False,
                pad_token_id=pad_token_id(tokenizer),
            )
        return out[0, len(ids) :].tolist()

    @app.post("/v1/chat/completions")
    def chat(body: dict):
        model = state.models.get(body.get("model"))
        if model is None:
            return error(f"The model `{body.get('model')}` does not exist.", "NotFoundError", 404)
        new = decode(model, body)
        text = tokenizer.decode(new, skip_special_tokens=True)
        head = {"id": "chatcmpl-standin", "created": 0, "model": body["model"]}
        if not body.get("stream"):
            choice = {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            return {**head, "object": "chat.completion", "choices": [choice], "usage": {}}

        def events():
            def chunk(delta, finish=None):
                choice = {"index": 0, "delta": delta, "finish_reason": finish}
                event = {**head, "object": "chat.completion.chunk", "choices": [choice]}
                return f"data: {json.dumps(event)}\n\n"

            yield chunk({"role": "assistant", "content": ""})
            sent = ""
            for i in range(len(new)):
                now = tokenizer.decode(new[: i + 1], skip_special_tokens=True)
                if len(now) > len(sent):
                    yield chunk({"content": now[len(sent) :]})
                    sent = now
            yield chunk({}, "stop")
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@contextmanager
def running(app):
    """Serve ``app`` with uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def t2l_server(t2l, vllm_url, cache_root, **options):
    """Our server with the vLLM engine, and an httpx client to it."""
    from hf_t2l.serve_vllm import VLLMForwarder, create_vllm_app

    forwarder = VLLMForwarder(t2l, vllm_url=vllm_url, cache=AdapterCache(cache_root), **options)
    with (
        running(create_vllm_app(forwarder, max_tokens=8)) as url,
        httpx.Client(base_url=url, timeout=120) as c,
    ):
        yield c, forwarder


@pytest.fixture(scope="module")
def setup(tiny_base, tmp_path_factory):
    from transformers import AutoConfig

    t2l = make_hypernetwork(AutoConfig.from_pretrained(tiny_base))
    vllm = vllm_stand_in(tiny_base)
    cache = tmp_path_factory.mktemp("adapters")
    with running(vllm) as vllm_url, t2l_server(t2l, vllm_url, cache) as (client, forwarder):
        yield {
            "client": client,
            "forwarder": forwarder,
            "vllm": vllm.state,
            "vllm_url": vllm_url,
            "t2l": t2l,
            "base": tiny_base,
            "cache": cache,
        }


def ask(client, description=None, *, model="t2l", content=PROMPT, **extra):
    body = {"model": model, "messages": [{"role": "user", "content": content}], "max_tokens": 8, **extra}
    if description is not None:
        body["description"] = description
    return client.post("/v1/chat/completions", json=body)


def text(response):
    assert response.status_code == 200, response.text
    return response.json()["choices"][0]["message"]["content"]


def direct_answer(s, description):
    """The answer of the description's adapter run in this process, without any server."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.chat import greedy_answer

    base = AutoModelForCausalLM.from_pretrained(s["base"]).eval()
    model = PeftModel.from_description(base, description, hypernetwork=s["t2l"])
    return greedy_answer(model, AutoTokenizer.from_pretrained(s["base"]), [PROMPT], max_new_tokens=8)[0]


def test_two_users_get_the_answers_of_their_own_adapters(setup):
    want = [direct_answer(setup, d) for d in DESCS[:2]]
    assert want[0] != want[1] and all(want)  # different adapters answer differently: a mix-up would show
    barrier = threading.Barrier(2)

    def user(i):
        barrier.wait()
        return ask(setup["client"], DESCS[i])

    with ThreadPoolExecutor(2) as ex:
        replies = list(ex.map(user, range(2)))
    assert [text(r).strip() for r in replies] == want
    for reply, description in zip(replies, DESCS[:2]):
        aid = adapter_id(setup["t2l"], description)
        assert reply.json()["model"] == "t2l" and reply.json()["adapter_id"] == aid
        assert aid in setup["vllm"].models  # vLLM answered with the adapter loaded under its id


def test_an_adapter_is_loaded_into_vllm_once(setup):
    client, vllm = setup["client"], setup["vllm"]
    aid = adapter_id(setup["t2l"], DESCS[2])
    first = text(ask(client, DESCS[2]))
    again = [text(ask(client, DESCS[2])) for _ in range(2)] + [text(ask(client, model=aid))]
    assert again == [first] * 3
    assert [path for name, path in vllm.load_attempts if name == aid] == [
        str((setup["cache"] / aid).resolve())
    ]
    listed = [m["id"] for m in client.get("/v1/models").json()["data"]]
    assert listed[0] == "t2l" and aid in listed


def test_streaming_passes_vllm_events_through(setup):
    client = setup["client"]
    want = text(ask(client, DESCS[3]))
    assert want  # the deltas below carry text
    body = {
        "model": "t2l",
        "description": DESCS[3],
        "max_tokens": 8,
        "stream": True,
        "messages": [{"role": "user", "content": PROMPT}],
    }
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [line[len("data: ") :] for line in r.iter_lines() if line.startswith("data: ")]
    assert events[-1] == "[DONE]"
    chunks = [json.loads(e) for e in events[:-1]]
    assert len(chunks) >= 3 and chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks) == want
    aid = adapter_id(setup["t2l"], DESCS[3])
    assert all(c["model"] == "t2l" and c["adapter_id"] == aid for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize(("body", "param"), BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_bad_requests_get_400s_without_calling_vllm(setup, body, param):
    calls, loaded = list(setup["vllm"].calls), set(setup["forwarder"].loaded)
    r = setup["client"].post("/v1/chat/completions", json=body)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param and error["message"]
    assert setup["vllm"].calls == calls and setup["forwarder"].loaded == loaded


def test_vllm_down_gives_a_502_naming_its_url(setup, tmp_path):
    url = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    with t2l_server(setup["t2l"], url, setup["cache"], timeout_s=5) as (client, _):
        r = ask(client, DESCS[0])
    assert r.status_code == 502
    error = r.json()["error"]
    assert error["type"] == "server_error" and url in error["message"] and "unreachable" in error["message"]


def test_a_vllm_that_never_answers_gives_a_502_not_a_hang(setup):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections (the kernel does) but never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with t2l_server(setup["t2l"], url, setup["cache"], timeout_s=1) as (client, _):
            r = ask(client, DESCS[0])
    finally:
        listener.close()
    assert r.status_code == 502
    assert url in r.json()["error"]["message"] and "did not answer" in r.json()["error"]["message"]


def test_vllm_without_runtime_lora_loading_gives_a_502_that_says_how_to_start_it(setup):
    vllm = vllm_stand_in(setup["base"], runtime_updates=False)
    with running(vllm) as url, t2l_server(setup["t2l"], url, setup["cache"]) as (client, _):
        r = ask(client, DESCS[0])
    assert r.status_code == 502
    message = r.json()["error"]["message"]
    assert url in message and "HTTP 404" in message and "VLLM_ALLOW_RUNTIME_LORA_UPDATING=True" in message
    assert "/v1/chat/completions" not in vllm.state.calls


def test_an_adapter_vllm_already_has_is_used_as_it_is(setup):
    aid = adapter_id(setup["t2l"], DESCS[0])
    want = text(ask(setup["client"], DESCS[0]))  # loaded into vLLM by the first server
    with t2l_server(setup["t2l"], setup["vllm_url"], setup["cache"]) as (client, forwarder):
        assert text(ask(client, DESCS[0])) == want
    assert [name for name, _ in setup["vllm"].load_attempts].count(
        aid
    ) == 2  # the second got "already loaded"
    assert aid in forwarder.loaded


def test_a_restarted_vllm_gets_the_adapter_again(setup):
    client, vllm = setup["client"], setup["vllm"]
    aid = adapter_id(setup["t2l"], DESCS[4])
    want = text(ask(client, DESCS[4]))
    vllm.models.clear()  # as after a restart of vLLM: it knows no adapter
    assert text(ask(client, DESCS[4])) == want
    assert [name for name, _ in vllm.load_attempts].count(aid) == 2


def test_an_adapter_above_vllms_max_lora_rank_is_refused_before_loading(setup):
    calls = len(setup["vllm"].calls)
    with t2l_server(setup["t2l"], setup["vllm_url"], setup["cache"], max_lora_rank=1) as (client, _):
        r = ask(client, DESCS[5])
    assert r.status_code == 500
    assert "--max-lora-rank" in r.json()["error"]["message"]
    assert setup["vllm"].calls[calls:] == []


def test_adapter_dir_is_the_folder_vllm_reads(setup, tmp_path):
    shared = tmp_path / "shared"
    description = "Answer task number 6 with one word."  # an adapter the stand-in has not loaded yet
    with t2l_server(setup["t2l"], setup["vllm_url"], tmp_path / "cache", adapter_dir=shared) as (client, _):
        assert text(ask(client, description)).strip() == direct_answer(setup, description)
    aid = adapter_id(setup["t2l"], description)
    assert (aid, str((shared / aid).resolve())) in setup["vllm"].load_attempts
    assert aid in AdapterCache(tmp_path / "cache") and aid in AdapterCache(shared)


def test_api_key_is_read_from_the_named_variable_and_sent(setup, monkeypatch):
    from hf_t2l.serve_vllm import vllm_api_key

    key = "vllm-secret-key-123"
    vllm = vllm_stand_in(setup["base"], api_key=key)
    monkeypatch.setenv("MY_VLLM_KEY", key)
    with running(vllm) as url:
        with t2l_server(setup["t2l"], url, setup["cache"], api_key=vllm_api_key("MY_VLLM_KEY")) as (
            client,
            _,
        ):
            assert text(ask(client, DESCS[0]))
        with t2l_server(setup["t2l"], url, setup["cache"]) as (client, _):
            r = ask(client, DESCS[1])
    assert r.status_code == 502 and "HTTP 401" in r.json()["error"]["message"]
    monkeypatch.delenv("MY_VLLM_KEY")
    with pytest.raises(InvalidConfigError, match="MY_VLLM_KEY") as e:
        vllm_api_key("MY_VLLM_KEY")
    assert key not in str(e.value)


def test_cli_serve_engine_vllm_forwards_to_vllm(setup, tmp_path):
    import os
    import subprocess
    import sys
    import time

    setup["t2l"].save_pretrained(tmp_path / "t2l")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "hf_t2l.cli",
        "serve",
        "--engine",
        "vllm",
        "--vllm-url",
        setup["vllm_url"],
        "--hypernetwork",
        str(tmp_path / "t2l"),
        "--port",
        str(port),
        "--max-tokens",
        "8",
        "--cache-dir",
        str(tmp_path / "cache"),
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            for _ in range(600):  # until it listens (or exits)
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read())
                try:
                    client.get("/v1/models")
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            assert text(ask(client, DESCS[1])) == text(ask(setup["client"], DESCS[1]))
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    aid = adapter_id(setup["t2l"], DESCS[1])
    assert (aid, str((tmp_path / "cache" / aid).resolve())) in setup["vllm"].load_attempts


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--engine", "vllm", "--hypernetwork", "h"], "--vllm-url"),
        (["--hypernetwork", "h"], "--base"),
    ],
)
def test_cli_serve_names_the_missing_option(args, needle, capsys):
    from hf_t2l.cli import main

    assert main(["serve", *args]) == 2
    assert needle in capsys.readouterr().err
