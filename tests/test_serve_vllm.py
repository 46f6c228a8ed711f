"""`hf-t2l serve --engine vllm`: real uvicorn servers on 127.0.0.1, real httpx clients, tiny models.

vLLM itself needs CUDA and cannot be installed where these tests run, so the vLLM side is a stand-in
(:func:`vllm_stand_in`) that implements vLLM's two endpoints the engine uses, as vLLM documents them,
and really loads every adapter folder it is given with ``PeftModel.from_pretrained``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
from conftest import _free_port, make_hypernetwork, uvicorn_in_thread
from test_serve import BAD

from hf_t2l.adapters.cache import AdapterCache
from hf_t2l.adapters.ids import adapter_id
from hf_t2l.errors import InvalidConfigError

DESCS = [f"Answer task number {i} with one word." for i in (0, 1, 4, 5, 7, 2)]  # non-empty answers to PROMPT
PROMPT = "cat dog one two"


def vllm_stand_in(base_folder, *, api_key=None, runtime_updates=True, basic_auth=None):
    """A stand-in for a vLLM server (NOT vLLM) started with ``--enable-lora`` and, when
    ``runtime_updates``, ``VLLM_ALLOW_RUNTIME_LORA_UPDATING=True``; ``api_key`` as ``--api-key``;
    ``basic_auth`` ``(user, password)`` as a proxy in front of vLLM that asks for HTTP Basic auth.
    Every chat request body it receives is recorded in ``state.bodies``.

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
    state.models, state.load_attempts, state.calls, state.bodies = {}, [], [], []
    lock = threading.Lock()

    def error(message, kind, status):
        body = {"error": {"message": message, "type": kind, "param": None, "code": status}}
        return JSONResponse(body, status_code=status)

    @app.middleware("http")
    async def check_key(request: Request, call_next):
        state.calls.append(request.url.path)
        if api_key is not None and request.headers.get("authorization") != f"Bearer {api_key}":
            return JSONResponse({"error": "Unauthorized"}, status_code=401)
        if basic_auth is not None:
            token = base64.b64encode(":".join(basic_auth).encode()).decode()
            if request.headers.get("authorization") != f"Basic {token}":
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
        state.bodies.append(body)
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
    with uvicorn_in_thread(app) as (port, _):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def t2l_server(t2l, vllm_url, cache_root, *, guard=None, **options):
    """Our server with the vLLM engine (``guard``: its request guard, None: the default one), and an
    httpx client to it."""
    from hf_t2l.serving.vllm_engine import VLLMForwarder, create_vllm_app

    forwarder = VLLMForwarder(t2l, vllm_url=vllm_url, cache=AdapterCache(cache_root), **options)
    with (
        running(create_vllm_app(forwarder, max_tokens=8, guard=guard)) as url,
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
    assert str(setup["cache"]) not in r.text  # the folder is named by its adapter id only
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
    from hf_t2l.serving.vllm_engine import vllm_api_key

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
        "--api-key",
        "cli-key-123",
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
            assert ask(client, DESCS[1]).status_code == 401  # the guard of --api-key is in front
            client.headers["Authorization"] = "Bearer cli-key-123"
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


# --- what reaches vLLM: an allow-list of checked fields ----------------------------------------------

UNSUPPORTED = {
    "chat_template": "{{ 'hi' }}",
    "chat_template_kwargs": {"enable_thinking": True},
    "lora_request": {"lora_name": "x", "lora_path": "/etc"},
    "best_of": 4,
    "prompt_logprobs": 5,
    "logit_bias": {"50256": -100},
    "priority": -10,
    "echo": True,
    "guided_json": {"type": "object"},
    "guided_regex": ".*",
    "tools": [{"type": "function", "function": {"name": "f"}}],
    "response_format": {"type": "json_object"},
    "logprobs": True,
    "add_generation_prompt": False,
    "some_unknown_key": 1,
}


@pytest.mark.parametrize("field", sorted(UNSUPPORTED))
def test_unsupported_fields_get_the_400_and_never_reach_vllm(setup, field):
    calls = list(setup["vllm"].calls)
    r = ask(setup["client"], DESCS[0], **{field: UNSUPPORTED[field]})
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["type"] == "invalid_request_error"
    assert error["param"] == field and error["code"] == "unsupported_parameter" and field in error["message"]
    assert setup["vllm"].calls == calls


BAD_VALUES = [
    ({"temperature": -1}, "temperature"),
    ({"temperature": "hot"}, "temperature"),
    ({"temperature": True}, "temperature"),
    ({"top_p": 0}, "top_p"),
    ({"top_p": 1.5}, "top_p"),
    ({"presence_penalty": 3}, "presence_penalty"),
    ({"frequency_penalty": [1]}, "frequency_penalty"),
    ({"seed": "7"}, "seed"),
    ({"seed": 2**64}, "seed"),
    ({"stop": 3}, "stop"),
    ({"stop": ["a", "b", "c", "d", "e"]}, "stop"),
    ({"stop": [""]}, "stop"),
    ({"stream_options": {"include_usage": True}}, "stream_options"),  # without "stream": true
    ({"stream": True, "stream_options": {"chat_template": "x"}}, "stream_options"),
    ({"stream": True, "stream_options": {"include_usage": "yes"}}, "stream_options.include_usage"),
    ({"user": 5}, "user"),
]


@pytest.mark.parametrize(("extra", "param"), BAD_VALUES, ids=[f"bad{i}" for i in range(len(BAD_VALUES))])
def test_bad_values_of_forwarded_fields_get_400s_without_calling_vllm(setup, extra, param):
    calls = list(setup["vllm"].calls)
    r = ask(setup["client"], DESCS[0], **extra)
    assert r.status_code == 400, r.text
    error = r.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param and error["message"]
    assert setup["vllm"].calls == calls


def test_vllm_gets_only_the_checked_fields(setup):
    vllm = setup["vllm"]
    body = {
        "model": "t2l",
        "description": DESCS[0],
        "messages": [
            {
                "role": "system",
                "content": [{"type": "text", "text": "Be "}, {"type": "text", "text": "brief."}],
            },
            {"role": "user", "content": PROMPT, "name": "mallory", "tool_calls": [{"id": "x"}]},
        ],
        "max_completion_tokens": 4,
        "temperature": 0,
        "top_p": 1,
        "presence_penalty": 0,
        "seed": 7,
        "stop": ["zzz"],
        "user": "someone",
        "n": 1,
        "logit_bias": None,  # null asks for nothing: accepted, not sent
    }
    r = setup["client"].post("/v1/chat/completions", json=body)
    assert r.status_code == 200, r.text
    sent = vllm.bodies[-1]
    assert sent == {
        "model": adapter_id(setup["t2l"], DESCS[0]),
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": PROMPT}],
        "max_tokens": 4,
        "stream": False,
        "temperature": 0,
        "top_p": 1,
        "presence_penalty": 0,
        "seed": 7,
        "stop": ["zzz"],
    }


# --- credentials and vLLM's own words stay on this server ---------------------------------------------


def test_credentials_in_the_vllm_url_are_used_but_never_shown(setup, caplog):
    from hf_t2l.serving.vllm_engine import VLLMForwarder

    user, password = "alice", "hunter2-very-secret"
    caplog.set_level(logging.DEBUG)  # every logger, httpx's request lines included
    vllm = vllm_stand_in(setup["base"], basic_auth=(user, password))
    with running(vllm) as url:
        with t2l_server(setup["t2l"], url.replace("//", f"//{user}:{password}@"), setup["cache"]) as (c, _):
            assert text(ask(c, DESCS[0]))  # the credentials reached the server behind the URL
        wrong = url.replace("//", f"//{user}:wrong-{password}@")
        with t2l_server(setup["t2l"], wrong, setup["cache"]) as (c, _):
            refused = ask(c, DESCS[0])
    down = f"http://{user}:{password}@127.0.0.1:{_free_port()}"  # nothing listens there
    with t2l_server(setup["t2l"], down, setup["cache"], timeout_s=5) as (c, _):
        unreachable = ask(c, DESCS[0])
    assert refused.status_code == 502 and "HTTP 401" in refused.json()["error"]["message"]
    assert unreachable.status_code == 502
    assert down.replace(f"{user}:{password}", "***") in unreachable.json()["error"]["message"]
    with pytest.raises(InvalidConfigError) as bad_url:
        VLLMForwarder(setup["t2l"], vllm_url=f"ftp://{user}:{password}@h", cache=AdapterCache(setup["cache"]))
    with pytest.raises(InvalidConfigError, match="give one of them") as both:  # both are Authorization
        VLLMForwarder(setup["t2l"], vllm_url=down, cache=AdapterCache(setup["cache"]), api_key="k")
    shown_texts = (refused.text, unreachable.text, str(bad_url.value), str(both.value))
    for shown in (*shown_texts, *(r.getMessage() for r in caplog.records)):
        assert password not in shown


def hostile_vllm(chat_reply, load_reply=None):
    """A stand-in for a vLLM server that misbehaves (or something else listening at its URL): adapters
    "load" (200, or ``load_reply``), and every chat completion gets ``chat_reply(body)``."""
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    app = FastAPI()
    app.state.bodies = []

    @app.post("/v1/load_lora_adapter")
    def load(body: dict):
        return load_reply if load_reply is not None else PlainTextResponse("Success: LoRA adapter added.")

    @app.post("/v1/chat/completions")
    def chat(body: dict):
        app.state.bodies.append(body)
        return chat_reply(body)

    return app


@contextmanager
def hostile(setup, chat_reply, load_reply=None, **options):
    with (
        running(hostile_vllm(chat_reply, load_reply)) as url,
        t2l_server(setup["t2l"], url, setup["cache"], **options) as (client, _),
    ):
        yield client, url


def _vllm_error(message, status):
    from fastapi.responses import JSONResponse

    body = {"error": {"message": message, "type": "BadRequestError", "param": None, "code": status}}
    return JSONResponse(body, status_code=status)


@pytest.mark.parametrize("refused", ["loading", "chat"])
def test_vllms_error_text_and_folders_stay_out_of_the_reply(setup, refused):
    vllm_text = "Loading lora failed: no adapter found at /srv/vllm-private/adapters/x"
    error = _vllm_error(vllm_text, 500)
    load_reply, chat_reply = (error, None) if refused == "loading" else (None, lambda body: error)
    with hostile(setup, chat_reply, load_reply) as (client, url):
        r = ask(client, DESCS[0])
    assert r.status_code == 502
    message = r.json()["error"]["message"]
    assert url in message and "HTTP 500" in message
    assert "/srv/vllm-private" not in r.text and "Loading lora failed" not in r.text
    assert str(setup["cache"]) not in r.text


# --- one deadline per call; capped and checked replies ----------------------------------------------

CHAT_COMPLETION = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}}]}


