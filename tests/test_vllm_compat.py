"""Generated adapters meet what vLLM's multi-LoRA serving reads, and the check names what it would refuse."""

import json
import re

import pytest
import torch
from conftest import make_hypernetwork
from safetensors import safe_open
from safetensors.torch import save_file

from hf_t2l.adapters.vllm_compat import check_vllm_compatible
from hf_t2l.errors import VLLMIncompatibleAdapterError


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    t2l = make_hypernetwork(variant="S")
    folder = tmp_path_factory.mktemp("vllm") / "adapter"
    t2l.generate(task_embeddings=torch.randn(384)).save_pretrained(folder)
    return t2l.config, folder


@pytest.mark.parametrize("variant", ["L", "M", "S"])
def test_generated_adapters_meet_vllm_constraints(variant, tmp_path):
    t2l = make_hypernetwork(variant=variant)
    cfg = t2l.config
    t2l.generate(task_embeddings=torch.randn(384)).save_pretrained(tmp_path)
    config = check_vllm_compatible(tmp_path, max_lora_rank=8)
    assert config["r"] == cfg.rank <= 8 and config["lora_alpha"] == cfg.lora_alpha
    assert sorted(config["target_modules"]) == sorted(cfg.target_modules)
    assert not config["modules_to_save"] and config["bias"] == "none" and not config["use_dora"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".bin", ".pt", ".safetensors")) == [
        "adapter_model.safetensors"
    ]
    with safe_open(str(tmp_path / "adapter_model.safetensors"), "pt") as f:
        keys = set(f.keys())
        for layer in range(cfg.num_layers):
            for m in cfg.target_modules:
                for side, shape in (
                    ("A", [cfg.rank, cfg.in_features[m]]),
                    ("B", [cfg.out_features[m], cfg.rank]),
                ):
                    key = f"base_model.model.model.layers.{layer}.self_attn.{m}.lora_{side}.weight"
                    assert key in keys and f.get_slice(key).get_shape() == shape
    assert len(keys) == cfg.num_layers * len(cfg.target_modules) * 2


@pytest.mark.parametrize(
    "change,reason",
    [
        ({"r": 16}, r"r=16 is above --max-lora-rank 8"),
        ({"modules_to_save": ["score"]}, r"modules_to_save=\['score'\]"),
        ({"bias": "all"}, r"bias='all'"),
        ({"use_dora": True}, r"use_dora=true"),
        ({"target_modules": ["q_proj", "rotary_emb"]}, r"target_modules="),
    ],
)
def test_what_vllm_would_refuse_is_named(saved, tmp_path, change, reason):
    _, folder = saved
    config = json.loads((folder / "adapter_config.json").read_text())
    (tmp_path / "adapter_config.json").write_text(json.dumps({**config, **change}))
    (tmp_path / "adapter_model.safetensors").write_bytes((folder / "adapter_model.safetensors").read_bytes())
    with pytest.raises(VLLMIncompatibleAdapterError, match=reason) as info:
        check_vllm_compatible(tmp_path, max_lora_rank=8)
    assert isinstance(info.value, ValueError) and str(tmp_path) in str(info.value)


def test_extra_tensors_and_missing_files_are_refused(saved, tmp_path):
    _, folder = saved
    (tmp_path / "adapter_config.json").write_text((folder / "adapter_config.json").read_text())
    with pytest.raises(
        VLLMIncompatibleAdapterError, match="needs adapter_config.json and adapter_model.safetensors"
    ):
        check_vllm_compatible(tmp_path)
    save_file(
        {"base_model.model.lm_head.weight": torch.zeros(4, 4)}, str(tmp_path / "adapter_model.safetensors")
    )
    with pytest.raises(
        VLLMIncompatibleAdapterError, match=re.escape("'base_model.model.lm_head.weight' is not a LoRA")
    ):
        check_vllm_compatible(tmp_path)
