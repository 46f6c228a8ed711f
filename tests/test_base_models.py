"""Default target modules per model_type (PEFT's table) and what each architecture's default gives: tiny
random configs of transformers' own config classes, built on the meta device."""

from __future__ import annotations

import pytest
from peft.utils import constants as peft_constants

from hf_t2l import T2LConfig
from hf_t2l.base_models import default_target_modules
from hf_t2l.cli import main
from hf_t2l.constants import HYPERNETWORK_DEFAULTS
from hf_t2l.errors import TargetModulesNotFoundError

PEFT_TABLE = peft_constants.TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING
QV = ("q_proj", "v_proj")
# the layout of a tiny decoder: hidden 64, 4 heads of 16, 2 KV heads, 2 layers
SMALL = dict(
    hidden_size=64,
    intermediate_size=128,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    vocab_size=100,
    pad_token_id=0,
)
LLAMA_PATH = "model.layers.{layer}.self_attn.q_proj"

# model_type -> (config kwargs, expected modules, path of the first module, {module: (in, out)})
SERVED = {
    "llama": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "mistral": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "mixtral": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "qwen2": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "qwen3": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 512), "v_proj": (64, 256)}),
    "qwen3_moe": (
        dict(SMALL, moe_intermediate_size=32, num_experts=4, num_experts_per_tok=2),
        QV,
        LLAMA_PATH,
        {"q_proj": (64, 64), "v_proj": (64, 32)},
    ),
    "gemma": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 1024), "v_proj": (64, 512)}),
    "gemma2": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 1024), "v_proj": (64, 512)}),
    "gemma3_text": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 1024), "v_proj": (64, 512)}),
    "stablelm": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "olmo2": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "granite": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "smollm3": (SMALL, QV, LLAMA_PATH, {"q_proj": (64, 64), "v_proj": (64, 32)}),
    "opt": (
        dict(SMALL, ffn_dim=128, word_embed_proj_dim=64),
        QV,
        "model.decoder.layers.{layer}.self_attn.q_proj",
        {"q_proj": (64, 64), "v_proj": (64, 64)},
    ),
    "gptj": (
        dict(n_embd=64, n_layer=2, n_head=4, rotary_dim=8, vocab_size=100),
        QV,
        "transformer.h.{layer}.attn.q_proj",
        {"q_proj": (64, 64), "v_proj": (64, 64)},
    ),
    "gpt_neo": (
        dict(
            hidden_size=64,
            num_layers=2,
            num_heads=4,
            attention_types=[[["global", "local"], 1]],
            vocab_size=100,
        ),
        QV,
        "transformer.h.{layer}.attn.attention.q_proj",
        {"q_proj": (64, 64), "v_proj": (64, 64)},
    ),
    # PEFT's defaults that are not q_proj and v_proj
    "phi": (
        SMALL,
        ("q_proj", "v_proj", "fc1", "fc2"),
        LLAMA_PATH,
        {"q_proj": (64, 64), "v_proj": (64, 32), "fc1": (64, 128), "fc2": (128, 64)},
    ),
    "gpt_neox": (
        SMALL,
        ("query_key_value",),
        "gpt_neox.layers.{layer}.attention.query_key_value",
        {"query_key_value": (64, 192)},
    ),
    "falcon": (
        SMALL,
        ("query_key_value",),
        "transformer.h.{layer}.self_attention.query_key_value",
        {"query_key_value": (64, 96)},  # multi-query: 4 query heads + 1 key + 1 value head of 16
    ),
    "bloom": (
        dict(SMALL, n_layer=2, n_head=4),
        ("query_key_value",),
        "transformer.h.{layer}.self_attention.query_key_value",
        {"query_key_value": (64, 192)},
    ),
    "codegen": (
        dict(n_embd=64, n_layer=2, n_head=4, rotary_dim=8, vocab_size=100),
        ("qkv_proj",),
        "transformer.h.{layer}.attn.qkv_proj",
        {"qkv_proj": (64, 192)},
    ),
    "gpt_bigcode": (
        dict(n_embd=64, n_layer=2, n_head=4, vocab_size=100),
        ("c_attn",),
        "transformer.h.{layer}.attn.c_attn",
        {"c_attn": (64, 96)},  # multi-query: 64 + 2 * 16
    ),
    "mpt": (
        dict(d_model=64, n_layers=2, n_heads=4, vocab_size=100),
        ("Wqkv",),
        "transformer.blocks.{layer}.attn.Wqkv",
        {"Wqkv": (64, 192)},
    ),
}

