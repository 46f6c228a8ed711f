"""The Gradio Space (spaces/app.py) end to end.

The app is launched once for the module on 127.0.0.1 (in this process, so tests can look inside it)
against the loopback Hub server, and driven:

- in real headless Chromium through Playwright (Debian ``chromium``; no browser download);
- through its API with ``gradio_client``;
- started as a script (``python spaces/app.py``) in a subprocess.

Choices offered: the offline default (untrained, delta W = 0, until hf_t2l ships a trained one), the
same SmolLM2 with a test hypernetwork whose heads are random (so adapted answers differ) served by the
loopback Hub, and a misconfigured choice whose hypernetwork does not exist.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
import torch
from conftest import HUB_TOKEN, logits, perturb
from hub_server import Fault

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:gradio.*"),  # Gradio's own pandas calls
    pytest.mark.filterwarnings("ignore::FutureWarning:transformers.*"),
]

ROOT = Path(__file__).resolve().parents[1]
SPACES = ROOT / "spaces"
CHROMIUM = os.environ.get("HF_T2L_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEST_HN_REPO = "tester/space-test-t2l"
TEST_LABEL = "SmolLM2-135M-Instruct + test hypernetwork (random heads, from the loopback Hub)"
BROKEN_LABEL = "A misconfigured choice (its hypernetwork is not on the Hub)"
CAPITALS = "Answer with the capital city of the given country, and nothing else."
FRENCH = "Translate the given English sentence into French."
IDS = torch.tensor([[1, 504, 3458, 282, 4649, 314, 2]])
_n = itertools.count()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _repo(name: str) -> str:
    return f"tester/space-{name}-{next(_n)}"


def _wait_http(url: str, timeout: float, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


# --- fixtures -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def space():
    """spaces/app.py imported as a module (its helper t2l_backend comes with it)."""
    spec = importlib.util.spec_from_file_location("hf_t2l_space_app", SPACES / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def backend(space):
    return space.backend


@pytest.fixture(scope="module")
def test_hypernetwork(hub, smollm2_dir):
    """A SmolLM2 hypernetwork with random heads (adapters with delta W != 0), pushed to the loopback Hub."""
    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.offline.bundled import MINILM_ID, SMOLLM2_ID

    torch.manual_seed(0)
    config = T2LConfig.from_base_model(smollm2_dir, encoder=MINILM_ID, base_model_name_or_path=SMOLLM2_ID)
    t2l = TextToLoRA(config)
    perturb(t2l, std=0.02)
    t2l.push_to_hub(TEST_HN_REPO)
    return TEST_HN_REPO


@pytest.fixture(scope="module")
def server(space, backend, test_hypernetwork):
    choices = (
        backend.OFFLINE_DEFAULT,
        backend.Choice(label=TEST_LABEL, base_model="bundled", hypernetwork=test_hypernetwork),
        backend.Choice(label=BROKEN_LABEL, base_model="bundled", hypernetwork="tester/no-such-hypernetwork"),
    )
    demo = space.build_demo(choices, on_space=False)
    port = _free_port()
    space.launch(demo, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    _wait_http(url, 60)
    yield type("Server", (), {"url": url, "demo": demo, "choices": choices})
    demo.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: `apt-get install chromium` (or set HF_T2L_CHROMIUM to its path)."
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(server.url)
    page.wait_for_selector("#t2l-generate")
    yield page
    context.close()


@pytest.fixture
def client(server):
    from gradio_client import Client

    return Client(server.url, verbose=False)


def _default_is_trained(backend) -> bool:
    """Whether hf_t2l ships a trained default hypernetwork (else its adapters have delta W = 0)."""
    return bool(backend.get_hypernetwork(backend.OFFLINE_DEFAULT)[1])


def _engine(backend):
    engine = backend.engine_for("bundled")
    assert engine is not None
    return engine


def _fresh_base(smollm2_dir):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(smollm2_dir, dtype=torch.float32).eval()


def _choice(server, label: str):
    return next(c for c in server.choices if c.label == label)


def _pool(backend, choice):
    """The adapter pool of a choice's hypernetwork on the shared base model."""
    return _engine(backend).pools[choice.hypernetwork_key]


def _adapter_id(backend, choice, description: str) -> str:
    """The content-addressed id of the adapter of ``description`` with the choice's hypernetwork."""
    from hf_t2l.adapters.ids import adapter_id

    return adapter_id(backend.get_hypernetwork(choice)[0], description)


def _engine_logits(backend, choice, aid: str) -> torch.Tensor:
    engine = _engine(backend)
    with engine.lock:
        _pool(backend, choice).set_adapter(aid)
        return logits(engine.model, IDS)


