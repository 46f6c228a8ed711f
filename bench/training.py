"""Training throughput on SmolLM2-135M-Instruct (CPU): a T2L SFT step vs a plain PEFT LoRA step.

Both steps see the same batch (8 chat-formatted examples), compute the same response-only loss, and
update their trainable parameters with AdamW. T2L additionally runs the hypernetwork and applies one
generated LoRA per sample through hooks; PEFT trains one shared LoRA (r=8, q_proj+v_proj).
"""

from __future__ import annotations

import json
import sys

import torch

from ._util import paired


def sft_setup(dtype: torch.dtype = torch.float32) -> dict:
    """What a T2L SFT step on SmolLM2-135M needs: tokenizer, frozen base in ``dtype``, config, a fresh
    hypernetwork, 8 chat-formatted examples and 8 task embeddings."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.offline.bundled import smollm2_path
    from hf_t2l.training.data import encode_example
    from hf_t2l.training.recipes import SFTConfig
    from hf_t2l.training.setup import build_hypernetwork

    folder = smollm2_path()
    tok = AutoTokenizer.from_pretrained(folder)
    base = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).requires_grad_(False)
    cfg = SFTConfig(output_dir="unused", neftune_alpha=None)
    torch.manual_seed(0)
    items = [
        encode_example(tok, f"Translate the number {i} into French words.", f"réponse {i}", 256)
        for i in range(8)
    ]
    return {
        "tok": tok,
        "base": base,
        "cfg": cfg,
        "t2l": build_hypernetwork(cfg),
        "items": items,
        "embeddings": torch.randn(8, 384),
        "folder": folder,
    }


def measure(repeat: int = 5) -> dict:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from hf_t2l.training.data import collate
    from hf_t2l.training.losses import response_loss
    from hf_t2l.training.sft import sft_loss

    setup = sft_setup()
    tok, base, cfg, t2l = setup["tok"], setup["base"], setup["cfg"], setup["t2l"]
    items, embeddings, folder = setup["items"], setup["embeddings"], setup["folder"]
    opt_t2l = torch.optim.AdamW([p for p in t2l.parameters() if p.requires_grad], lr=1e-5)

    def t2l_step():
        loss = sft_loss(t2l, base, items, embeddings, cfg, tok.pad_token_id, train=True)
        loss.backward()
        opt_t2l.step()
        opt_t2l.zero_grad()

    peft_base = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
    peft_model = get_peft_model(
        peft_base,
        LoraConfig(
            r=8,
            lora_alpha=16,
            use_rslora=True,
            target_modules=["q_proj", "v_proj"],
            lora_dropout=0.05,
            task_type="CAUSAL_LM",
        ),
    )
    opt_peft = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=1e-5)
    batch = collate(items, tok.pad_token_id)

    def peft_step():
        peft_model.train()
        loss = response_loss(peft_model.get_base_model(), batch, label_smoothing=0.1)
        loss.backward()
        opt_peft.step()
        opt_peft.zero_grad()

    t_t2l, t_peft = paired(t2l_step, peft_step, repeat=repeat)
    tokens = int(batch["attention_mask"].sum())
    return {
        "batch": len(items),
        "tokens": tokens,
        "t2l_step_s": t_t2l,
        "peft_step_s": t_peft,
        "ratio": t_t2l / t_peft,
        "t2l_examples_per_s": len(items) / t_t2l,
        "peft_examples_per_s": len(items) / t_peft,
        "hypernetwork_params": t2l.num_parameters(),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
    sys.exit(0)