# model_type -> (config kwargs, modules tried, what the message says about the model)
NOT_SERVED = {
    "gpt2": (
        dict(n_embd=64, n_layer=2, n_head=4, vocab_size=100),
        ("c_attn",),
        "is a Conv1D, not an nn.Linear",
    ),
    "phi3": (SMALL, QV, "fuses q/k/v into one Linear"),
    "rwkv": (
        dict(
            hidden_size=64,
            num_hidden_layers=2,
            attention_hidden_size=64,
            intermediate_size=128,
            vocab_size=100,
        ),
        ("key", "value", "receptance", "output"),
        "'key' appears twice in layer 0",
    ),
    "gemma4_text": (SMALL, QV, "different shapes across layers"),
    "nemotron_h": (SMALL, ("q_proj", "k_proj", "v_proj", "o_proj"), "expected one per layer"),
}


def _config(model_type: str, kwargs: dict):
    from transformers import CONFIG_MAPPING

    return CONFIG_MAPPING[model_type](**kwargs)


def test_the_table_answers_peft_entries():
    for model_type, entry in PEFT_TABLE.items():
        got = default_target_modules(model_type)
        if isinstance(entry, str) or set(entry) == set(QV):  # a regex, or T2L's own default
            assert got == HYPERNETWORK_DEFAULTS.target_modules, model_type
        else:
            assert got == tuple(entry), model_type
    assert default_target_modules("gpt2") == ("c_attn",)
    assert default_target_modules("falcon") == ("query_key_value",)
    assert default_target_modules("llama") == QV
    assert "phi3" not in PEFT_TABLE and default_target_modules("phi3") == QV
    assert default_target_modules(None) == QV


def test_the_table_is_peft_s_own_not_a_copy(monkeypatch):
    monkeypatch.setitem(PEFT_TABLE, "llama", ["q_proj", "k_proj", "v_proj"])
    monkeypatch.setitem(PEFT_TABLE, "some_new_type", ["wq"])
    assert default_target_modules("llama") == ("q_proj", "k_proj", "v_proj")
    assert default_target_modules("some_new_type") == ("wq",)


@pytest.mark.parametrize("model_type", sorted(SERVED))
def test_from_base_model_without_target_modules(model_type):
    kwargs, modules, path, shapes = SERVED[model_type]
    cfg = T2LConfig.from_base_model(_config(model_type, kwargs), encoder="enc", embedding_dim=384)
    assert tuple(cfg.target_modules) == modules == default_target_modules(model_type)
    assert cfg.base_model_type == model_type and cfg.num_layers == 2
    assert cfg.module_paths[modules[0]] == path
    assert {m: (cfg.in_features[m], cfg.out_features[m]) for m in modules} == shapes


@pytest.mark.parametrize("model_type", sorted(NOT_SERVED))
def test_a_default_that_cannot_be_served_says_which_and_how(model_type):
    kwargs, modules, why = NOT_SERVED[model_type]
    assert default_target_modules(model_type) == modules
    with pytest.raises(TargetModulesNotFoundError) as e:
        T2LConfig.from_base_model(_config(model_type, kwargs), encoder="enc", embedding_dim=384)
    message = str(e.value)
    assert f"model_type {model_type!r} ({', '.join(modules)}:" in message
    assert why in message
    assert "pass target_modules=[...]" in message and "--target-modules" in message


def test_given_target_modules_win_over_the_table():
    cfg = T2LConfig.from_base_model(
        _config("phi3", SMALL), encoder="enc", embedding_dim=384, target_modules=["qkv_proj"]
    )
    assert cfg.target_modules == ["qkv_proj"] and cfg.out_features["qkv_proj"] == 128
    with pytest.raises(TargetModulesNotFoundError) as e:  # a name given by the caller: no default to name
        T2LConfig.from_base_model(
            _config("llama", SMALL), encoder="enc", embedding_dim=384, target_modules=["x"]
        )
    assert "default target modules" not in str(e.value)


def test_init_takes_the_table_default(tmp_path, capsys):
    _config("gpt_neox", SMALL).save_pretrained(tmp_path / "base")
    args = ["init", "--base", str(tmp_path / "base"), "--latent-size", "32", "--head-in-size", "64"]
    assert main([*args, "--output", str(tmp_path / "t2l")]) == 0
    assert T2LConfig.from_json_file(tmp_path / "t2l" / "config.json").target_modules == ["query_key_value"]
    _config("gpt2", NOT_SERVED["gpt2"][0]).save_pretrained(tmp_path / "gpt2")
    capsys.readouterr()
    assert main(["init", "--base", str(tmp_path / "gpt2"), "--output", str(tmp_path / "t2l-gpt2")]) == 2
    assert "model_type 'gpt2' (c_attn: PEFT's default)" in capsys.readouterr().err
