"""A new user's first hour: bundled models under their Hub ids, the "default" hypernetwork by name,
quiet output, and the small things of the command line and the encoder."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import warnings
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from conftest import make_hypernetwork, tiny_llama

REPO = Path(__file__).resolve().parent.parent


# --- item 2: the bundled models answer to their Hub ids, offline --------------------------------------
def test_offline_models_load_by_hub_id_with_any_library(tmp_path):
    from hf_t2l.offline.bundled import MINILM_ID, SMOLLM2_ID, install_offline_models

    cache = tmp_path / "hub"
    placed = install_offline_models(cache_dir=cache)
    assert set(placed) == {SMOLLM2_ID, MINILM_ID}
    code = (
        "from transformers import AutoConfig, AutoTokenizer\n"
        "from huggingface_hub import try_to_load_from_cache\n"
        "from sentence_transformers import SentenceTransformer\n"
        f"c = AutoConfig.from_pretrained({SMOLLM2_ID!r}); assert c.num_hidden_layers == 30, c\n"
        f"t = AutoTokenizer.from_pretrained({SMOLLM2_ID!r}); assert t('hello')['input_ids']\n"
        f"assert try_to_load_from_cache({SMOLLM2_ID!r}, 'model.safetensors')\n"
        f"assert SentenceTransformer({MINILM_ID!r}).encode(['hi']).shape == (1, 384)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(cache), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # a second call only checks; refs/main names the snapshot it made
    again = install_offline_models(cache_dir=cache)
    assert again == placed
    ref = cache / "models--HuggingFaceTB--SmolLM2-135M-Instruct" / "refs" / "main"
    assert placed[SMOLLM2_ID].name == ref.read_text().strip()


def test_offline_models_leave_a_hub_download_alone(tmp_path):
    from hf_t2l.offline.hf_cache import place_in_hub_cache

    source = tmp_path / "src"
    source.mkdir()
    (source / "config.json").write_text("{}")
    repo = tmp_path / "hub" / "models--org--name"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("a" * 40)  # what a real download wrote
    assert place_in_hub_cache("org/name", source, tag="x", cache_dir=tmp_path / "hub") is None
    assert (repo / "refs" / "main").read_text() == "a" * 40
    assert not (repo / "snapshots").exists()


# --- item 3: the shipped hypernetwork is called "default" ----------------------------------------------
def test_default_hypernetwork_by_name_with_portable_provenance():
    from hf_t2l import TextToLoRA
    from hf_t2l._version import __version__

    t2l = TextToLoRA.from_pretrained("default")
    assert t2l.provenance["hypernetwork"] == "default" and t2l.provenance["revision"] == __version__
    adapter = t2l.generate("Reply in French.")
    text = json.dumps(adapter.provenance, default=str)
    assert os.sep + "default_hypernetwork" not in text and str(REPO) not in text


def test_from_description_picks_default_for_smollm2():
    from transformers import AutoConfig

    from hf_t2l.hub.releases import released_for
    from hf_t2l.offline.bundled import resolve_base_model

    config = AutoConfig.from_pretrained(resolve_base_model("HuggingFaceTB/SmolLM2-135M-Instruct"))
    assert released_for(config).repo_id == "default"


def test_cli_generate_with_default_hypernetwork(tmp_path, capsys):
    from hf_t2l.cli import main

    out = tmp_path / "lora"
    assert main(["generate", "Reply in French.", "--hypernetwork", "default", "--output", str(out)]) == 0
    card = (out / "README.md").read_text()
    assert "`default`" in card and str(REPO) not in card


# --- item 5: quiet by default, the user's own warnings untouched ----------------------------------------
def test_from_description_load_and_save_print_nothing_of_ours(tmp_path, monkeypatch):
    """Offline, as a new user runs the README: no warning, no bar of hf_t2l's doing."""
    from peft import PeftModel

    import hf_t2l

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    base, t2l = tiny_llama(), make_hypernetwork()
    t2l.get_encoder()
    stderr = io.StringIO()
    with warnings.catch_warnings(record=True) as caught, redirect_stderr(stderr):
        warnings.simplefilter("always")
        model = PeftModel.from_description(base, "Answer in one word.", hypernetwork=t2l)
        model.load_description("Reply in French.", adapter_name="french")
        hf_t2l.save_adapter(
            model, tmp_path / "out", adapter_name="french"
        )  # (model.save_pretrained is PEFT's own)
    assert [str(w.message) for w in caught] == []
    assert "Loading weights" not in stderr.getvalue()
    with warnings.catch_warnings(record=True) as caught:  # the user's own access still warns
        warnings.simplefilter("always")
        model.get_base_model().is_gradient_checkpointing  # noqa: B018 (reading it is what warns)
    assert any("is_gradient_checkpointing" in str(w.message) for w in caught)


