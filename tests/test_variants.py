"""hf_t2l.model.variants: the registry is the one list of variants; a new one is one class registered here."""

from __future__ import annotations

import pytest
import torch
from conftest import make_hypernetwork, tiny_llama_config

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.cli import build_parser
from hf_t2l.constants import HYPERNETWORK_DEFAULTS, HYPERNETWORK_SIZES
from hf_t2l.errors import InvalidConfigError
from hf_t2l.model import variants
from hf_t2l.model.variants import HypernetworkVariant, register_variant


class Tied(HypernetworkVariant):
    """A toy variant: as L, but B's columns in (r, out) order inside the module too (no reordering)."""

    name = "toy-tied"

    @classmethod
    def head_out_size(cls, config, module):
        return config.rank * (config.in_features[module] + config.out_features[module])

    @classmethod
    def head_inputs(cls, model, h, ab):
        return model.mlp3(model.mlp2(h))

    @classmethod
    def lora_ab(cls, model, z, t, module):
        cfg, r = model.config, model.config.rank
        fan_in, fan_out = cfg.in_features[module], cfg.out_features[module]
        y = model.heads[module](z[:, t])
        return y[..., : r * fan_in].unflatten(-1, (r, fan_in)), y[..., r * fan_in :].unflatten(
            -1, (r, fan_out)
        ).transpose(-1, -2)


@pytest.fixture
def toy_registered(monkeypatch):
    """The registry with the toy variant added (the built-in registry is restored afterwards)."""
    monkeypatch.setattr(variants, "REGISTRY", dict(variants.REGISTRY))
    register_variant(Tied)
    return Tied


def test_the_registry_holds_the_four_builtin_variants_with_the_reference_flags():
    assert variants.variant_names()[:4] == ("L", "M", "S", "L-autoreg")
    flags = {name: variants.get_variant(name).reference_flags() for name in ("L", "M", "S", "L-autoreg")}
    assert flags == {"L": (False, False), "M": (True, False), "S": (True, True), "L-autoreg": (False, True)}
    for name, (shared, autoreg) in flags.items():
        assert variants.variant_for_reference(shared_ab_head=shared, autoreg_gen=autoreg).name == name


def test_an_unknown_variant_names_the_registered_ones(toy_registered):
    known = r"use one of L, M, S, L-autoreg, toy-tied\."
    with pytest.raises(InvalidConfigError, match=r"variant='nope' is not known; " + known):
        make_hypernetwork(variant="nope")


def test_a_variant_registered_in_a_test_builds_generates_saves_and_loads(toy_registered, tmp_path):
    fresh = make_hypernetwork(variant="toy-tied", trained_like=False)
    assert fresh.variant is Tied and fresh.config.head_out_size("q_proj") == 8 * (64 + 64)
    adapter = fresh.generate(task_embeddings=torch.randn(384))
    sd = adapter.state_dict
    a_key = next(k for k in sd if "lora_A" in k)
    assert sd[a_key].abs().max() > 0  # PEFT's A init, from AB_offset.A (the default init)
    assert all(float(sd[k].abs().max()) == 0.0 for k in sd if "lora_B" in k)  # delta W = 0 until trained

    t2l = make_hypernetwork(variant="toy-tied")
    emb = torch.randn(3, 384)
    batched = t2l.generate(task_embeddings=emb)
    with torch.no_grad():
        A, B = t2l(emb, dense=True)["q_proj"]
    first = batched[0].state_dict
    layer0 = "base_model.model.model.layers.0.self_attn.q_proj"
    torch.testing.assert_close(first[f"{layer0}.lora_A.weight"], A[0, 0])
    torch.testing.assert_close(first[f"{layer0}.lora_B.weight"], B[0, 0])
    assert float(B.abs().max()) > 0

    t2l.save_pretrained(tmp_path / "toy")
    loaded = TextToLoRA.from_pretrained(tmp_path / "toy")
    assert loaded.config.variant == "toy-tied"
    again = loaded.generate(task_embeddings=emb)
    for x, y in zip(batched, again):
        for key, value in x.state_dict.items():
            torch.testing.assert_close(y.state_dict[key], value)


def test_the_cli_offers_the_registered_variants(toy_registered):
    args = build_parser().parse_args(["init", "--base", "b", "--output", "o", "--variant", "toy-tied"])
    assert args.variant == "toy-tied"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["init", "--base", "b", "--output", "o", "--variant", "nope"])


def test_a_variant_name_is_registered_once():
    class Other(Tied):
        name = "L"

    with pytest.raises(InvalidConfigError, match="already registered"):
        register_variant(Other)
    assert variants.get_variant("L") is variants.L


def test_size_presets_are_one_table_and_the_defaults_read_it():
    small = HYPERNETWORK_SIZES["small"]
    assert (HYPERNETWORK_DEFAULTS.latent_size, HYPERNETWORK_DEFAULTS.head_in_size) == (
        small.latent_size,
        small.head_in_size,
    )
    for preset in HYPERNETWORK_SIZES.values():
        cfg = T2LConfig.from_base_model(
            tiny_llama_config(),
            encoder="minilm",
            embedding_dim=384,
            latent_size=preset.latent_size,
            head_in_size=preset.head_in_size,
        )
        assert cfg.latent_size % 4 == 0  # every preset is a valid width


def test_generate_checks_embeddings_once(monkeypatch):
    """The embeddings' checks run at the public boundary only: generate checks them, forward's check does
    not run again on the way."""
    import hf_t2l.inputs as inputs
    import hf_t2l.model.hypernetwork as hypernetwork

    calls = []
    real = inputs.check_embedding_batch

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hypernetwork, "check_embedding_batch", counted)
    t2l = make_hypernetwork()
    t2l.generate(task_embeddings=torch.randn(2, 384))
    assert calls == []
    t2l(torch.randn(2, 384))  # calling the model on embeddings is a public boundary: checked there
    assert calls == [1]
