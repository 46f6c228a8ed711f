"""The base LLM as its own description encoder (``encoder="base-model"``, the reference's empty
``emb_model``): what it computes, that it reads with the model the user holds (no second copy), with
every adapter switched off, and that every road (PEFT, the pool, the reference format) takes it."""

from __future__ import annotations

import math

import pytest
import torch
from conftest import tiny_llama_config
from test_training import sft_config
from transformers import AutoModelForCausalLM, AutoTokenizer

from hf_t2l import AdapterPool, T2LConfig, TextToLoRA
from hf_t2l.constants import BASE_MODEL_ENCODER

DESCRIPTIONS = ["Write the word backwards.", "Answer with the capital city of the country"]


@pytest.fixture(scope="module")
def base(tiny_base):
    model = AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32).eval()
    return model, AutoTokenizer.from_pretrained(tiny_base)


def _hypernetwork(folder, seed: int = 0) -> TextToLoRA:
    from conftest import perturb

    torch.manual_seed(seed)
    cfg = T2LConfig.from_base_model(folder, encoder=BASE_MODEL_ENCODER, latent_size=32, head_in_size=64)
    t2l = TextToLoRA(cfg)
    perturb(t2l, seed=seed)
    return t2l


def _by_hand(model, tokenizer, text: str) -> torch.Tensor:
    """Last token of the decoder's final hidden state, L2-normalised, times sqrt(hidden size)."""
    ids = torch.tensor([tokenizer(text)["input_ids"]])
    with torch.no_grad():
        h = model.get_decoder()(input_ids=ids).last_hidden_state[0, -1].float()
    return torch.nn.functional.normalize(h, dim=-1) * math.sqrt(h.shape[-1])


def test_the_config_records_the_base_model_as_encoder(tiny_base, tmp_path):
    t2l = _hypernetwork(tiny_base)
    cfg = t2l.config
    assert cfg.encoder_name_or_path == "base-model"
    assert cfg.embedding_dim == tiny_llama_config().hidden_size and cfg.pooling == "last"
    t2l.save_pretrained(tmp_path / "h")
    assert TextToLoRA.from_pretrained(tmp_path / "h").config.encoder_name_or_path == "base-model"


def test_embeddings_are_the_last_hidden_state_of_the_last_token(tiny_base, base):
    model, tokenizer = base
    t2l = _hypernetwork(tiny_base)
    t2l.use_base_model(model, tokenizer)
    batch = t2l.get_encoder().encode(DESCRIPTIONS)  # two lengths: right padding must not move the token
    for row, text in zip(batch, DESCRIPTIONS):
        torch.testing.assert_close(row, _by_hand(model, tokenizer, text), rtol=1e-4, atol=1e-4)
    assert t2l.get_encoder().backend.model is model


def test_from_description_reads_with_the_given_model_and_loads_no_other(tiny_base, base, monkeypatch):
    from peft import PeftModel

    model, tokenizer = base
    t2l = _hypernetwork(tiny_base)
    loads = []
    original = AutoModelForCausalLM.from_pretrained
    monkeypatch.setattr(
        AutoModelForCausalLM, "from_pretrained", lambda *a, **k: loads.append(a) or original(*a, **k)
    )
    fresh = AutoModelForCausalLM.from_config(model.config)
    fresh.load_state_dict(model.state_dict())
    peft_model = PeftModel.from_description(fresh.eval(), DESCRIPTIONS[0], hypernetwork=t2l)
    assert loads == []  # the only base model is the caller's
    assert t2l.get_encoder().backend.model is fresh
    # the adapter is the one its description's embedding gives, read by the base model
    expected = t2l.generate(task_embeddings=_by_hand(model, tokenizer, DESCRIPTIONS[0]))
    got = peft_model.get_base_model().model.layers[0].self_attn.q_proj.lora_B["default"].weight
    key = next(k for k in expected.state_dict if "layers.0.self_attn.q_proj.lora_B" in k)
    torch.testing.assert_close(got, expected.state_dict[key], rtol=1e-4, atol=1e-5)


def test_adapters_are_off_while_the_model_reads_and_trainability_is_kept(tiny_base, base):
    from peft import PeftModel
    from peft.tuners.tuners_utils import BaseTunerLayer

    model, tokenizer = base
    bare = {t: _by_hand(model, tokenizer, t) for t in DESCRIPTIONS}
    copy = AutoModelForCausalLM.from_config(model.config)
    copy.load_state_dict(model.state_dict())
    t2l = _hypernetwork(tiny_base)
    peft_model = PeftModel.from_description(copy.eval(), DESCRIPTIONS[0], hypernetwork=t2l, is_trainable=True)
    peft_model.load_description(DESCRIPTIONS[1], adapter_name="second")  # frozen
    lora = {n: p.requires_grad for n, p in peft_model.named_parameters() if "lora_" in n}
    assert any(lora.values()) and not all(lora.values())
    with torch.no_grad():  # the active adapter changes what the model computes...
        ids = torch.tensor([tokenizer(DESCRIPTIONS[1])["input_ids"]])
        assert not torch.allclose(peft_model(input_ids=ids).logits, model(input_ids=ids).logits)
    # ... but not what it reads: the encoder on the PeftModel (and on its inner model) sees the bare base
    for holder in (peft_model, peft_model.get_base_model()):
        t2l.use_base_model(holder, tokenizer)
        emb = t2l.get_encoder().encode(DESCRIPTIONS)
        for row, text in zip(emb, DESCRIPTIONS):
            torch.testing.assert_close(row, bare[text], rtol=1e-4, atol=1e-4)
    assert {n: p.requires_grad for n, p in peft_model.named_parameters() if "lora_" in n} == lora
    layers = [m for m in peft_model.modules() if isinstance(m, BaseTunerLayer)]
    assert layers and not any(m.disable_adapters for m in layers)  # switched back on