# --- browser ------------------------------------------------------------------------------------------
def _choose(page, label: str) -> None:
    page.locator("#t2l-choice input").click()
    page.get_by_role("option", name=label).click()
    assert page.locator("#t2l-choice input").input_value() == label


def _wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([sel, text]) => { const e = document.querySelector(sel); return e && e.innerText.includes(text); }",
        arg=[selector, text],
    )


def _wait_value(page, selector: str, value: str) -> None:
    page.wait_for_function(
        "([sel, v]) => { const e = document.querySelector(sel); return e && e.value === v; }",
        arg=[selector, value],
    )


def _wait_enabled(page, selector: str) -> None:
    page.wait_for_function(
        "(sel) => { const e = document.querySelector(sel); return e && !e.disabled; }", arg=selector
    )


_COUNT = "(text) => document.body.innerText.split(text).length - 1"


def _click_expect_alert(page, selector: str, text: str) -> None:
    """Click, then wait until ``text`` shows once more on the page than before (a new alert)."""
    before = page.evaluate(_COUNT, text)
    page.locator(selector).click()
    page.wait_for_function(f"([text, n]) => ({_COUNT})(text) > n", arg=[text, before])


def test_browser_generate_try_download_and_push(page, server, backend, hub, smollm2_dir, tmp_path):
    from peft import PeftModel

    from hf_t2l.demo import chat_answer

    # 1. choose + describe; 2. generate
    assert (
        page.locator("#t2l-choice input").input_value() == backend.OFFLINE_DEFAULT.label
    )  # the offline default first
    _choose(page, TEST_LABEL)
    page.locator("#t2l-description textarea").fill(CAPITALS)
    page.locator("#t2l-generate").click()
    _wait_text(page, "#t2l-status", "Adapter ready")
    _wait_enabled(page, "#t2l-generate")
    status = page.locator("#t2l-status").inner_text()
    assert "Generated in" in status and " s" in status and "MB" in status and "parameters" in status
    assert "delta W = 0" not in status  # random heads: a real adapter
    aid = _adapter_id(backend, _choice(server, TEST_LABEL), CAPITALS)
    assert f"Adapter id: {aid}" in status
    assert "Closest to" not in status and "unfamiliar" not in status  # this hypernetwork has no task index
    _wait_text(page, "#t2l-plot", "v_proj")  # the plot is drawn: one line per module, over the 30 layers
    assert "q_proj" in page.locator("#t2l-plot").inner_text()
    assert page.locator("#t2l-plot .mark-line path").count() == 2

    # 3. try: base and adapted answers, streamed, same (greedy) settings
    page.locator("#t2l-prompt textarea").fill("France")
    page.evaluate(
        """() => { window.__seen = new Set(); window.__poll = setInterval(() => {
             const t = document.querySelector('#t2l-adapted textarea');
             if (t) window.__seen.add(t.value); }, 20); }"""
    )
    page.locator("#t2l-ask").click()
    _wait_text(page, "#t2l-ask-status", "Done")
    seen = page.evaluate("() => { clearInterval(window.__poll); return [...window.__seen]; }")
    base_text = page.locator("#t2l-base textarea").input_value()
    adapted_text = page.locator("#t2l-adapted textarea").input_value()
    assert base_text and adapted_text and base_text != adapted_text
    assert len([s for s in seen if s]) >= 3, seen  # the adapted answer arrived token by token
    assert "greedy, at most 48 new tokens" in page.locator("#t2l-ask-status").inner_text()  # the defaults

    # 4a. download the zip, load it with PEFT: same logits as the app's adapted model, same answers as shown
    with page.expect_download() as info:
        page.locator("#t2l-download").click()
    zip_path = tmp_path / info.value.suggested_filename
    info.value.save_as(zip_path)
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path / "unzipped")
    folder = tmp_path / "unzipped" / names[0].split("/")[0]
    assert {p.name for p in folder.iterdir()} == {
        "adapter_config.json",
        "adapter_model.safetensors",
        "README.md",
    }
    assert CAPITALS in (folder / "README.md").read_text()
    loaded = PeftModel.from_pretrained(_fresh_base(smollm2_dir), folder).eval()
    torch.testing.assert_close(
        logits(loaded, IDS), _engine_logits(backend, _choice(server, TEST_LABEL), aid), rtol=0, atol=0
    )
    assert chat_answer(loaded, _engine(backend).tokenizer, "France", max_new_tokens=48) == adapted_text
    base = _fresh_base(smollm2_dir)
    assert chat_answer(base, _engine(backend).tokenizer, "France", max_new_tokens=48) == base_text

    # 4b. push with a token: the repo holds the PEFT files and the card with the description
    repo_id = _repo("browser")
    page.locator("#t2l-repo input, #t2l-repo textarea").first.fill(repo_id)
    page.locator("#t2l-private input").uncheck()
    page.locator("#t2l-token input").fill(HUB_TOKEN)
    page.locator("#t2l-push").click()
    _wait_text(page, "#t2l-push-result", "Pushed")
    page.wait_for_function(
        "() => document.querySelector('#t2l-token input').value === ''"
    )  # used once, not kept
    link = page.locator("#t2l-push-result a").first
    assert link.inner_text() == repo_id and link.get_attribute("href").endswith("/" + repo_id)
    files = hub.files(repo_id)
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md"} <= set(files)
    card = files["README.md"].decode()
    assert CAPITALS in card and repo_id in card
    assert not hub.state.repos[("model", repo_id)].private
    from_hub = PeftModel.from_pretrained(_fresh_base(smollm2_dir), repo_id).eval()
    torch.testing.assert_close(logits(from_hub, IDS), logits(loaded, IDS), rtol=0, atol=0)

    html = page.content()
    assert "Traceback" not in html and HUB_TOKEN not in html