def test_save_offline_hub_id_base_no_config_warning(tmp_path, monkeypatch):
    """PEFT cannot check a Hub id offline; hf_t2l makes the same vocabulary check from the cached config."""
    from huggingface_hub import constants
    from peft import PeftModel

    import hf_t2l  # noqa: F401
    from hf_t2l.offline.hf_cache import place_in_hub_cache

    base, t2l = tiny_llama(), make_hypernetwork()
    src = tmp_path / "base"
    base.config.save_pretrained(src)
    place_in_hub_cache("org/tiny", src, tag="t", cache_dir=constants.HF_HUB_CACHE)
    base.config._name_or_path = "org/tiny"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    model = PeftModel.from_description(base, "Answer in one word.", hypernetwork=t2l)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.save_pretrained(tmp_path / "out")
    assert not [w for w in caught if "Could not find a config file" in str(w.message)]


def test_from_base_model_loads_the_encoder_once():
    from conftest import tiny_llama_config

    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.model.encoder import _load_cached

    _load_cached.cache_clear()
    t2l = TextToLoRA(
        T2LConfig.from_base_model(tiny_llama_config(), encoder="sentence-transformers/all-MiniLM-L6-v2")
    )
    assert _load_cached.cache_info().currsize == 0  # the size came from the folder's JSON files
    t2l.generate("Reply in French.")
    assert _load_cached.cache_info().currsize == 1


# --- item 8: the small things ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["\U0001f600\U0001f680", "\u200b\u200b", "\x00\x00", "\u200d\U0001f600"])
def test_description_without_words_warns(text):
    from hf_t2l.errors import UninformativeDescriptionWarning

    t2l = make_hypernetwork()
    with pytest.warns(UninformativeDescriptionWarning, match="encoder sees nothing"):
        t2l.generate(text + " ")


def test_description_with_words_does_not_warn():
    from hf_t2l.errors import UninformativeDescriptionWarning

    t2l = make_hypernetwork()
    with warnings.catch_warnings():
        warnings.simplefilter("error", UninformativeDescriptionWarning)
        t2l.generate(["Reply in French.", "Réponds en français 🇫🇷"])


def test_cli_help_names_real_files_and_explains_options(capsys):
    from hf_t2l.cli import main

    for argv in (["train", "--help"], ["demo", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
    out = capsys.readouterr().out
    for path in __import__("re").findall(r"configs/[\w.-]+\.yaml", out):
        assert (REPO / path).is_file(), path
    assert "configs/" in out
    demo_help = out.split("--description DESCRIPTION", 1)[1]
    assert demo_help.strip(), "demo --description has no help"


def test_eval_default_data_resolves_from_any_folder(tmp_path, monkeypatch):
    from hf_t2l.cli.checks import resolve_eval_data

    monkeypatch.chdir(tmp_path)
    data = Path(resolve_eval_data(None))
    assert data.is_absolute() and (data / "tasks" / "heldout.jsonl").is_file()
