"""Adapter names are checked before anything is touched: no writes outside save_pretrained's folder,
no half-registered adapters, and names that PEFT can keep apart work fully."""

from __future__ import annotations

import pytest
import torch
from conftest import logits, make_hypernetwork, tiny_llama
from peft import PeftModel

import hf_t2l
from hf_t2l.errors import AdapterNameError

FRENCH, ENGLISH = "Answer in French.", "Answer in English."


@pytest.fixture(scope="module")
def t2l():
    return make_hypernetwork()


def _snapshot(model: torch.nn.Module) -> dict:
    """Everything a user can observe about the model's adapters and weights."""
    peft_config = getattr(model, "peft_config", {})
    return {
        "type": type(model).__name__,
        "adapters": list(peft_config),
        "configs": {name: c.to_dict() for name, c in peft_config.items()},
        "active": getattr(model, "active_adapter", None),
        "state": {k: v.clone() for k, v in model.state_dict().items()},
        "grad": {k: p.requires_grad for k, p in model.named_parameters()},
        "logits": logits(model),
    }


def _assert_same(before: dict, after: dict) -> None:
    assert after["type"] == before["type"] and after["adapters"] == before["adapters"]
    assert after["configs"] == before["configs"] and after["active"] == before["active"]
    assert list(after["state"]) == list(before["state"])
    assert all(torch.equal(after["state"][k], v) for k, v in before["state"].items())
    assert after["grad"] == before["grad"]
    assert torch.equal(after["logits"], before["logits"])


def _path_names(tmp_path):
    return [
        str(tmp_path / "outside"),
        "../outside",
        "sub/dir",
        "sub\\dir",
        "..",
        ".",
        "a.b",
        "C:x",
        "tab\there",
    ]


def test_path_like_names_are_refused_on_a_base_model(t2l, tmp_path):
    for name in _path_names(tmp_path):
        base = tiny_llama()
        before = _snapshot(base)
        with pytest.raises(AdapterNameError, match="plain name"):
            PeftModel.from_description(base, FRENCH, hypernetwork=t2l, adapter_name=name)
        _assert_same(before, _snapshot(base))
    assert not (tmp_path / "outside").exists() and not (tmp_path.parent / "outside").exists()


def test_path_like_names_are_refused_on_a_peft_model(t2l, tmp_path):
    model = PeftModel.from_description(tiny_llama(), ENGLISH, hypernetwork=t2l)
    before = _snapshot(model)
    for name in _path_names(tmp_path):
        with pytest.raises(AdapterNameError, match="plain name"):
            model.load_description(FRENCH, adapter_name=name)
        with pytest.raises(AdapterNameError, match="plain name"):
            PeftModel.from_description(model, FRENCH, hypernetwork=t2l, adapter_name=name)
        _assert_same(before, _snapshot(model))
    hf_t2l.save_adapter(model, tmp_path / "out")
    assert not (tmp_path / "outside").exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "README.md",
        "adapter_config.json",
        "adapter_model.safetensors",
    ]


@pytest.mark.parametrize("name", ["lora_A", "q_proj", "v_proj", "layers", "self_attn", "0", "weight", "lora"])
def test_names_of_model_parts_are_refused_and_the_model_is_left_as_before(t2l, name):
    model = PeftModel.from_description(tiny_llama(), ENGLISH, hypernetwork=t2l)
    before = _snapshot(model)
    with pytest.raises(AdapterNameError) as excinfo:
        model.load_description(FRENCH, adapter_name=name, activate=True)
    assert repr(name) in str(excinfo.value) and "choose" in str(excinfo.value).lower()
    _assert_same(before, _snapshot(model))

    base = tiny_llama()
    before = _snapshot(base)
    with pytest.raises(AdapterNameError):
        PeftModel.from_description(base, FRENCH, hypernetwork=t2l, adapter_name=name)
    _assert_same(before, _snapshot(base))


def test_other_names_work_fully(t2l, tmp_path):
    """Names that only look like model parts ('q', 'proj') or hold '-' work, through save and reload."""
    names = ["french", "task-1", "q", "proj"]
    model = PeftModel.from_description(tiny_llama(), ENGLISH, hypernetwork=t2l)
    for name in names:
        model.load_description(FRENCH, adapter_name=name)
    want = logits(PeftModel.from_description(tiny_llama(), FRENCH, hypernetwork=t2l))
    model.save_pretrained(tmp_path / "out")
    for name in names:
        model.set_adapter(name)
        assert torch.allclose(logits(model), want, atol=1e-6), name
        reloaded = PeftModel.from_pretrained(tiny_llama(), tmp_path / "out" / name)
        assert torch.allclose(logits(reloaded), want, atol=1e-6), name
    model.set_adapter("default")
    default = PeftModel.from_pretrained(tiny_llama(), tmp_path / "out")
    assert torch.allclose(logits(model), logits(default), atol=1e-6)
