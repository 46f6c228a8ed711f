"""Reference-layout checkpoints load safely and give exactly the reference's adapters."""

import pickle

import pytest
import torch
from conftest import tiny_llama_config
from peft import PeftModel
from reference_impl import reference_adapter, reference_shapes, write_reference_folder

from hf_t2l import TextToLoRA
from hf_t2l.errors import CheckpointError, HypernetworkNotFoundError, InvalidConfigError

MODULES = ["q_proj", "v_proj"]
INS, OUTS = {"q_proj": 64, "v_proj": 64}, {"q_proj": 64, "v_proj": 32}
R, E = 4, 48
ADAPTER_CONFIG = {
    "r": R,
    "lora_alpha": 16,
    "use_rslora": True,
    "lora_dropout": 0.05,
    "target_modules": MODULES,
    "peft_type": "LORA",
    "task_type": "CAUSAL_LM",
}

CASES = {
    "L-sft": dict(shared_AB_head=False, autoreg_gen=False),
    "M-sft": dict(shared_AB_head=True, autoreg_gen=False),
    "S-rope-sft": dict(shared_AB_head=True, autoreg_gen=True),
    "S-learned-sft": dict(shared_AB_head=True, autoreg_gen=True, learnable_pos_emb=True),
    "Lautoreg-rope": dict(shared_AB_head=False, autoreg_gen=True),
    "Lautoreg-learned": dict(shared_AB_head=False, autoreg_gen=True, learnable_pos_emb=True),
    "L-recon-z": dict(
        shared_AB_head=False, autoreg_gen=False, training_task="recon", pred_z_score=True, factorized=True
    ),
    "M-recon-noz": dict(
        shared_AB_head=True, autoreg_gen=False, training_task="recon", pred_z_score=False, factorized=True
    ),
    "S-recon-deltaw": dict(
        shared_AB_head=True,
        autoreg_gen=True,
        training_task="recon",
        pred_z_score=False,
        factorized=False,
        delta_w_scaling=10000,
    ),
    "L-sft-mtlora": dict(shared_AB_head=False, autoreg_gen=False, mt_lora_path="some/lora"),
}


def _args(case, model_dir):
    return {
        "model_dir": str(model_dir),
        "emb_model": "Alibaba-NLP/gte-large-en-v1.5",
        "hypernet_latent_size": 16,
        "head_in_size": 24,
        "encoder_type": "linear",
        "training_task": "sft",
        "pred_z_score": False,
        "factorized": True,
        "delta_w_scaling": 10000,
        "target_modules": MODULES,
        "use_one_hot_task_emb": False,
        "mt_lora_path": None,
        "learnable_pos_emb": False,
        "lr": 2.5e-5,
        "n_tasks_per_batch": 8,
        **CASES[case],
    }


@pytest.fixture
def base_dir(tmp_path):
    tiny_llama_config().save_pretrained(tmp_path / "base")  # config only, as the base model's Hub repo has
    return tmp_path / "base"


# the two orders a training process can give the set {"q_proj", "v_proj"} (it depends on PYTHONHASHSEED)
ORDERS = {"q-first": ["q_proj", "v_proj"], "v-first": ["v_proj", "q_proj"]}


def _make(tmp_path, case, model_dir, seed=0, order=None):
    args = _args(case, model_dir)
    shapes = reference_shapes(args, MODULES, 2, INS, OUTS, R, E)
    name = case if order is None else f"{case}-{'-'.join(order)}"
    state = write_reference_folder(
        tmp_path / name, args, ADAPTER_CONFIG, shapes, seed=seed, module_order=order
    )
    return tmp_path / name, args, state


