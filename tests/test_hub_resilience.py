"""Downloads and pushes through a failing Hub: retries, named errors, timeouts.

The real huggingface_hub client talks HTTP to the loopback server (tests/hub_server.py), which
injects the faults: N answers of 500/503 then OK, 401/403, connections closed without an answer,
and a server that accepts a request and never answers.
"""

import itertools

import pytest
import torch
from conftest import make_hypernetwork
from hub_server import Fault

from hf_t2l import TextToLoRA
from hf_t2l.errors import HubAuthenticationError, HubError, InvalidConfigError

_ids = itertools.count()
CONFIG = r"/resolve/[^/]+/config\.json$"
WEIGHTS = r"/resolve/[^/]+/model\.safetensors$"


@pytest.fixture
def pushed(hub):
    """A hypernetwork on the loopback Hub, not yet in the local cache (a fresh repo per test)."""
    repo_id = f"tester/resilience-{next(_ids)}"
    t2l = make_hypernetwork(seed=2)
    t2l.push_to_hub(repo_id)
    yield repo_id, t2l
    hub.state.faults.clear()


def fault(hub, repo_id, method, path, status, times=1, **kw):
    hub.state.faults.append(Fault(method, rf"/{repo_id}{path}", status, times=times, **kw))


def same_weights(loaded, t2l):
    return all(torch.equal(loaded.state_dict()[k], v) for k, v in t2l.state_dict().items())


@pytest.mark.parametrize("status", [500, 503])
@pytest.mark.parametrize("method,path", [("HEAD", CONFIG), ("GET", WEIGHTS)])
def test_temporary_server_errors_on_download_are_retried(hub, pushed, status, method, path):
    repo_id, t2l = pushed
    fault(hub, repo_id, method, path, status, times=2)
    assert same_weights(TextToLoRA.from_pretrained(repo_id), t2l)
    assert not hub.state.faults[-1].times  # both injected errors were met, and retried past


@pytest.mark.parametrize("method,path", [("HEAD", CONFIG), ("GET", WEIGHTS)])
def test_dropped_connections_on_download_are_retried(hub, pushed, method, path):
    repo_id, t2l = pushed
    fault(hub, repo_id, method, path, "reset", times=2)
    assert same_weights(TextToLoRA.from_pretrained(repo_id), t2l)
    assert not hub.state.faults[-1].times


@pytest.mark.parametrize("method,path", [("HEAD", CONFIG), ("GET", WEIGHTS)])
def test_persistent_server_errors_on_download_give_a_named_error(hub, pushed, monkeypatch, method, path):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "1")  # a small budget keeps the retries short
    fault(hub, repo_id, method, path, 503, times=1000)
    with pytest.raises(HubError, match=rf"{repo_id}.*\(503\).*Try again later") as err:
        TextToLoRA.from_pretrained(repo_id)
    assert not isinstance(err.value, HubAuthenticationError)
    assert 1000 - hub.state.faults[-1].times >= 2  # it did retry, and then stopped


def test_persistent_dropped_connections_give_a_named_error(hub, pushed, monkeypatch):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "1")
    fault(hub, repo_id, "GET", WEIGHTS, "reset", times=1000)
    with pytest.raises(HubError, match=rf"{repo_id}.*connection"):
        TextToLoRA.from_pretrained(repo_id)


@pytest.mark.parametrize("status", [401, 403])
@pytest.mark.parametrize("method,path", [("HEAD", CONFIG), ("GET", WEIGHTS)])
def test_refused_downloads_are_an_authentication_error(hub, pushed, status, method, path):
    repo_id, _ = pushed
    fault(hub, repo_id, method, path, status, times=1000)
    with pytest.raises(HubAuthenticationError, match=rf"{repo_id}.*\({status}\).*hf auth login"):
        TextToLoRA.from_pretrained(repo_id)
    assert 1000 - hub.state.faults[-1].times == 1  # refused is final: not retried


@pytest.mark.parametrize("status", [403, 503])
def test_refused_card_check_on_push_is_a_named_error(hub, pushed, monkeypatch, status):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "1")
    fault(hub, repo_id, "HEAD", r"/resolve/[^/]+/README\.md$", status, times=1000)
    expected = HubAuthenticationError if status == 403 else HubError
    with pytest.raises(expected, match=rf"\({status}\)"):
        make_hypernetwork(seed=4).push_to_hub(repo_id)


def test_a_server_that_never_answers_a_download_times_out(hub, pushed, monkeypatch):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "1")
    fault(hub, repo_id, "HEAD", CONFIG, "hang", times=1000, hang_s=60)
    with pytest.raises(HubError, match=rf"{repo_id}.*did not answer within 1 s.*HF_T2L_HUB_TIMEOUT"):
        TextToLoRA.from_pretrained(repo_id)


@pytest.mark.parametrize("path", ["/api/repos/create", "/api/models/{repo}/commit/"])
def test_a_server_that_never_answers_a_push_times_out(hub, pushed, monkeypatch, path):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "1")
    hub.state.faults.append(Fault("POST", path.format(repo=repo_id), "hang", times=1000, hang_s=60))
    before = hub.commits(repo_id)
    with pytest.raises(HubError, match=rf"{repo_id}.*did not answer within 1 s"):
        make_hypernetwork(seed=6).push_to_hub(repo_id)
    assert hub.commits(repo_id) == before


def test_a_slow_answer_then_a_good_one_succeeds(hub, pushed, monkeypatch):
    repo_id, t2l = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", "2")
    fault(hub, repo_id, "GET", WEIGHTS, "hang", times=1, hang_s=60)
    assert same_weights(TextToLoRA.from_pretrained(repo_id), t2l)


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan", "inf"])
def test_a_bad_timeout_setting_is_named(hub, pushed, monkeypatch, value):
    repo_id, _ = pushed
    monkeypatch.setenv("HF_T2L_HUB_TIMEOUT", value)
    expected = rf"HF_T2L_HUB_TIMEOUT={value!r}.*positive number of seconds"
    with pytest.raises(InvalidConfigError, match=expected):
        TextToLoRA.from_pretrained(repo_id)
