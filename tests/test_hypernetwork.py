import json

import pytest
import torch
from conftest import make_hypernetwork, perturb, tiny_llama_config

from hf_t2l import GeneratedAdapter, T2LConfig, TextToLoRA
from hf_t2l.errors import CheckpointError, HypernetworkNotFoundError, UnknownConfigKeysWarning

VARIANTS = [("L", False), ("M", False), ("S", False), ("S", True), ("L-autoreg", False), ("L-autoreg", True)]


@pytest.mark.parametrize("variant,expected", [("L", 55.42e6), ("M", 34.41e6), ("S", 4.99e6)])
def test_parameter_counts_for_mistral_7b_shapes(variant, expected):
    from transformers import MistralConfig

    cfg = T2LConfig.from_base_model(MistralConfig(), encoder="gte", embedding_dim=1024, variant=variant)
    with torch.device("meta"):
        t2l = TextToLoRA(cfg)
    assert t2l.num_parameters() == pytest.approx(expected, abs=0.006e6)
    assert t2l.num_parameters(trainable_only=False) - t2l.num_parameters() == 3 * 32 * 8 * (4096 * 3 + 1024)


def _delta_w(adapter: GeneratedAdapter) -> float:
    sd = adapter.state_dict
    return max(float((sd[k.replace("lora_A", "lora_B")] @ sd[k]).abs().max()) for k in sd if "lora_A" in k)


@pytest.mark.parametrize("variant,learned", VARIANTS)
def test_fresh_hypernetwork_writes_zero_delta_w_and_trained_one_does_not(variant, learned):
    t2l = make_hypernetwork(variant=variant, learnable_pos_emb=learned, trained_like=False)
    emb = torch.randn(3, 384)
    for adapter in t2l.generate(task_embeddings=emb):
        assert _delta_w(adapter) == 0.0
        a = next(v for k, v in adapter.state_dict.items() if "lora_A" in k)
        assert a.abs().max() > 0  # A starts at the LoRA init, so B can learn
    perturb(t2l)
    first, second = t2l.generate(task_embeddings=emb[:2])
    assert _delta_w(first) > 0
    key = next(iter(first.state_dict))
    assert not torch.equal(first.state_dict[key], second.state_dict[key])  # depends on the task


@pytest.mark.parametrize("variant,learned", VARIANTS)
def test_batched_generation_equals_single_calls(variant, learned):
    t2l = make_hypernetwork(variant=variant, learnable_pos_emb=learned)
    emb = torch.randn(8, 384)
    batched = t2l.generate(task_embeddings=emb)
    for i in range(8):
        single = t2l.generate(task_embeddings=emb[i])
        assert isinstance(single, GeneratedAdapter)
        for key, value in single.state_dict.items():
            torch.testing.assert_close(batched[i].state_dict[key], value, rtol=1e-5, atol=1e-6)


def test_adapter_keys_shapes_and_config_are_plain_peft():
    t2l = make_hypernetwork()
    adapter = t2l.generate(task_embeddings=torch.randn(384))
    cfg = t2l.config
    assert len(adapter.state_dict) == cfg.num_layers * len(cfg.target_modules) * 2
    a = adapter.state_dict["base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight"]
    b = adapter.state_dict["base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"]
    assert a.shape == (8, 64) and b.shape == (32, 8) and a.dtype == torch.float32
    lc = adapter.lora_config
    assert (lc.r, lc.lora_alpha, lc.use_rslora, set(lc.target_modules)) == (8, 16, True, {"q_proj", "v_proj"})
    assert adapter.scaling == pytest.approx(16 / 8**0.5)
    standard = t2l.generate(task_embeddings=torch.randn(384), use_rslora=False)
    assert standard.scaling == pytest.approx(2.0) and standard.provenance["scaling"] == pytest.approx(2.0)


def test_text_path_equals_embedding_path():
    t2l = make_hypernetwork()
    texts = ["Classify the sentiment of a movie review", "Translate English to French."]
    from_text = t2l.generate(texts)
    from_emb = t2l.generate(task_embeddings=t2l.get_encoder().encode(texts))
    for a, b in zip(from_text, from_emb):
        assert a.description in texts
        for key in a.state_dict:
            torch.testing.assert_close(a.state_dict[key], b.state_dict[key])


