"""Peak memory of `PeftModel.from_description` on SmolLM2-135M over the base model alone.

Run in a fresh process: loads SmolLM2 (float32), records RSS, resets the peak, then loads the
hypernetwork from disk and the MiniLM encoder and builds the PeftModel. The increase of the peak is
compared with the sum of what must be in memory: hypernetwork + encoder + adapter.
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
from pathlib import Path

from ._util import MB, peak_rss_bytes, reset_peak_rss, rss_bytes


def measure() -> dict:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    import hf_t2l
    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.constants import WEIGHTS_NAME
    from hf_t2l.offline.bundled import MINILM_ID, SMOLLM2_ID, smollm2_path

    base_dir = smollm2_path()
    with tempfile.TemporaryDirectory() as tmp:
        # a saved hypernetwork for SmolLM2 (built in a child step so its memory is not counted)
        config = T2LConfig.from_base_model(
            base_dir, encoder=MINILM_ID, embedding_dim=384, base_model_name_or_path=SMOLLM2_ID
        )
        TextToLoRA(config).save_pretrained(Path(tmp) / "t2l")
        hypernet_bytes = (Path(tmp) / "t2l" / WEIGHTS_NAME).stat().st_size
        gc.collect()

        base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32).eval()
        base_bytes = sum(p.numel() * p.element_size() for p in base.parameters())
        gc.collect()
        before = rss_bytes()
        reset_peak_rss()
        model = PeftModel.from_description(
            base, "Answer with the capital city of the given country.", hypernetwork=str(Path(tmp) / "t2l")
        )
        peak = peak_rss_bytes()
        state = hf_t2l.integration.get_t2l_state(model)
        encoder = state.hypernetwork.get_encoder().backend.model
        encoder_bytes = sum(p.numel() * p.element_size() for p in encoder.parameters())
        adapter_bytes = state.adapters["default"].nbytes
    budget = hypernet_bytes + encoder_bytes + adapter_bytes
    return {
        "base_model_mb": base_bytes / MB,
        "rss_before_mb": before / MB,
        "peak_increase_mb": (peak - before) / MB,
        "hypernetwork_mb": hypernet_bytes / MB,
        "encoder_mb": encoder_bytes / MB,
        "adapter_mb": adapter_bytes / MB,
        "sum_mb": budget / MB,
        "core_goal_mb": (budget + 100 * MB) / MB,
        "fast_goal_mb": (1.2 * budget + 50 * MB) / MB,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
    sys.exit(0)