def _chunk(content):
    choice = {"index": 0, "delta": {"content": content}, "finish_reason": None}
    return f"data: {json.dumps({'object': 'chat.completion.chunk', 'choices': [choice]})}\n\n"


def _streamed(parts, *, pause=0.0, media_type="text/event-stream"):
    """A reply that sends ``parts`` one after another, ``pause`` seconds apart."""
    from fastapi.responses import StreamingResponse

    async def send():
        for part in parts:
            if pause:
                await asyncio.sleep(pause)
            yield part

    return lambda body: StreamingResponse(send(), media_type=media_type)


def _events_of(client, **extra):
    body = {"model": "t2l", "description": DESCS[0], "stream": True, "max_tokens": 8, **extra}
    body["messages"] = [{"role": "user", "content": PROMPT}]
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        assert r.status_code == 200
        raw = r.read().decode()
    return raw, [line[len("data: ") :] for line in raw.splitlines() if line.startswith("data: ")]


def test_a_vllm_that_trickles_a_reply_is_cut_off_at_the_timeout_in_total(setup):
    reply = [bytes([b]) for b in b" " * 8 + json.dumps({"choices": []}).encode()]  # 24 bytes, 0.2 s apart
    with hostile(setup, _streamed(reply, pause=0.2, media_type="application/json"), timeout_s=1) as (c, url):
        r = ask(c, DESCS[0])
    assert r.status_code == 502, r.text  # each byte came well within 1 s; all of them did not
    assert url in r.json()["error"]["message"] and "did not answer" in r.json()["error"]["message"]