def test_save_and_reload_round_trip(tmp_path):
    t2l = make_hypernetwork(variant="M")
    t2l.save_pretrained(tmp_path / "t2l")
    assert sorted(p.name for p in (tmp_path / "t2l").iterdir()) == [
        "README.md",
        "config.json",
        "model.safetensors",
    ]
    again = TextToLoRA.from_pretrained(tmp_path / "t2l")
    assert again.config == t2l.config
    assert again.num_parameters() == t2l.num_parameters()
    assert not again.AB_offset.A["q_proj"].requires_grad
    emb = torch.randn(2, 384)
    for a, b in zip(t2l.generate(task_embeddings=emb), again.generate(task_embeddings=emb)):
        for key in a.state_dict:
            assert torch.equal(a.state_dict[key], b.state_dict[key])


def test_adapter_save_pretrained_writes_a_peft_folder(tmp_path):
    from peft import LoraConfig
    from safetensors.torch import load_file, safe_open

    adapter = make_hypernetwork().generate("Reverse the letters of the word.")
    adapter.save_pretrained(tmp_path / "lora")
    assert sorted(p.name for p in (tmp_path / "lora").iterdir()) == [
        "README.md",
        "adapter_config.json",
        "adapter_model.safetensors",
    ]
    loaded = load_file(tmp_path / "lora" / "adapter_model.safetensors")
    assert loaded.keys() == adapter.state_dict.keys()
    assert all(torch.equal(loaded[k], v) for k, v in adapter.state_dict.items())
    assert LoraConfig.from_pretrained(tmp_path / "lora").use_rslora is True
    with safe_open(tmp_path / "lora" / "adapter_model.safetensors", "pt") as f:
        assert f.metadata()["hf_t2l_description"] == "Reverse the letters of the word."