@pytest.mark.parametrize("order", list(ORDERS))
@pytest.mark.parametrize("case", list(CASES))
def test_adapters_equal_the_reference_computation(tmp_path, base_dir, case, order):
    folder, args, state = _make(tmp_path, case, base_dir, order=ORDERS[order])
    t2l = TextToLoRA.from_pretrained(folder)
    assert t2l.config.target_modules == ORDERS[order]  # args.yaml lists q_proj first either way
    assert (
        t2l.config.variant
        == {(False, False): "L", (True, False): "M", (True, True): "S", (False, True): "L-autoreg"}[
            (args["shared_AB_head"], args["autoreg_gen"])
        ]
    )
    embs = torch.randn(3, E)
    adapters = t2l.generate(task_embeddings=embs)  # batched
    for k in range(3):
        expected = reference_adapter(state, args, embs[k], MODULES, 2, INS, OUTS, R)
        for key, (A, B) in expected.items():
            m, layer = key.split(".")
            got_a = adapters[k].state_dict[
                f"base_model.model.model.layers.{layer}.self_attn.{m}.lora_A.weight"
            ]
            got_b = adapters[k].state_dict[
                f"base_model.model.model.layers.{layer}.self_attn.{m}.lora_B.weight"
            ]
            for got, want in ((got_a, A), (got_b, B)):
                rel = (got - want).norm() / want.norm()
                assert rel <= 1e-5, f"{case} {key}: relative error {rel:.2e}"


def test_config_from_args_yaml_and_adapter_config(tmp_path, base_dir):
    folder, _, _ = _make(tmp_path, "S-learned-sft", base_dir)
    cfg = TextToLoRA.from_pretrained(folder).config
    assert (cfg.variant, cfg.learnable_pos_emb, cfg.latent_size, cfg.head_in_size) == ("S", True, 16, 24)
    assert (cfg.rank, cfg.lora_alpha, cfg.use_rslora, cfg.head_use_bias) == (R, 16, True, True)
    assert (cfg.num_layers, cfg.out_features, cfg.embedding_dim) == (2, OUTS, E)
    # the encoder follows reference §1: gte, CLS pooling, full stop, L2-normalised x sqrt(dim), 8192 tokens
    assert cfg.encoder_name_or_path == "Alibaba-NLP/gte-large-en-v1.5"
    assert (cfg.pooling, cfg.add_full_stop, cfg.normalize_embeddings, cfg.encoder_max_length) == (
        "cls",
        True,
        True,
        8192,
    )
    # gte needs remote code: the config records it, but loading did not allow it (only the caller can)
    assert cfg.encoder_trust_remote_code is True
    assert TextToLoRA.from_pretrained(folder).trust_remote_code is False


def test_head_bias_rule(tmp_path, base_dir):
    assert TextToLoRA.from_pretrained(_make(tmp_path, "L-sft", base_dir)[0]).config.head_use_bias
    assert not TextToLoRA.from_pretrained(_make(tmp_path, "L-sft-mtlora", base_dir)[0]).config.head_use_bias
    assert not TextToLoRA.from_pretrained(_make(tmp_path, "L-recon-z", base_dir)[0]).config.head_use_bias
    assert TextToLoRA.from_pretrained(_make(tmp_path, "M-recon-noz", base_dir)[0]).config.head_use_bias


def test_shapes_from_the_checkpoint_when_the_base_config_is_unreachable(tmp_path, hub):
    folder, args, state = _make(
        tmp_path, "L-sft", "nobody/not-cached-base"
    )  # not on the Hub: no config to read
    t2l = TextToLoRA.from_pretrained(folder)
    assert t2l.config.base_model_name_or_path == "nobody/not-cached-base"
    assert (t2l.config.num_layers, t2l.config.in_features, t2l.config.out_features) == (2, INS, OUTS)
    emb = torch.randn(E)
    expected = reference_adapter(state, args, emb, MODULES, 2, INS, OUTS, R)
    got = t2l.generate(task_embeddings=emb).state_dict
    torch.testing.assert_close(
        got["base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"], expected["v_proj.1"][1]
    )


def test_base_config_that_disagrees_with_the_checkpoint_is_an_error(tmp_path):
    other = tmp_path / "other"
    tiny_llama_config(num_hidden_layers=3).save_pretrained(other)
    folder, _, _ = _make(tmp_path, "L-sft", other)
    with pytest.raises(CheckpointError, match="trained for 2 layers.*gives 3 layers"):
        TextToLoRA.from_pretrained(folder)


def test_missing_unexpected_and_misshapen_keys_are_named(tmp_path, base_dir):
    folder, _, state = _make(tmp_path, "L-sft", base_dir)
    broken = dict(state)
    del broken["mixer.1.bias"]
    broken["extra.weight"] = torch.zeros(2)
    broken["mlp3.4.weight"] = torch.zeros(3, 3)
    torch.save(broken, folder / "hypermod.pt")
    with pytest.raises(CheckpointError) as err:
        TextToLoRA.from_pretrained(folder)
    msg = str(err.value)
    assert "missing keys ['mixer.1.bias']" in msg and "unexpected keys ['extra.weight']" in msg
    assert "mlp3.4.weight: file [3, 3] vs config [24, 64]" in msg