def test_a_vllm_that_trickles_a_stream_is_cut_off_at_the_timeout_in_total(setup):
    parts = [_chunk("a")] * 12 + ["data: [DONE]\n\n"]  # one event each 0.3 s
    with hostile(setup, _streamed(parts, pause=0.3), timeout_s=1) as (client, _):
        _, events = _events_of(client)
    assert events[-1] == "[DONE]" and events.count("[DONE]") == 1
    error = json.loads(events[-2])["error"]
    assert error["type"] == "server_error" and "did not finish the stream within 1 s" in error["message"]
    assert len(events) < 12


def test_replies_past_the_size_cap_are_refused(setup):
    big = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "x" * 5000}}]}
    with hostile(setup, lambda body: big, max_reply_bytes=2000) as (client, url):
        r = ask(client, DESCS[0])
    assert r.status_code == 502 and "larger than 2000 bytes" in r.json()["error"]["message"]
    with hostile(setup, _streamed([_chunk("y" * 5000), "data: [DONE]\n\n"]), max_reply_bytes=2000) as (c, _):
        raw, events = _events_of(c)
    assert "y" * 100 not in raw and events[-1] == "[DONE]"
    assert "--vllm-max-reply-bytes" in json.loads(events[-2])["error"]["message"]
    with hostile(setup, lambda body: CHAT_COMPLETION, max_reply_bytes=2000) as (client, _):
        assert text(ask(client, DESCS[0])) == "hi"  # under the cap: answered