def test_failed_save_leaves_nothing_half_written(tmp_path, monkeypatch):
    import safetensors.torch

    t2l = make_hypernetwork()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(safetensors.torch, "save_file", broken)
    with pytest.raises(OSError, match="disk full"):
        t2l.save_pretrained(tmp_path / "t2l")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_corrupt_or_truncated_weights_are_a_clear_error(tmp_path, damage):
    make_hypernetwork().save_pretrained(tmp_path)
    weights = tmp_path / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(b"\x00not a safetensors file" if damage == "garbage" else data[: len(data) // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated.*force_download"):
        TextToLoRA.from_pretrained(tmp_path)


def test_weights_from_another_hypernetwork_name_the_mismatch(tmp_path):
    make_hypernetwork().save_pretrained(tmp_path / "a")
    make_hypernetwork(tiny_llama_config(num_hidden_layers=3)).save_pretrained(tmp_path / "b")
    (tmp_path / "a" / "model.safetensors").write_bytes((tmp_path / "b" / "model.safetensors").read_bytes())
    with pytest.raises(
        CheckpointError, match=r"layer_depth_encoder.0.weight: file \[3, 8\] vs config \[2, 8\]"
    ):
        TextToLoRA.from_pretrained(tmp_path / "a")


def test_config_from_newer_version_loads_with_warning(tmp_path):
    make_hypernetwork().save_pretrained(tmp_path)
    data = json.loads((tmp_path / "config.json").read_text())
    data["hf_t2l_version"], data["new_feature"] = "9.0.0", True
    (tmp_path / "config.json").write_text(json.dumps(data))
    with pytest.warns(UnknownConfigKeysWarning, match="new_feature"):
        t2l = TextToLoRA.from_pretrained(tmp_path)
    assert t2l.config.num_layers == 2


def test_missing_folder_or_files_are_named(tmp_path):
    with pytest.raises(HypernetworkNotFoundError, match="No folder"):
        TextToLoRA.from_pretrained(tmp_path / "nope")
    (tmp_path / "half").mkdir()
    (tmp_path / "half" / "config.json").write_text("{}")
    with pytest.raises(HypernetworkNotFoundError, match="model.safetensors missing"):
        TextToLoRA.from_pretrained(tmp_path / "half")


def test_all_zero_fixed_tensors_are_declared_not_stored(tmp_path):
    from safetensors import safe_open

    t2l = make_hypernetwork(
        variant="M"
    )  # M keeps the LoRA A init in AB_offset.A; B offsets and statistics are zero
    t2l.save_pretrained(tmp_path)
    with safe_open(tmp_path / "model.safetensors", "pt") as f:
        stored = set(f.keys())
    assert "AB_offset.A.q_proj" in stored
    assert not any(k.startswith(("AB_offset.B.", "mean_recon_target.", "std_recon_target.")) for k in stored)
    again = TextToLoRA.from_pretrained(tmp_path)
    for key, value in t2l.state_dict().items():
        assert torch.equal(again.state_dict()[key], value), key


def test_l_heads_are_stored_in_the_reference_order(tmp_path):
    """L keeps B's head rows in (out, r) order inside the module; files and state_dict() use the reference
    (r, out) order, whichever way they are loaded back."""
    from safetensors.torch import load_file

    t2l = make_hypernetwork(variant="L", seed=4)
    cfg, r = t2l.config, t2l.config.rank
    emb = torch.randn(2, cfg.embedding_dim)
    with torch.no_grad():
        weights = t2l(emb)
        state = t2l.state_dict()
        for m, (_A, B) in weights.items():  # the reference formula on the reference-order state dict
            z = t2l.mlp3(
                t2l.mlp2(
                    t2l.mlp1(
                        t2l.mixer(
                            torch.cat(
                                [
                                    t2l.task_encoder(emb)[:, None, None, :].expand(
                                        2, len(cfg.target_modules), cfg.num_layers, -1
                                    ),
                                    t2l.layer_depth_encoder(torch.arange(cfg.num_layers))[None, None].expand(
                                        2, len(cfg.target_modules), -1, -1
                                    ),
                                    t2l.layer_type_encoder(torch.arange(len(cfg.target_modules)))[
                                        None, :, None
                                    ].expand(2, -1, cfg.num_layers, -1),
                                ],
                                dim=-1,
                            )
                        )
                    )
                )
            )[:, cfg.target_modules.index(m)]
            y = z @ state[f"heads.{m}.weight"].T + state[f"heads.{m}.bias"]
            fan_in, fan_out = cfg.in_features[m], cfg.out_features[m]
            B_ref = y[..., r * fan_in :].unflatten(-1, (r, fan_out)).transpose(-1, -2)
            torch.testing.assert_close(B, B_ref + t2l.AB_offset.B[m], rtol=1e-5, atol=1e-6)
            assert B[0, 0].is_contiguous()
    t2l.save_pretrained(tmp_path / "h")
    on_disk = load_file(str(tmp_path / "h" / "model.safetensors"))
    for m in cfg.target_modules:
        assert torch.equal(on_disk[f"heads.{m}.weight"], state[f"heads.{m}.weight"])
    from_file = TextToLoRA.from_pretrained(tmp_path / "h")  # in-place reorder of the tensors it read
    from_dict = TextToLoRA(cfg)
    from_dict.load_state_dict(state)  # the load hook's copy
    for other in (from_file, from_dict):
        with torch.no_grad():
            for m, (A, B) in other(emb).items():
                assert torch.equal(A, weights[m][0]) and torch.equal(B, weights[m][1])


@pytest.mark.parametrize("variant", ["L", "M", "S"])
def test_generation_follows_changes_to_description_independent_parameters(variant):
    """Layer/module features (and M/S's A/B embeddings) are kept between generations; any change to
    their parameters, in place or by replacement, must show in the next adapters."""
    t2l = make_hypernetwork(variant=variant)
    emb = torch.randn(2, t2l.config.embedding_dim)

    def check():
        with torch.no_grad():
            kept = t2l(emb, dense=True)
        with torch.enable_grad():  # recomputes everything (nothing is kept under autograd)
            fresh = t2l(emb)
        for m in kept:
            for a, b in zip(kept[m], fresh[m]):
                torch.testing.assert_close(a, b.detach())

    check()
    with torch.no_grad():
        t2l.layer_depth_encoder[0].weight.add_(0.5)
        if variant != "L":
            t2l.out_emb[t2l.config.target_modules[0]]["B"].mul_(2)
    check()
    t2l.layer_type_encoder[1].weight = torch.nn.Parameter(
        torch.full_like(t2l.layer_type_encoder[1].weight, 3.0)
    )
    check()