def test_rotary_tables_in_the_file_are_ignored(tmp_path, base_dir):
    folder, _, state = _make(tmp_path, "S-rope-sft", base_dir)
    torch.save({**state, "rotary_emb.inv_freq": torch.ones(8)}, folder / "hypermod.pt")
    TextToLoRA.from_pretrained(folder)  # loads: the table is computed, not read


class _Exploit:
    def __reduce__(self):
        import os

        return (os.system, ("touch pwned-by-pickle",))


def test_a_crafted_pickle_is_refused(tmp_path, base_dir, monkeypatch):
    folder, _, state = _make(tmp_path, "L-sft", base_dir)
    monkeypatch.chdir(tmp_path)
    with open(folder / "hypermod.pt", "wb") as f:
        pickle.dump({"mixer.1.weight": _Exploit()}, f)
    with pytest.raises(CheckpointError, match="Refused to load.*weights_only=True"):
        TextToLoRA.from_pretrained(folder)
    assert not (tmp_path / "pwned-by-pickle").exists()
    torch.save({"not": "tensors"}, folder / "hypermod.pt")
    with pytest.raises(CheckpointError, match="state dict of tensors"):
        TextToLoRA.from_pretrained(folder)


def test_unsupported_reference_options_are_clear(tmp_path, base_dir):
    import yaml

    folder, args, _ = _make(tmp_path, "L-sft", base_dir)
    (folder / "args.yaml").write_text(yaml.safe_dump({**args, "encoder_type": "vq"}))
    with pytest.raises(InvalidConfigError, match="encoder_type='vq'"):
        TextToLoRA.from_pretrained(folder)


def test_convert_gives_a_native_folder_with_identical_adapters(tmp_path, base_dir):
    from hf_t2l.cli import main

    folder, _, _ = _make(tmp_path, "M-sft", base_dir)
    assert main(["convert", str(folder), "--output", str(tmp_path / "native")]) == 0
    assert {p.name for p in (tmp_path / "native").iterdir()} == {
        "config.json",
        "model.safetensors",
        "README.md",
    }
    card = (tmp_path / "native" / "README.md").read_text()
    assert "Converted from" in card and str(folder.name) in card and "license" in card.lower()
    ref, native = TextToLoRA.from_pretrained(folder), TextToLoRA.from_pretrained(tmp_path / "native")
    emb = torch.randn(2, E)
    for a, b in zip(ref.generate(task_embeddings=emb), native.generate(task_embeddings=emb)):
        assert all(torch.equal(a.state_dict[k], b.state_dict[k]) for k in a.state_dict)


def test_scaling_option_reproduces_alpha_over_r(tmp_path, base_dir, tiny_model):
    folder, _, _ = _make(tmp_path, "L-sft", base_dir)
    t2l = TextToLoRA.from_pretrained(folder)
    # the encoder of the reference needs remote code and the Hub: use embeddings directly
    default = t2l.generate(task_embeddings=torch.randn(E))
    assert default.scaling == pytest.approx(16 / R**0.5) and default.lora_config.use_rslora
    standard = t2l.generate(task_embeddings=torch.randn(E), use_rslora=False)
    assert standard.scaling == pytest.approx(16 / R)


def test_default_hypernetwork_is_picked_by_name_and_shape(tiny_model):
    from transformers import MistralConfig

    from hf_t2l.hub.releases import released_for

    cfg = MistralConfig()
    cfg._name_or_path = "mistralai/Mistral-7B-Instruct-v0.2"
    assert released_for(cfg).subfolder == "trained_t2l/mistral_7b_t2l"
    cfg.num_hidden_layers = 30  # same name, other shapes: not that model
    with pytest.raises(HypernetworkNotFoundError, match="Known pairs: mistralai/Mistral-7B-Instruct-v0.2"):
        released_for(cfg)
    with pytest.raises(HypernetworkNotFoundError, match="google/gemma-2-2b-it"):
        PeftModel.from_description(tiny_model, "Sort the words.")


