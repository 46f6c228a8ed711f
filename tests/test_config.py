import json

import pytest
from conftest import tiny_llama_config

from hf_t2l import T2LConfig
from hf_t2l.errors import InvalidConfigError, TargetModulesNotFoundError, UnknownConfigKeysWarning

SMALL = dict(
    hidden_size=64,
    intermediate_size=128,
    num_hidden_layers=3,
    num_attention_heads=4,
    num_key_value_heads=2,
    vocab_size=100,
)


def _configs():
    from transformers import Gemma2Config, LlamaConfig, MistralConfig, Qwen2Config, Qwen3Config

    # (config, q out, v out): q = heads * head_dim, v = kv_heads * head_dim
    return {
        "llama": (LlamaConfig(**SMALL), 64, 32),
        "mistral": (MistralConfig(**SMALL), 64, 32),
        "qwen2": (Qwen2Config(**SMALL), 64, 32),
        "qwen3": (Qwen3Config(**SMALL, head_dim=24), 96, 48),
        "gemma2": (Gemma2Config(**SMALL, head_dim=32), 128, 64),
    }


@pytest.mark.parametrize("arch", ["llama", "mistral", "qwen2", "qwen3", "gemma2"])
def test_from_base_model_reads_shapes_and_paths_from_config(arch):
    base, q_out, v_out = _configs()[arch]
    cfg = T2LConfig.from_base_model(base, encoder="enc", embedding_dim=384)
    assert cfg.num_layers == 3
    assert cfg.in_features == {"q_proj": 64, "v_proj": 64}
    assert cfg.out_features == {"q_proj": q_out, "v_proj": v_out}
    assert cfg.module_paths["q_proj"] == "model.layers.{layer}.self_attn.q_proj"
    assert cfg.peft_key("v_proj", 2, "B") == "base_model.model.model.layers.2.self_attn.v_proj.lora_B.weight"
    assert cfg.base_model_type == arch


def test_mistral_7b_shapes_without_weights():
    from transformers import MistralConfig

    cfg = T2LConfig.from_base_model(MistralConfig(), encoder="enc", embedding_dim=1024)
    assert (
        cfg.num_layers,
        cfg.in_features["q_proj"],
        cfg.out_features["q_proj"],
        cfg.out_features["v_proj"],
    ) == (32, 4096, 4096, 1024)


def test_from_local_folder_reads_only_config(tmp_path):
    tiny_llama_config().save_pretrained(tmp_path)  # config.json only: no weights exist to load
    cfg = T2LConfig.from_base_model(
        tmp_path, encoder="enc", embedding_dim=384, base_model_name_or_path="org/tiny"
    )
    assert cfg.base_model_name_or_path == "org/tiny"
    assert cfg.num_layers == 2 and cfg.out_features["v_proj"] == 32


def test_json_round_trip(tmp_path):
    cfg = T2LConfig.from_base_model(
        tiny_llama_config(), encoder="enc", embedding_dim=384, variant="S", rank=4
    )
    path = tmp_path / "config.json"
    path.write_text(cfg.to_json_string())
    again = T2LConfig.from_json_file(path)
    assert again == cfg
    assert again.hf_t2l_version is not None and again.scaling == pytest.approx(16 / 2)


def test_unknown_keys_from_newer_version_are_dropped_with_one_warning(tmp_path):
    data = T2LConfig.from_base_model(tiny_llama_config(), encoder="enc", embedding_dim=384).to_dict()
    data.update(future_knob=3, another_one="x")
    path = tmp_path / "config.json"
    path.write_text(json.dumps(data))
    with pytest.warns(UnknownConfigKeysWarning, match="future_knob.*a newer one") as record:
        cfg = T2LConfig.from_json_file(path)
    assert len(record) == 1
    assert not hasattr(cfg, "future_knob")


def test_unknown_variant_is_rejected_with_choices():
    with pytest.raises(InvalidConfigError, match=r"variant='XL'.*L, M, S"):
        T2LConfig.from_base_model(tiny_llama_config(), encoder="enc", embedding_dim=384, variant="XL")


def test_missing_target_module_names_available_modules():
    with pytest.raises(TargetModulesNotFoundError, match=r"'c_attn'.*q_proj"):
        T2LConfig.from_base_model(
            tiny_llama_config(), encoder="enc", embedding_dim=384, target_modules=("c_attn",)
        )


def test_fused_qkv_models_need_the_fused_module_as_target():
    from transformers import Phi3Config

    base = Phi3Config(**{**SMALL, "vocab_size": 32064})
    with pytest.raises(TargetModulesNotFoundError, match="fuses q/k/v"):
        T2LConfig.from_base_model(base, encoder="enc", embedding_dim=384)
    cfg = T2LConfig.from_base_model(
        base, encoder="enc", embedding_dim=384, target_modules=("qkv_proj", "o_proj")
    )
    assert cfg.out_features["qkv_proj"] == 64 + 2 * 32


def test_bad_config_values_name_the_argument():
    base = dict(
        base_model_name_or_path="x",
        num_layers=2,
        target_modules=["q"],
        in_features={"q": 4},
        out_features={"q": 4},
        module_paths={"q": "layers.{layer}.q"},
    )
    T2LConfig(**base)
    with pytest.raises(InvalidConfigError, match="rank=0"):
        T2LConfig(**base, rank=0)
    with pytest.raises(InvalidConfigError, match="pooling='max'"):
        T2LConfig(**base, pooling="max")
    with pytest.raises(InvalidConfigError, match="no '\\{layer\\}'"):
        T2LConfig(**{**base, "module_paths": {"q": "layers.q"}})
    with pytest.raises(InvalidConfigError, match="pred_z_score"):
        T2LConfig(**base, training_task="recon", pred_z_score=True, factorized=False)