def test_browser_main_screen_with_the_offline_default(page, backend, tmp_path):
    """What a new visitor gets: the offline default, picked from the examples (source of screenshot.png)."""
    from app import EXAMPLE_DESCRIPTIONS, EXAMPLE_PROMPTS

    page.get_by_text(EXAMPLE_DESCRIPTIONS[0][:40]).first.click()  # long examples are shown shortened
    _wait_value(page, "#t2l-description textarea", EXAMPLE_DESCRIPTIONS[0])
    page.locator("#t2l-generate").click()
    _wait_text(page, "#t2l-status", "Adapter ready")
    untrained = not _default_is_trained(backend)
    assert ("delta W = 0" in page.locator("#t2l-status").inner_text()) == untrained  # and it says so
    _wait_text(page, "#t2l-plot", "v_proj")
    page.get_by_text(EXAMPLE_PROMPTS[0], exact=True).first.click()
    _wait_value(page, "#t2l-prompt textarea", EXAMPLE_PROMPTS[0])
    page.locator("#t2l-ask").click()
    _wait_text(page, "#t2l-ask-status", "Done")
    base_text = page.locator("#t2l-base textarea").input_value()
    adapted_text = page.locator("#t2l-adapted textarea").input_value()
    assert base_text and adapted_text
    if untrained:
        assert adapted_text == base_text
    page.mouse.move(0, 0)  # no hover effect in the picture
    page.screenshot(path=str(tmp_path / "screenshot.png"), full_page=True)
    if os.environ.get(
        "HF_T2L_SPACE_SCREENSHOT"
    ):  # HF_T2L_SPACE_SCREENSHOT=spaces/screenshot.png refreshes it
        page.screenshot(path=os.environ["HF_T2L_SPACE_SCREENSHOT"], full_page=True)


def test_browser_bad_inputs_show_clear_messages(page):
    page.locator("#t2l-prompt textarea").fill("France")
    _click_expect_alert(page, "#t2l-ask", "Generate an adapter first")

    _click_expect_alert(page, "#t2l-generate", "The description is empty")
    _wait_enabled(page, "#t2l-generate")  # the button comes back after a failure
    assert page.locator("#t2l-generate").inner_text() == "Generate adapter"

    page.locator("#t2l-description textarea").fill("   \n  ")
    _click_expect_alert(page, "#t2l-generate", "The description is empty")

    long = " ".join(f"step{i} then" for i in range(300))[
        :1999
    ]  # under the 2000-character cap, over 256 tokens
    page.locator("#t2l-description textarea").fill(long)
    _click_expect_alert(page, "#t2l-generate", "reads at most 256 tokens")

    page.locator("#t2l-repo input, #t2l-repo textarea").first.fill(_repo("nologin"))
    _click_expect_alert(page, "#t2l-push", "Paste a Hugging Face token")
    _wait_text(page, "#t2l-push-result", "Not pushed")

    text = page.locator("body").inner_text()
    assert "Traceback" not in text and "Exception" not in text
    assert "No adapter yet" in page.locator("#t2l-status").inner_text()
    assert page.locator("#t2l-download").is_disabled()


