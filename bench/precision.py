"""float32 vs bfloat16 on this CPU: a T2L SFT step and greedy decoding on SmolLM2-135M, side by side.

The SFT step runs as `hf-t2l train sft` does with ``mixed_precision`` ``no`` and ``bf16`` (the base
model's weights in bfloat16 and the step under bfloat16 autocast). Decoding answers 16 new tokens per
prompt, alone (batch 1) and 16 prompts at once, with the base model loaded in float32 or bfloat16.
Both sides of each row are timed alternately in one process, so drift hits both alike.
"""

from __future__ import annotations

import json
import sys

import torch

from ._util import paired
from .training import sft_setup


def _sft_step(dtype: torch.dtype):  # noqa: ANN202
    from hf_t2l.training.precision import autocast_for
    from hf_t2l.training.sft import sft_loss

    setup = sft_setup(dtype)
    tok, base, cfg, t2l = setup["tok"], setup["base"], setup["cfg"], setup["t2l"]
    items, embeddings = setup["items"], setup["embeddings"]
    opt = torch.optim.AdamW([p for p in t2l.parameters() if p.requires_grad], lr=1e-5)
    precision = "bf16" if dtype == torch.bfloat16 else "no"

    def step() -> None:
        with autocast_for(precision):
            loss = sft_loss(t2l, base, items, embeddings, cfg, tok.pad_token_id, train=True)
        loss.backward()
        opt.step()
        opt.zero_grad()

    return step, len(items)


def _decode(dtype: torch.dtype, batch: int):  # noqa: ANN202
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l.chat import greedy_answer
    from hf_t2l.offline.bundled import smollm2_path

    folder = smollm2_path()
    tok = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForCausalLM.from_pretrained(folder, dtype=dtype).eval()
    prompts = [f"Name the capital of country number {i} in one word." for i in range(batch)]
    return lambda: greedy_answer(model, tok, prompts, max_new_tokens=16, batch_size=batch)


def measure(repeat: int = 5) -> dict:
    rows = []
    (fp32, n), (bf16, _) = _sft_step(torch.float32), _sft_step(torch.bfloat16)
    t32, t16 = paired(fp32, bf16, repeat=repeat)
    rows.append(
        {"work": "T2L SFT step, 8 examples", "unit": "examples/s", "float32": n / t32, "bfloat16": n / t16}
    )
    for batch in (1, 16):
        t32, t16 = paired(_decode(torch.float32, batch), _decode(torch.bfloat16, batch), repeat=repeat)
        rows.append(
            {
                "work": f"greedy decoding, batch {batch}, 16 new tokens",
                "unit": "tokens/s",
                "float32": 16 * batch / t32,
                "bfloat16": 16 * batch / t16,
            }
        )
    for r in rows:
        r["speed-up"] = r["bfloat16"] / r["float32"]
    return {"threads": torch.get_num_threads(), "rows": rows}


def table(result: dict) -> str:
    lines = ["| work | unit | float32 | bfloat16 | bfloat16 / float32 |", "|---|---|---|---|---|"]
    for r in result["rows"]:
        lines.append(
            f"| {r['work']} | {r['unit']} | {r['float32']:.1f} | {r['bfloat16']:.1f} | {r['speed-up']:.2f}x |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    result = measure()
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        print(f"{result['threads']} threads\n")
        print(table(result))
    sys.exit(0)
