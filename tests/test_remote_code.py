"""No code from a repo runs without the caller's consent (trust_remote_code).

The encoder and base-model repos used here are real transformers custom-code repos: config.json maps
AutoConfig/AutoModel to a .py file in the repo (``auto_map``), and importing that file writes a marker
file. The marker's absence proves that no code from the repo ran.
"""

from __future__ import annotations

import importlib.util
import json
import uuid
from pathlib import Path

import pytest
import torch
from conftest import perturb, tiny_llama, tiny_llama_config
from huggingface_hub import HfApi
from peft import PeftModel

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.cli import main
from hf_t2l.errors import RemoteCodeNotTrustedError

SPACES = Path(__file__).resolve().parent.parent / "spaces"
WORDS = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    *"abcdefghijklmnopqrstuvwxyz.",
    "answer",
    "in",
    "french",
]


def _marker_code(marker: Path, module: str, base: str, model_type: str, *, model: str) -> str:
    """A custom-code module: writes ``marker`` when imported, then defines a config and a model class."""
    return (
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text({module!r})\n"
        f"from transformers import {base}Config, {model}\n\n\n"
        f"class MarkerConfig({base}Config):\n    model_type = {model_type!r}\n\n\n"
        f"class MarkerModel({model}):\n    config_class = MarkerConfig\n"
    )