NOT_COMPLETIONS = {
    "list": [1, 2],
    "string": "hello",
    "no-choices": {"object": "error", "message": "/srv/vllm-private"},
    "deeply-nested": "[" * 100_000 + "]" * 100_000,
    "plain-text": None,
}


@pytest.mark.parametrize("kind", sorted(NOT_COMPLETIONS))
def test_a_reply_that_is_not_a_chat_completion_is_a_json_502(setup, kind):
    from fastapi.responses import PlainTextResponse, Response

    value = NOT_COMPLETIONS[kind]
    if kind == "plain-text":
        reply = PlainTextResponse("Internal error at /srv/vllm-private")
    elif kind == "deeply-nested":
        reply = Response(value, media_type="application/json")
    else:
        reply = Response(json.dumps(value), media_type="application/json")
    with hostile(setup, lambda body: reply) as (client, url):
        r = ask(client, DESCS[0])
    assert r.status_code == 502 and r.headers["content-type"] == "application/json"
    error = r.json()["error"]
    assert error["type"] == "server_error" and url in error["message"] and "/srv/vllm-private" not in r.text


BAD_STREAMS = {
    "not-json-line": [_chunk("hi"), "data: not json\n\n", _chunk("more"), "data: [DONE]\n\n"],
    "vllm-error-event": [_chunk("hi"), 'data: {"error": {"message": "at /srv/vllm-private"}}\n\n'],
    "no-done": [_chunk("hi")],
    "list-event": [_chunk("hi"), "data: [1, 2]\n\n", "data: [DONE]\n\n"],
}


@pytest.mark.parametrize("kind", sorted(BAD_STREAMS))
def test_a_stream_event_that_is_not_a_chunk_ends_the_stream_with_an_error_event(setup, kind):
    with hostile(setup, _streamed(BAD_STREAMS[kind])) as (client, _):
        raw, events = _events_of(client)
    assert events[-1] == "[DONE]" and events.count("[DONE]") == 1
    assert json.loads(events[0])["choices"][0]["delta"]["content"] == "hi"
    assert json.loads(events[0])["adapter_id"] == adapter_id(setup["t2l"], DESCS[0])
    assert json.loads(events[-2])["error"]["type"] == "server_error" and len(events) == 3
    assert "not json" not in raw and "more" not in raw and "/srv/vllm-private" not in raw


def test_nothing_after_done_is_passed_on(setup):
    parts = [_chunk("hi"), "data: [DONE]\n\n", _chunk("after"), "data: not json\n\n"]
    with hostile(setup, _streamed(parts)) as (client, _):
        raw, events = _events_of(client)
    assert events == [events[0], "[DONE]"] and "after" not in raw and "not json" not in raw


# --- the request guard of both engines --------------------------------------------------------------


def test_a_web_page_of_another_site_cannot_drive_the_server(setup):
    calls = list(setup["vllm"].calls)
    body = json.dumps(
        {"model": "t2l", "description": DESCS[0], "messages": [{"role": "user", "content": "hi"}]}
    )
    evil = {"Origin": "http://attacker.example", "Content-Type": "text/plain"}
    rebound = setup["client"].post(
        "/v1/chat/completions", content=body, headers={**evil, "Host": "attacker.example"}
    )
    cross_site = setup["client"].post("/v1/chat/completions", content=body, headers=evil)
    assert rebound.status_code == 403 and rebound.json()["error"]["code"] == "host_not_allowed"
    assert cross_site.status_code == 403 and cross_site.json()["error"]["code"] == "origin_not_allowed"
    assert setup["vllm"].calls == calls


def test_an_api_key_is_required_when_set(setup):
    from hf_t2l.serving.guard import ServeGuard

    key = "serve-key-456"
    with t2l_server(setup["t2l"], setup["vllm_url"], setup["cache"], guard=ServeGuard(api_key=key)) as (c, _):
        missing, listed = ask(c, DESCS[0]), c.get("/v1/models")
        c.headers["Authorization"] = "Bearer wrong-key"
        wrong = ask(c, DESCS[0])
        c.headers["Authorization"] = f"Bearer {key}"
        right = ask(c, DESCS[0])
    assert [missing.status_code, listed.status_code, wrong.status_code] == [401, 401, 401]
    assert missing.json()["error"]["code"] == "invalid_api_key" and key not in wrong.text
    assert text(right)


