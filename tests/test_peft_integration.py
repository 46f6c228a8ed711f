import pytest
import torch
from conftest import logits, make_hypernetwork, tiny_llama, tiny_llama_config
from peft import PeftModel

import hf_t2l
from hf_t2l.errors import (
    AdapterNameError,
    IncompatibleBaseModelError,
    InvalidDescriptionError,
    TargetModulesNotFoundError,
)
from hf_t2l.integration import get_t2l_state

DESC = "Answer with the capital city of the given country."


def test_fresh_hypernetwork_leaves_logits_unchanged(tiny_model):
    before = logits(tiny_model)
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork(trained_like=False))
    torch.testing.assert_close(logits(model), before, rtol=0, atol=0)


def test_from_description_wraps_the_same_base_and_changes_logits(tiny_model):
    before = logits(tiny_model)
    weight = tiny_model.model.layers[0].self_attn.q_proj.weight
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork())
    assert isinstance(model, PeftModel) and model.active_adapter == "default"
    assert model.get_base_model() is tiny_model
    assert (
        model.get_base_model().model.layers[0].self_attn.q_proj.base_layer.weight.data_ptr()
        == weight.data_ptr()
    )
    assert not torch.allclose(logits(model), before)
    assert not model.training
    assert not any(p.requires_grad for p in model.parameters())


def test_saved_adapter_loads_with_plain_peft_and_gives_identical_logits(tmp_path, tiny_model):
    model = hf_t2l.from_description(tiny_model, DESC, make_hypernetwork())
    expected = logits(model)
    model.save_pretrained(tmp_path / "lora")
    fresh = PeftModel.from_pretrained(tiny_llama(), tmp_path / "lora")
    torch.testing.assert_close(logits(fresh), expected, rtol=0, atol=0)


def test_hypernetwork_from_a_folder(tmp_path, tiny_model):
    t2l = make_hypernetwork()
    t2l.save_pretrained(tmp_path / "t2l")
    expected = logits(PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l))
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=str(tmp_path / "t2l"))
    torch.testing.assert_close(logits(model), expected, rtol=0, atol=0)


def test_load_description_adds_adapters_and_reuses_the_hypernetwork(tiny_model):
    t2l = make_hypernetwork()
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l)
    first = logits(model)
    model.load_description("Reply in French.", adapter_name="french")
    assert get_t2l_state(model).hypernetwork is t2l
    assert model.active_adapter == "default"  # like load_adapter: not activated
    torch.testing.assert_close(logits(model), first, rtol=0, atol=0)
    model.set_adapter("french")
    alone = logits(PeftModel.from_description(tiny_llama(), "Reply in French.", hypernetwork=t2l))
    torch.testing.assert_close(logits(model), alone, rtol=0, atol=0)
    model.set_adapter("default")
    torch.testing.assert_close(logits(model), first, rtol=0, atol=0)
    assert set(get_t2l_state(model).adapters) == {"default", "french"}


def test_adapter_name_in_use_is_rejected(tiny_model):
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork())
    with pytest.raises(AdapterNameError, match="'default' is already loaded"):
        model.load_description("Something else.", adapter_name="default")


def test_shape_mismatch_names_both_models(tiny_model):
    t2l = make_hypernetwork(tiny_llama_config(num_hidden_layers=3, hidden_size=32))
    with pytest.raises(
        IncompatibleBaseModelError, match=r"3 layers and q_proj 32->32.*2 layers and q_proj 64->64"
    ):
        PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l)
    t2l = make_hypernetwork(tiny_llama_config(num_key_value_heads=4))
    with pytest.raises(IncompatibleBaseModelError, match=r"v_proj 64->64.*v_proj is 64->32"):
        PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l)


def test_base_model_without_the_target_modules(tiny_model):
    from transformers import LlamaModel

    bare = LlamaModel(tiny_llama_config())  # no "model." prefix: the paths do not exist
    with pytest.raises(
        TargetModulesNotFoundError,
        match="has no module 'model.layers.0.self_attn.q_proj'.*AutoModelForCausalLM",
    ):
        PeftModel.from_description(bare, DESC, hypernetwork=make_hypernetwork())


def test_bad_descriptions_fail_before_touching_the_model(tiny_model):
    for bad in ["", "  ", None, 3]:
        with pytest.raises(InvalidDescriptionError):
            PeftModel.from_description(tiny_model, bad, hypernetwork=make_hypernetwork())
    assert not isinstance(tiny_model, PeftModel) and not hasattr(tiny_model, "peft_config")


def test_injection_does_no_random_init_work(tiny_model):
    t2l = make_hypernetwork()
    t2l.get_encoder()
    state = torch.random.get_rng_state()
    PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_trainable_adapter_can_be_fine_tuned(tiny_model):
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork(), is_trainable=True)
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable and all("lora_" in n for n in trainable)
    logits(model)  # forward works
    out = model(input_ids=torch.tensor([[1, 2, 3]]), labels=torch.tensor([[1, 2, 3]]))
    out.loss.backward()


def test_alpha_over_r_scaling_option(tiny_model):
    t2l = make_hypernetwork()
    rs = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    std = PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l, use_rslora=False)
    assert rs.peft_config["default"].use_rslora and not std.peft_config["default"].use_rslora
    layer = std.get_base_model().model.layers[0].self_attn.q_proj
    assert layer.scaling["default"] == pytest.approx(16 / 8)
    assert not torch.allclose(logits(rs), logits(std))


def test_readme_example_saves_the_french_adapter_that_plain_peft_then_loads(tmp_path):
    """The README's claim: after set_adapter("french"), the saved folder loads back as the French adapter
    with PeftModel.from_pretrained(base, folder) -- not the first adapter of the model."""
    t2l = make_hypernetwork()
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    model.load_description("Reply in French.", adapter_name="french")
    model.set_adapter("french")
    french = logits(model)
    model.set_adapter("default")
    assert not torch.allclose(logits(model), french)
    model.set_adapter("french")
    hf_t2l.save_adapter(model, tmp_path / "french-lora")
    fresh = PeftModel.from_pretrained(tiny_llama(), tmp_path / "french-lora")
    torch.testing.assert_close(logits(fresh), french, rtol=0, atol=0)
    assert "Reply in French." in (tmp_path / "french-lora" / "README.md").read_text()


def test_peft_models_are_left_as_peft_built_them(tiny_model, tmp_path):
    """No method or attribute of hf_t2l's on the PeftModel: save_pretrained/push_to_hub are PEFT's own."""
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork())
    model.load_description("Reply in French.", adapter_name="french")
    assert not {"save_pretrained", "push_to_hub", "_t2l_state"} & set(vars(model))
    model.save_pretrained(
        tmp_path / "peft"
    )  # PEFT's layout: the first adapter at the root, others in subfolders
    assert (tmp_path / "peft" / "adapter_config.json").is_file()
    assert (tmp_path / "peft" / "french" / "adapter_config.json").is_file()


def test_the_state_goes_with_the_model(tiny_model):
    import gc
    import weakref

    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=make_hypernetwork())
    assert get_t2l_state(model) is not None
    ref = weakref.ref(get_t2l_state(model))
    del model
    gc.collect()
    assert ref() is None


def test_trainable_adapter_gets_gradients_and_frozen_one_none(tiny_model):
    t2l = make_hypernetwork()
    model = PeftModel.from_description(tiny_model, DESC, hypernetwork=t2l, is_trainable=True)
    model.load_description("Reply in French.", adapter_name="french")
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all(".default." in n and "lora_" in n for n in trainable)
    assert not any(".french." in n for n in trainable)