def test_browser_shows_the_closest_training_tasks_and_warns_when_far(page, backend):
    """The offline default knows its training tasks: a task description shows the three it is closest to;
    an emoji-only description also gets the warning that it is far from all of them."""
    page.locator("#t2l-description textarea").fill(CAPITALS)
    page.locator("#t2l-generate").click()
    _wait_text(page, "#t2l-status", "Adapter ready")
    status = page.locator("#t2l-status").inner_text()
    assert "Closest to: country_capital (similarity 0." in status
    assert status.count("(similarity 0.") == 3 and "unfamiliar description" not in status
    _wait_enabled(page, "#t2l-generate")

    page.locator("#t2l-description textarea").fill("🍕🎉🚀")
    page.locator("#t2l-generate").click()
    _wait_text(page, "#t2l-status", "Note: unfamiliar description")
    status = page.locator("#t2l-status").inner_text()
    assert "Closest to:" in status and "far from every task this hypernetwork was trained on" in status
    assert "country_capital" not in status  # the status of this adapter, not the previous one


def test_api_foreign_language_description_gets_the_warning(client, backend):
    spanish = "Traduce la frase al francés, por favor, sin explicaciones."
    status = client.predict(backend.OFFLINE_DEFAULT.label, spanish, api_name="/generate")[0]
    assert "Adapter ready" in status and "Closest to:" in status and "unfamiliar description" in status
    status = client.predict(
        backend.OFFLINE_DEFAULT.label, "Sort the words alphabetically.", api_name="/generate"
    )[0]
    assert "Closest to: wlist\\_sort" in status and "unfamiliar" not in status


def test_browser_second_generate_while_one_runs(page, backend, monkeypatch):
    entered, release = threading.Event(), threading.Event()
    original = backend.Engine.load_adapter

    def slow_load_adapter(self, *args, **kwargs):
        entered.set()
        assert release.wait(60)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(backend.Engine, "load_adapter", slow_load_adapter)
    # the description (and later a repo name) try to inject markup: it must show as plain text
    markup = '<img src=x onerror="window.__xss=1"> **loud** [x](javascript:window.__xss=2)'
    sneaky = f"Reply with the opposite. {markup}"
    page.locator("#t2l-description textarea").fill(sneaky)
    page.locator("#t2l-generate").click()
    assert entered.wait(60)
    button = page.locator("#t2l-generate")
    assert button.is_disabled() and "please wait" in button.inner_text()
    _wait_text(page, "#t2l-status", "Writing the adapter")  # progress while it works
    release.set()
    _wait_text(page, "#t2l-status", "Adapter ready")
    _wait_enabled(page, "#t2l-generate")
    assert button.inner_text() == "Generate adapter"

    status = page.locator("#t2l-status")
    assert markup in status.inner_text()
    assert status.locator("img, strong:has-text('loud'), a[href^='javascript']").count() == 0
    page.locator("#t2l-repo input, #t2l-repo textarea").first.fill(
        'tester/<img src=y onerror="window.__xss=3">'
    )
    page.locator("#t2l-token input").fill(HUB_TOKEN)
    page.locator("#t2l-push").click()
    _wait_text(page, "#t2l-push-result", "not a valid repo name")
    assert page.locator("#t2l-push-result img, .toast-body img").count() == 0
    assert page.evaluate("() => window.__xss") is None


# --- the API (gradio_client) ---------------------------------------------------------------------------
def test_api_endpoints(client):
    api = client.view_api(return_format="dict", print_info=False)["named_endpoints"]
    assert set(api) == {"/generate", "/ask", "/push"}
    params = {name: [p["parameter_name"] for p in info["parameters"]] for name, info in api.items()}
    assert params["/generate"] == ["choice_label", "description"]
    assert params["/ask"] == ["prompt", "max_new_tokens", "temperature", "seed"]
    assert params["/push"] == ["repo_id", "private", "token"]  # nothing names another visitor's adapter


def test_api_generate_stream_and_download(client, server, backend):
    status, plot, download = client.predict(TEST_LABEL, CAPITALS, api_name="/generate")
    assert "Adapter ready" in status
    rows = plot["data"]
    assert len(rows) == 60 and {r[1] for r in rows} == {"q_proj", "v_proj"} and all(r[2] > 0 for r in rows)
    path = download["value"] if isinstance(download, dict) else download
    with zipfile.ZipFile(path) as zf:
        readme = next(n for n in zf.namelist() if n.endswith("README.md"))
        assert CAPITALS in zf.read(readme).decode()

    job = client.submit("Japan", 12, 0, 0, api_name="/ask")
    updates = list(job)
    base, adapted, done = job.result()
    assert len(updates) >= 3 and base != adapted and "Done" in done
    assert updates[0][0] != base  # the first update held a partial answer


def test_api_sampling_is_reproducible_with_a_seed(client):
    client.predict(TEST_LABEL, CAPITALS, api_name="/generate")
    first = client.predict("Kenya", 8, 0.9, 123, api_name="/ask")
    again = client.predict("Kenya", 8, 0.9, 123, api_name="/ask")
    assert first[:2] == again[:2] and "temperature 0.9, seed 123" in first[2]