def test_a_body_over_the_cap_gets_a_413(setup):
    calls = list(setup["vllm"].calls)
    r = ask(setup["client"], DESCS[0], content="word " * 220_000)  # 1.1 MB: over the default 1 MiB
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    assert setup["vllm"].calls == calls


@pytest.mark.parametrize("depth", [990, 100_000])
def test_deeply_nested_json_gets_the_openai_400(setup, depth):
    nested = "[" * depth + "]" * depth
    raw = f'{{"model": "t2l", "messages": [{{"role": "user", "content": "hi"}}], "description": {nested}}}'
    r = setup["client"].post(
        "/v1/chat/completions", content=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400, r.text
    assert r.json()["error"]["type"] == "invalid_request_error"


# --- what is read from the adapter cache is checked; failures are JSON bodies naming no folder -------


def test_an_unwritable_adapter_dir_gives_a_503_naming_no_folder(setup, tmp_path):
    not_a_folder = tmp_path / "adapters-file"
    not_a_folder.write_text("a file where the adapter folder should be")
    description = "Answer task number 8 with one word."
    with t2l_server(setup["t2l"], setup["vllm_url"], tmp_path / "cache", adapter_dir=not_a_folder) as (c, _):
        r = ask(c, description)
    assert r.status_code == 503, r.text
    error = r.json()["error"]
    assert (
        error["code"] == "adapter_dir_unavailable"
        and adapter_id(setup["t2l"], description) in error["message"]
    )
    assert str(tmp_path) not in r.text and "adapters-file" not in r.text


def _tamper(folder, how):
    from safetensors import safe_open
    from safetensors.torch import save_file

    if how == "alpha":
        config = json.loads((folder / "adapter_config.json").read_text())
        config["lora_alpha"] = 1e6
        (folder / "adapter_config.json").write_text(json.dumps(config))
        return
    weights = folder / "adapter_model.safetensors"
    with safe_open(str(weights), framework="pt") as f:
        meta, tensors = f.metadata(), {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118
    first = sorted(tensors)[0]
    tensors[first] = tensors[first].clone()
    tensors[first].view(-1)[0] = float("nan")
    save_file(tensors, str(weights), metadata=meta)


@pytest.mark.parametrize("how", ["nan", "alpha"])
def test_a_tampered_cached_adapter_is_refused_by_id_and_regenerated_from_its_description(
    setup, tmp_path, how
):
    from hf_t2l.adapters.ids import stamp_adapter_id
    from hf_t2l.adapters.integrity import AdapterSpec

    t2l, cache = setup["t2l"], AdapterCache(tmp_path / "cache")
    description = f"Answer task number 3 with one word ({how})."
    aid = adapter_id(t2l, description)
    _tamper(cache.put(stamp_adapter_id(t2l.generate(description), aid)), how)
    loads = setup["vllm"].load_attempts
    with t2l_server(t2l, setup["vllm_url"], cache.root) as (client, _):
        by_id = ask(client, model=aid)
        assert all(name != aid for name, _ in loads)  # the damaged folder never reached vLLM
        answer = text(ask(client, description))
        _tamper(cache.path(aid), how)  # changed after it was checked and served
        again = ask(client, model=aid)
    assert by_id.status_code == 400 and again.status_code == 400, by_id.text
    error = by_id.json()["error"]
    assert error["param"] == "model" and error["code"] == "model_not_found" and aid in error["message"]
    assert str(tmp_path) not in by_id.text + again.text
    assert answer == direct_answer(setup, description)
    assert [path for name, path in loads if name == aid] == [str(cache.path(aid).resolve())]
    assert cache.get(aid, expect=AdapterSpec.for_config(t2l.config, dtype=t2l.dtype)) is None  # set aside


def test_a_failing_generation_gets_a_json_500_naming_no_folder(setup, tmp_path):
    from hf_t2l import T2LConfig, TextToLoRA

    encoder = tmp_path / "broken-encoder"  # a folder that holds no model: the encoder cannot load
    encoder.mkdir()
    config = T2LConfig.from_dict({**setup["t2l"].config.to_dict(), "encoder_name_or_path": str(encoder)})
    with t2l_server(TextToLoRA(config), setup["vllm_url"], tmp_path / "cache") as (client, _):
        r = ask(client, "Answer task number 8 with one word.")
    assert r.status_code == 500 and r.headers["content-type"] == "application/json", r.text
    assert r.json()["error"]["type"] == "server_error" and str(tmp_path) not in r.text