def _assert_same_adapters(t2l_a, t2l_b, embs):
    for a, b in zip(t2l_a.generate(task_embeddings=embs), t2l_b.generate(task_embeddings=embs)):
        assert a.state_dict.keys() == b.state_dict.keys()
        assert all(torch.equal(a.state_dict[k], b.state_dict[k]) for k in a.state_dict)


def test_the_two_module_orders_give_different_adapters(tmp_path, base_dir):
    # same tensors, only the key order differs: the order must matter, or the tests above prove nothing
    q_first = TextToLoRA.from_pretrained(_make(tmp_path, "L-sft", base_dir, order=ORDERS["q-first"])[0])
    v_first = TextToLoRA.from_pretrained(_make(tmp_path, "L-sft", base_dir, order=ORDERS["v-first"])[0])
    emb = torch.randn(E)
    a = q_first.generate(task_embeddings=emb).state_dict
    b = v_first.generate(task_embeddings=emb).state_dict
    key = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"
    assert (a[key] - b[key]).norm() / b[key].norm() > 1e-2


@pytest.mark.parametrize("case", ["L-sft", "S-rope-sft"])
def test_convert_and_native_round_trip_keep_the_module_order(tmp_path, base_dir, case):
    import json

    from hf_t2l.cli import main

    folder, _, _ = _make(tmp_path, case, base_dir, order=ORDERS["v-first"])
    assert main(["convert", str(folder), "--output", str(tmp_path / "native")]) == 0
    written = json.loads((tmp_path / "native" / "config.json").read_text())
    assert written["target_modules"] == ["v_proj", "q_proj"]
    ref, native = TextToLoRA.from_pretrained(folder), TextToLoRA.from_pretrained(tmp_path / "native")
    assert native.config.target_modules == ["v_proj", "q_proj"]
    native.save_pretrained(tmp_path / "again")
    again = TextToLoRA.from_pretrained(tmp_path / "again")
    assert again.config.target_modules == ["v_proj", "q_proj"]
    embs = torch.randn(2, E)
    _assert_same_adapters(ref, native, embs)
    _assert_same_adapters(ref, again, embs)


def _reordered(state, first, second):
    """``state`` with the keys matching ``second`` moved to the end, after the ``first`` ones."""
    keys = [k for k in state if not second(k)] + [k for k in state if second(k)]
    assert any(first(k) for k in keys)
    return {k: state[k] for k in keys}


@pytest.mark.parametrize(
    "case, move_last, why",
    [
        # out_emb keys in q,v order while the heads are v,q
        (
            "M-sft",
            lambda k: k.startswith("out_emb.v_proj."),
            r"out_emb.<m> keys come in the order \['q_proj', 'v_proj'\]",
        ),
        # head biases in another order than the head weights
        (
            "L-sft",
            lambda k: k == "heads.v_proj.bias",
            r"heads.<m>.bias keys come in the order \['q_proj', 'v_proj'\]",
        ),
    ],
)
def test_an_inconsistent_module_order_falls_back_to_args_yaml_with_a_warning(
    tmp_path, base_dir, case, move_last, why
):
    from hf_t2l.errors import ModuleOrderWarning

    folder, args, state = _make(tmp_path, case, base_dir, order=ORDERS["q-first"])
    # heads in v,q order, then the inconsistent keys moved behind them
    state = _reordered(state, lambda k: k.startswith("heads."), lambda k: k.startswith("heads.q_proj."))
    state = _reordered(state, lambda k: True, move_last)
    torch.save(state, folder / "hypermod.pt")
    fallback = r".*Using the order of args.yaml, \['q_proj', 'v_proj'\]"
    with pytest.warns(ModuleOrderWarning, match=why + fallback):
        t2l = TextToLoRA.from_pretrained(folder)
    assert t2l.config.target_modules == MODULES


def test_heads_that_do_not_match_args_yaml_warn_then_fail_strictly(tmp_path, base_dir):
    import yaml

    from hf_t2l.errors import ModuleOrderWarning

    folder, args, _ = _make(tmp_path, "L-sft", base_dir, order=ORDERS["v-first"])
    (folder / "args.yaml").write_text(yaml.safe_dump({**args, "target_modules": ["q_proj", "k_proj"]}))
    with pytest.warns(ModuleOrderWarning, match=r"heads are for \['v_proj', 'q_proj'\] but args.yaml lists"):
        with pytest.raises((CheckpointError, InvalidConfigError)):
            TextToLoRA.from_pretrained(folder)