def _zip_folder(download, tmp_path) -> Path:
    path = download["value"] if isinstance(download, dict) else download
    target = tmp_path / Path(path).stem
    with zipfile.ZipFile(path) as zf:
        zf.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_visitors_never_see_each_others_adapters_and_memory_stays_bounded(
    server, backend, smollm2_dir, tmp_path
):
    from gradio_client import Client
    from peft import PeftModel

    from hf_t2l.demo import chat_answer

    alice, bob = Client(server.url, verbose=False), Client(server.url, verbose=False)
    choice = _choice(server, TEST_LABEL)
    alice_status, _, alice_zip = alice.predict(TEST_LABEL, CAPITALS + " (alice)", api_name="/generate")
    bob_status, _, bob_zip = bob.predict(TEST_LABEL, FRENCH + " (bob)", api_name="/generate")
    alice_first = _adapter_id(backend, choice, CAPITALS + " (alice)")
    bob_id = _adapter_id(backend, choice, FRENCH + " (bob)")
    assert alice_first != bob_id and alice_first in alice_status and bob_id in bob_status

    # each visitor's answers come from their own adapter (as their own download reproduces them)
    tokenizer = _engine(backend).tokenizer
    expected = {}
    for who, download in (("alice", alice_zip), ("bob", bob_zip)):
        model = PeftModel.from_pretrained(_fresh_base(smollm2_dir), _zip_folder(download, tmp_path)).eval()
        expected[who] = chat_answer(model, tokenizer, "France", max_new_tokens=8)
    assert expected["alice"] != expected["bob"]  # the check below can tell them apart
    assert alice.predict("France", 8, 0, 0, api_name="/ask")[1] == expected["alice"]
    assert bob.predict("France", 8, 0, 0, api_name="/ask")[1] == expected["bob"]
    assert alice.predict("France", 8, 0, 0, api_name="/ask")[1] == expected["alice"]  # after bob's turn

    # alice's new adapter replaces her old one (nobody else uses it); bob's stays
    _, _, download = alice.predict(TEST_LABEL, "Reply with one word only.", api_name="/generate")
    loaded = _engine(backend).loaded_adapters()
    assert alice_first not in loaded and bob_id in loaded
    readme = (_zip_folder(download, tmp_path) / "README.md").read_text()
    assert "Reply with one word only." in readme and "(bob)" not in readme


def test_visitors_with_the_same_description_share_one_adapter(server, backend, smollm2_dir, tmp_path):
    from gradio_client import Client
    from peft import PeftModel

    from hf_t2l.demo import chat_answer

    shared, other = CAPITALS + " (shared)", FRENCH + " (other)"
    choice = _choice(server, TEST_LABEL)
    pool = backend.get_engine(choice).pools.get(choice.hypernetwork_key)
    generated_before = pool.stats["generated"] if pool is not None else 0
    alice, bob, carol = (Client(server.url, verbose=False) for _ in range(3))
    alice_status, _, alice_zip = alice.predict(TEST_LABEL, shared, api_name="/generate")
    bob_status, _, _ = bob.predict(TEST_LABEL, "  " + shared + " ", api_name="/generate")
    aid = _adapter_id(backend, choice, shared)
    assert "Generated in" in alice_status and "Already loaded" in bob_status
    assert aid in alice_status and aid in bob_status  # one adapter, one id
    assert _pool(backend, choice).stats["generated"] == generated_before + 1  # once for both visitors

    model = PeftModel.from_pretrained(_fresh_base(smollm2_dir), _zip_folder(alice_zip, tmp_path)).eval()
    expected = chat_answer(model, _engine(backend).tokenizer, "France", max_new_tokens=8)
    assert alice.predict("France", 8, 0, 0, api_name="/ask")[1] == expected
    assert bob.predict("France", 8, 0, 0, api_name="/ask")[1] == expected
    carol_status, _, _ = carol.predict(TEST_LABEL, other, api_name="/generate")
    assert aid not in carol_status
    assert carol.predict("France", 8, 0, 0, api_name="/ask")[1] != expected  # another description's answer

    alice.predict(TEST_LABEL, other, api_name="/generate")  # alice moves on: bob still uses the shared one
    assert aid in _engine(backend).loaded_adapters()
    assert bob.predict("France", 8, 0, 0, api_name="/ask")[1] == expected