def marker_encoder(folder: Path, marker: Path) -> Path:
    """A tiny sentence-transformers BERT encoder (32-d) whose model class is custom code in the repo."""
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder.mkdir(parents=True)
    (folder / "vocab.txt").write_text("\n".join(WORDS) + "\n")
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(WORDS),
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(folder)
    module = f"t2l_marker_{uuid.uuid4().hex[:8]}"
    cfg = json.loads((folder / "config.json").read_text())
    cfg.update(
        model_type="t2l-marker-bert",
        architectures=["MarkerModel"],
        auto_map={"AutoConfig": f"{module}.MarkerConfig", "AutoModel": f"{module}.MarkerModel"},
    )
    (folder / "config.json").write_text(json.dumps(cfg))
    code = _marker_code(marker, module, "Bert", "t2l-marker-bert", model="BertModel")
    (folder / f"{module}.py").write_text(code)
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            ]
        )
    )
    (folder / "1_Pooling").mkdir()
    pooling = {"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    return folder


def hypernetwork_folder(folder: Path, encoder: str, *, needs_remote_code: bool) -> Path:
    """A hypernetwork for the tiny Llama whose config.json names ``encoder`` and whether it needs code."""
    torch.manual_seed(0)
    cfg = T2LConfig.from_base_model(
        tiny_llama_config(),
        encoder=encoder,
        embedding_dim=32,
        latent_size=32,
        head_in_size=64,
        encoder_trust_remote_code=needs_remote_code,
    )
    t2l = TextToLoRA(cfg)
    perturb(t2l)
    t2l.save_pretrained(folder)
    assert json.loads((folder / "config.json").read_text())["encoder_trust_remote_code"] is needs_remote_code
    return folder


def _check_refusal(excinfo, repo: str) -> None:
    message = str(excinfo.value)
    assert repo in message and "trust_remote_code=True" in message and "--trust-remote-code" in message
    assert isinstance(excinfo.value, ValueError)


def test_hub_hypernetwork_config_cannot_switch_on_remote_code(hub, tmp_path):
    marker = tmp_path / "MARKER"
    api = HfApi()
    tag = uuid.uuid4().hex[:6]
    encoder_repo, t2l_repo = f"attacker/encoder-{tag}", f"attacker/t2l-{tag}"
    for repo, folder in (
        (encoder_repo, marker_encoder(tmp_path / "enc", marker)),
        (t2l_repo, hypernetwork_folder(tmp_path / "t2l", encoder_repo, needs_remote_code=True)),
    ):
        api.create_repo(repo)
        api.upload_folder(repo_id=repo, folder_path=folder)

    base = tiny_llama()
    before = set(base.state_dict())
    with pytest.raises(RemoteCodeNotTrustedError) as excinfo:
        PeftModel.from_description(base, "Answer in French.", hypernetwork=t2l_repo)
    _check_refusal(excinfo, encoder_repo)
    assert not marker.exists(), "the encoder repo's code ran without consent"
    assert set(base.state_dict()) == before  # the base model was not touched

    model = PeftModel.from_description(
        base, "Answer in French.", hypernetwork=t2l_repo, trust_remote_code=True
    )
    assert marker.exists()  # with consent, the encoder's code ran and the adapter was made
    assert list(model.peft_config) == ["default"]


def test_local_folder_needs_the_callers_consent_and_never_saves_it(tmp_path):
    marker = tmp_path / "MARKER"
    encoder = marker_encoder(tmp_path / "enc", marker)
    folder = hypernetwork_folder(tmp_path / "t2l", str(encoder), needs_remote_code=True)
    t2l = TextToLoRA.from_pretrained(folder)
    with pytest.raises(RemoteCodeNotTrustedError) as excinfo:
        t2l.generate("Answer in French.")
    _check_refusal(excinfo, str(encoder))
    with pytest.raises(RemoteCodeNotTrustedError):
        t2l.get_encoder(trust_remote_code=None)
    assert not marker.exists()

    trusted = TextToLoRA.from_pretrained(folder, trust_remote_code=True)
    assert trusted.generate("Answer in French.").state_dict
    assert marker.exists()
    # the consent belongs to this call: the config keeps its record, and a save does not carry consent
    assert trusted.config.encoder_trust_remote_code is True
    trusted.save_pretrained(tmp_path / "again")
    assert TextToLoRA.from_pretrained(tmp_path / "again").trust_remote_code is False


def test_consent_is_not_written_into_the_config(tmp_path):
    """Loading with trust_remote_code=True must not turn a saved copy into one that asks for code."""
    folder = hypernetwork_folder(tmp_path / "t2l", "some/encoder", needs_remote_code=False)
    TextToLoRA.from_pretrained(folder, trust_remote_code=True).save_pretrained(tmp_path / "copy")
    assert json.loads((tmp_path / "copy" / "config.json").read_text())["encoder_trust_remote_code"] is False


def test_config_that_hides_the_need_is_refused_by_name(tmp_path):
    """A config that says the encoder needs no code does not get its code run either."""
    marker = tmp_path / "MARKER"
    encoder = marker_encoder(tmp_path / "enc", marker)
    folder = hypernetwork_folder(tmp_path / "t2l", str(encoder), needs_remote_code=False)
    with pytest.raises(RemoteCodeNotTrustedError) as excinfo:
        PeftModel.from_description(tiny_llama(), "Answer in French.", hypernetwork=str(folder))
    _check_refusal(excinfo, str(encoder))
    assert not marker.exists()


def test_cli_asks_for_the_flag(tmp_path, capsys):
    marker = tmp_path / "MARKER"
    encoder = marker_encoder(tmp_path / "enc", marker)
    folder = hypernetwork_folder(tmp_path / "t2l", str(encoder), needs_remote_code=True)
    argv = [
        "generate",
        "Answer in French.",
        "--hypernetwork",
        str(folder),
        "--output",
        str(tmp_path / "lora"),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--trust-remote-code" in err and str(encoder) in err and "Traceback" not in err
    assert not marker.exists() and not (tmp_path / "lora").exists()
    assert main([*argv, "--trust-remote-code"]) == 0
    assert marker.exists() and (tmp_path / "lora" / "adapter_model.safetensors").is_file()


def test_base_config_with_custom_code_is_refused(tmp_path):
    marker = tmp_path / "MARKER"
    base = tmp_path / "base"
    module = f"t2l_marker_base_{uuid.uuid4().hex[:8]}"
    tiny_llama_config().save_pretrained(base)
    cfg = json.loads((base / "config.json").read_text())
    cfg.update(
        model_type="t2l-marker-llama",
        auto_map={"AutoConfig": f"{module}.MarkerConfig", "AutoModelForCausalLM": f"{module}.MarkerModel"},
    )
    (base / "config.json").write_text(json.dumps(cfg))
    code = _marker_code(marker, module, "Llama", "t2l-marker-llama", model="LlamaForCausalLM")
    (base / f"{module}.py").write_text(code)
    with pytest.raises(RemoteCodeNotTrustedError) as excinfo:
        T2LConfig.from_base_model(base, encoder="some/encoder", embedding_dim=32)
    _check_refusal(excinfo, str(base))
    assert not marker.exists()
    assert main(["init", "--base", str(base), "--output", str(tmp_path / "t2l")]) == 2
    assert "--trust-remote-code" in str(excinfo.value) and not marker.exists()

    config = T2LConfig.from_base_model(base, encoder="some/encoder", embedding_dim=32, trust_remote_code=True)
    assert marker.exists() and config.num_layers == 2


def test_space_never_takes_trust_from_a_config(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(SPACES))
    backend = importlib.import_module("t2l_backend")
    marker = tmp_path / "MARKER"
    encoder = marker_encoder(tmp_path / "enc", marker)
    folder = hypernetwork_folder(tmp_path / "t2l", str(encoder), needs_remote_code=True)
    choice = backend.Choice(label="custom", base_model="bundled", hypernetwork=str(folder))
    with pytest.raises(RemoteCodeNotTrustedError):
        backend.get_hypernetwork(choice)
    assert not marker.exists()