def test_the_pool_reads_with_its_model_whatever_adapters_its_slots_hold(tiny_base, base):
    model, tokenizer = base
    copy = AutoModelForCausalLM.from_config(model.config)
    copy.load_state_dict(model.state_dict())
    t2l = _hypernetwork(tiny_base)
    pool = AdapterPool(copy.eval(), hypernetwork=t2l, max_adapters=2)
    first = pool.load(DESCRIPTIONS[0])
    pool.activate(first)
    second = pool.load(DESCRIPTIONS[1])  # encoded while the first adapter sits active in its slot
    assert t2l.get_encoder().backend.model is copy
    expected = t2l.generate(task_embeddings=_by_hand(model, tokenizer, DESCRIPTIONS[1]))
    got = pool.adapter(second).state_dict
    assert got.keys() == expected.state_dict.keys()
    for key, value in expected.state_dict.items():
        torch.testing.assert_close(got[key].float(), value.float(), rtol=1e-4, atol=1e-5)


def test_without_a_model_at_hand_the_configs_base_model_is_loaded_once(tiny_base, base):
    model, tokenizer = base
    t2l = _hypernetwork(tiny_base)
    emb = t2l.get_encoder().encode(DESCRIPTIONS[:1])  # t2l.generate on its own: the base is the encoder
    torch.testing.assert_close(emb[0], _by_hand(model, tokenizer, DESCRIPTIONS[0]), rtol=1e-4, atol=1e-4)
    assert t2l.get_encoder() is t2l.get_encoder()


def test_a_reference_checkpoint_with_an_empty_emb_model_reads_with_its_base(tmp_path, tiny_base, base):
    from reference_impl import reference_adapter, reference_shapes, write_reference_folder
    from test_reference import ADAPTER_CONFIG, INS, MODULES, OUTS, R, _args

    model, tokenizer = base
    hidden = model.config.hidden_size
    args = {**_args("L-sft", tiny_base), "emb_model": ""}
    shapes = reference_shapes(args, MODULES, 2, INS, OUTS, R, hidden)
    state = write_reference_folder(tmp_path / "ref", args, ADAPTER_CONFIG, shapes, seed=0)
    t2l = TextToLoRA.from_pretrained(tmp_path / "ref")
    assert t2l.config.encoder_name_or_path == "base-model" and t2l.config.pooling == "last"
    t2l.use_base_model(model, tokenizer)
    adapter = t2l.generate(DESCRIPTIONS[0])
    expected = reference_adapter(
        state, args, _by_hand(model, tokenizer, DESCRIPTIONS[0]), MODULES, 2, INS, OUTS, R
    )
    a, b = expected["q_proj.0"]
    got = adapter.state_dict["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"]
    assert (got - b).norm() / b.norm() <= 1e-4


def test_an_embedding_width_that_is_not_the_base_models_is_a_clear_error(tmp_path, tiny_base, base):
    import yaml
    from test_reference import _make

    from hf_t2l.errors import InvalidConfigError

    folder, args, _ = _make(tmp_path, "L-sft", tiny_base)  # 48-d embeddings, a 64-d base
    (folder / "args.yaml").write_text(yaml.safe_dump({**args, "emb_model": ""}))
    t2l = TextToLoRA.from_pretrained(folder)
    with pytest.raises(
        InvalidConfigError,
        match="64-d embeddings, but the hypernetwork expects 48-d: it was trained on another base model",
    ):
        t2l.use_base_model(base[0], base[1])


def test_training_reads_descriptions_with_the_one_base_it_trains_on(
    tmp_path,
    tiny_base,
    toy_tasks,
    monkeypatch,
):
    from peft import PeftModel

    from hf_t2l.training import train_sft

    loads = []
    original = AutoModelForCausalLM.from_pretrained
    monkeypatch.setattr(
        AutoModelForCausalLM, "from_pretrained", lambda *a, **k: loads.append(a) or original(*a, **k)
    )
    cfg = sft_config(
        tmp_path,
        tiny_base,
        toy_tasks,
        encoder="base-model",
        max_steps=4,
        save_steps=4,
        eval_steps=2,
        description_dropout=0.5,  # word-dropped descriptions are read again during training
    )
    result = train_sft(cfg)
    assert len(loads) == 1  # the base trained on is the encoder too
    t2l = TextToLoRA.from_pretrained(tmp_path / "out")
    assert (t2l.config.encoder_name_or_path, t2l.config.embedding_dim) == ("base-model", 64)
    assert result["best_eval_loss"] is not None
    model = AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32)
    peft_model = PeftModel.from_description(model, "Always reply with the word alpha.", hypernetwork=t2l)
    assert t2l.get_encoder().backend.model is model and "default" in peft_model.peft_config


def test_a_model_without_a_separate_decoder_reads_through_its_hidden_states(tiny_base, base, monkeypatch):
    model, tokenizer = base
    t2l = _hypernetwork(tiny_base)
    t2l.use_base_model(model, tokenizer)
    through_decoder = t2l.get_encoder().encode(DESCRIPTIONS)
    monkeypatch.setattr(model, "get_decoder", lambda: model)  # as a model with no inner decoder answers
    torch.testing.assert_close(t2l.get_encoder().encode(DESCRIPTIONS), through_decoder, rtol=1e-5, atol=1e-5)