def test_more_descriptions_than_slots_keep_the_pool_bounded_and_answers_right(
    space, server, backend, smollm2_dir, tmp_path, monkeypatch
):
    """Four visitors, four descriptions, a pool of two: at most two adapters are loaded at once, and every
    visitor still gets the answers of their own adapter (read back from the adapter cache)."""
    from gradio_client import Client
    from peft import PeftModel

    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.demo import chat_answer
    from hf_t2l.offline.bundled import MINILM_ID, SMOLLM2_ID

    torch.manual_seed(7)
    config = T2LConfig.from_base_model(smollm2_dir, encoder=MINILM_ID, base_model_name_or_path=SMOLLM2_ID)
    t2l = TextToLoRA(config)
    perturb(t2l, seed=7, std=0.02)
    t2l.save_pretrained(tmp_path / "small-pool-t2l")
    label = "SmolLM2 + a hypernetwork with a pool of two"
    choice = backend.Choice(label=label, base_model="bundled", hypernetwork=str(tmp_path / "small-pool-t2l"))
    engine = backend.get_engine(choice)  # the base model every choice of SmolLM2 shares
    monkeypatch.setattr(engine, "max_adapters", 2)  # the pool of this new hypernetwork gets two slots
    slots_before = {n for n in getattr(engine.model, "peft_config", {}) if n.startswith("t2l_slot_")}
    demo = space.build_demo((choice,), on_space=False)
    port = _free_port()
    space.launch(demo, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_http(url, 60)
        descriptions = [CAPITALS, FRENCH, "Reply with one word only.", "Count the letters of the word."]
        visitors = [Client(url, verbose=False) for _ in descriptions]
        zips = [c.predict(label, d, api_name="/generate")[2] for c, d in zip(visitors, descriptions)]
        pool = _pool(backend, choice)
        assert pool.capacity == 2 and len(pool.adapters) <= 2 and pool.stats["evicted"] >= 2
        tokenizer = engine.tokenizer
        expected = []
        for download in zips:
            folder = _zip_folder(download, tmp_path)
            model = PeftModel.from_pretrained(_fresh_base(smollm2_dir), folder).eval()
            expected.append(chat_answer(model, tokenizer, "France", max_new_tokens=8))
        assert len(set(expected)) > 1  # the check below can tell the adapters apart
        for _ in range(2):  # every visitor, twice: each answer evicts another visitor's adapter
            for client, answer in zip(visitors, expected):
                assert client.predict("France", 8, 0, 0, api_name="/ask")[1] == answer
                assert len(pool.adapters) <= 2
        assert pool.stats["from_disk"] >= 2  # evicted adapters came back from the adapter cache
        slots = {n for n in engine.model.peft_config if n.startswith("t2l_slot_")}
        assert len(slots - slots_before) == 2  # two slots injected for four descriptions, reused since
    finally:
        demo.close()


def test_api_second_generate_while_one_runs_is_refused(client, backend, monkeypatch):
    from gradio_client.exceptions import AppError

    entered, release = threading.Event(), threading.Event()
    original = backend.Engine.load_adapter

    def slow_load_adapter(self, *args, **kwargs):
        if not entered.is_set():
            entered.set()
            assert release.wait(60)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(backend.Engine, "load_adapter", slow_load_adapter)
    first = client.submit(backend.OFFLINE_DEFAULT.label, "Answer in French.", api_name="/generate")
    assert entered.wait(60)
    try:
        with pytest.raises(AppError, match="already being generated"):
            client.predict(backend.OFFLINE_DEFAULT.label, "Answer in German.", api_name="/generate")
    finally:
        release.set()
    assert "Adapter ready" in first.result()[0]


@pytest.mark.parametrize(
    ("description", "message"),
    [
        ("", "The description is empty"),
        ("  \n\t ", "The description is empty"),
        ("x" * 2001, "2,001 characters, the limit is 2,000"),
        (" ".join(["word"] * 300), "300 tokens|reads at most 256 tokens"),
    ],
)
def test_api_bad_descriptions(client, backend, description, message):
    from gradio_client.exceptions import AppError

    before = _engine(backend).loaded_adapters() if backend.engine_for("bundled") else []
    with pytest.raises(AppError, match=message):
        client.predict(backend.OFFLINE_DEFAULT.label, description, api_name="/generate")
    if backend.engine_for("bundled"):
        assert _engine(backend).loaded_adapters() == before  # nothing was added


def test_api_other_bad_inputs(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="not in the list of choices"):  # checked by Gradio itself
        client.predict("no such model", CAPITALS, api_name="/generate")
    with pytest.raises(
        AppError, match=r"Could not generate with A misconfigured choice.*no-such-hypernetwork.*not found"
    ):
        client.predict(BROKEN_LABEL, CAPITALS, api_name="/generate")
    with pytest.raises(AppError, match="Generate an adapter first"):
        client.predict("France", 8, 0, 0, api_name="/ask")
    result, token = client.predict(_repo("early"), True, HUB_TOKEN, api_name="/push")
    assert "Not pushed" in result and "Generate an adapter first" in result and token == ""
    client.predict(TEST_LABEL, CAPITALS, api_name="/generate")
    with pytest.raises(AppError, match="The prompt is empty"):
        client.predict("   ", 8, 0, 0, api_name="/ask")
    with pytest.raises(AppError, match="The prompt is too long"):
        client.predict("y" * 2001, 8, 0, 0, api_name="/ask")


def _push(client, repo_id, private, token):
    result, echoed = client.predict(repo_id, private, token, api_name="/push")
    assert echoed == ""  # the token field comes back empty: the token is never shown back
    return result


def test_api_push_errors_are_clear_and_never_show_the_token(client, hub, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    client.predict(TEST_LABEL, CAPITALS, api_name="/generate")
    before = len(hub.state.log)
    # no token: refused before any request, although the server's own environment has HF_TOKEN set
    assert os.environ.get("HF_TOKEN") == HUB_TOKEN
    assert "Paste a Hugging Face token" in _push(client, _repo("notoken"), True, "")
    assert "Paste a Hugging Face token" in _push(client, _repo("notoken"), True, "   ")
    assert "Name the new repo" in _push(client, "  ", True, HUB_TOKEN)
    assert "not a valid repo name" in _push(client, "tester/bad name!", True, HUB_TOKEN)
    assert "Write the repo as your\\-username/just\\-a\\-name" in _push(
        client, "just-a-name", True, HUB_TOKEN
    )
    assert not [entry for entry in hub.state.log[before:] if "/api/repos/create" in entry[1]]

    secret = "hf_this_is_a_wrong_and_secret_space_token"
    result = _push(client, _repo("wrong"), True, secret)
    assert (
        "Not pushed" in result
        and "refused the push" in result
        and "invalid, expired, or has no write access" in result
    )
    assert secret not in result
    assert "refused the push" in _push(client, _repo("readonly"), True, "hf_read_only")

    repo_id = _repo("flaky")
    hub.state.faults.append(Fault("POST", rf"/api/models/{repo_id}/commit/", 500, times=10))
    try:
        assert "after retries; nothing was committed" in _push(client, repo_id, True, HUB_TOKEN)
    finally:
        hub.state.faults.clear()

    result = _push(client, repo_id, True, HUB_TOKEN)  # works once the Hub is back
    assert (
        result.startswith("**Pushed**") and repo_id.replace("-", "\\-") in result and HUB_TOKEN not in result
    )
    assert hub.state.repos[("model", repo_id)].private
    out, err_out = capfd.readouterr()
    for text in (out, err_out, caplog.text):
        assert secret not in text and HUB_TOKEN not in text and "Traceback" not in text


def test_the_token_is_never_kept_in_session_state(client, server, backend):
    secret = "hf_another_secret_that_must_not_stay"
    client.predict(TEST_LABEL, CAPITALS, api_name="/generate")
    assert "Not pushed" in _push(client, _repo("kept"), True, secret)
    session = server.demo.state_holder.session_data[client.session_hash]
    visitors = [v for v in session.state_data.values() if isinstance(v, backend.Visitor)]
    assert len(visitors) == 1 and visitors[0].adapter
    dumped = repr(session.state_data) + repr(session.config_values) + repr(vars(visitors[0]))
    assert "hf_another_secret" not in dumped


# --- on a Space: the visitor's own OAuth login ------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:Gradio does not support OAuth features outside of a Space")
def test_on_a_space_push_uses_the_oauth_login(space, backend, server, hub, monkeypatch):
    import gradio as gr
    import gradio.oauth

    # off a Space, Gradio mocks the login with the machine's own account (a whoami call): stand in for it
    monkeypatch.setattr(
        gradio.oauth, "_get_mocked_oauth_info", lambda: {"access_token": "mock", "userinfo": {}}
    )
    demo = space.build_demo(server.choices, on_space=True)
    assert any(isinstance(b, gr.LoginButton) for b in demo.blocks.values())
    assert not any(isinstance(b, gr.Textbox) and b.type == "password" for b in demo.blocks.values())
    h = space.make_handlers(server.choices, on_space=True)
    visitor = backend.Visitor()
    h["generate"](TEST_LABEL, CAPITALS, visitor)
    with pytest.warns(UserWarning, match="Sign in with Hugging Face"):  # gr.Warning outside a request
        assert "Sign in with Hugging Face" in h["push_space"]("my-adapter", True, visitor, None, None)
    profile = gr.OAuthProfile(
        {"preferred_username": "tester", "name": "Tester", "picture": "", "profile": ""}
    )
    name = f"oauth-{next(_n)}"
    result = h["push_space"](
        name, False, visitor, profile, gr.OAuthToken(token=HUB_TOKEN, scope="", expires_at=0)
    )
    assert f"tester/{name}" in result  # a bare name goes to the visitor's own namespace
    assert CAPITALS in hub.files(f"tester/{name}")["README.md"].decode()
    pool = _pool(backend, _choice(server, TEST_LABEL))
    assert pool.names[visitor.pool_name] == visitor.adapter
    backend.cleanup_visitor(visitor)
    assert visitor.pool_name not in pool.names


# --- the script -------------------------------------------------------------------------------------------
def test_the_app_starts_as_a_script(backend, tmp_path):
    from gradio_client import Client

    port = _free_port()
    env = {
        **os.environ,
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HF_T2L_SPACE_PRELOAD": "1",
    }
    env.pop("HF_T2L_SPACE_CHOICES", None)
    log = (tmp_path / "app.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(SPACES / "app.py")], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_http(url, 120, proc)
        client = Client(url, verbose=False)
        status, _, _ = client.predict(
            backend.OFFLINE_DEFAULT.label, "Sort the words alphabetically.", api_name="/generate"
        )
        assert "Adapter ready" in status
        assert ("delta W = 0" in status) == (not _default_is_trained(backend))  # said when untrained
        assert client.predict("apple pear fig", 4, 0, 0, api_name="/ask")[0]
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()
    text = (tmp_path / "app.log").read_text()
    assert "Traceback" not in text, text[-3000:]


# --- choices and helpers -------------------------------------------------------------------------------
def test_choices_default_and_overrides(backend, tmp_path, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert backend.load_choices({}) == (backend.OFFLINE_DEFAULT,)  # no GPU: only the offline default
    shown = backend.load_choices({backend.ENV_SHOW_GPU_CHOICES: "1"})
    assert shown[0] == backend.OFFLINE_DEFAULT
    assert {(c.base_model, c.hypernetwork, c.subfolder) for c in shown[1:]} == {
        ("mistralai/Mistral-7B-Instruct-v0.2", "SakanaAI/text-to-lora", "trained_t2l/mistral_7b_t2l"),
        ("meta-llama/Llama-3.1-8B-Instruct", "SakanaAI/text-to-lora", "trained_t2l/llama_8b_t2l"),
        ("google/gemma-2-2b-it", "SakanaAI/text-to-lora", "trained_t2l/gemma_2b_t2l"),
    }
    assert all(c.trust_remote_code and c.needs_gpu for c in shown[1:])
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert backend.load_choices({}) == backend.DEFAULT_CHOICES

    inline = '[{"label": "Mine", "base_model": "org/base", "hypernetwork": "org/t2l", "revision": "v1"}]'
    (mine,) = backend.load_choices({backend.ENV_CHOICES: inline})
    assert (mine.label, mine.hypernetwork, mine.revision, mine.needs_gpu) == ("Mine", "org/t2l", "v1", False)
    path = tmp_path / "choices.json"
    path.write_text(inline)
    assert backend.load_choices({backend.ENV_CHOICES: str(path)}) == (mine,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mine.label = "changed"
    for bad, match in [
        ("[]", "non-empty JSON list"),
        ('[{"label": "x"}]', "lacks"),
        ('[{"label": "x", "base_model": "b", "hypernetwork": "h", "colour": 1}]', "unknown keys"),
        ("{not json", "cannot read that file"),
        ("[{", "not valid JSON"),
    ]:
        with pytest.raises(backend.ChoicesConfigError, match=match):
            backend.load_choices({backend.ENV_CHOICES: bad})


def test_delta_w_table_matches_the_library(backend, test_hypernetwork):
    from hf_t2l import TextToLoRA
    from hf_t2l.demo import delta_w_norm

    adapter = TextToLoRA.from_pretrained(test_hypernetwork).generate(CAPITALS)
    table = backend.delta_w_table(adapter)
    assert len(table) == 60 and {r["layer"] for r in table} == set(range(30))
    total = sum(r["norm"] ** 2 for r in table) ** 0.5
    assert total == pytest.approx(delta_w_norm(adapter), rel=1e-5)
    a = adapter.state_dict["base_model.model.model.layers.3.self_attn.v_proj.lora_A.weight"]
    b = adapter.state_dict["base_model.model.model.layers.3.self_attn.v_proj.lora_B.weight"]
    row = next(r for r in table if r["layer"] == 3 and r["module"] == "v_proj")
    assert row["norm"] == pytest.approx(float((adapter.scaling * (b @ a)).norm()), rel=1e-5)
