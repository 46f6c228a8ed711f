"""Benchmark: description to ready model on SmolLM2-135M, against loading the adapter from disk.

Also: switching among 10 generated adapters, and the cold start of `hf-t2l generate` (encoder and
hypernetwork warm for the first measurement).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

from ._util import paired

DESC = "Answer with the capital city of the given country."


def measure_ready(repeat: int = 7) -> dict:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    import hf_t2l  # noqa: F401
    from hf_t2l.offline.bundled import default_hypernetwork, smollm2_path

    base = AutoModelForCausalLM.from_pretrained(smollm2_path(), dtype=torch.float32).eval()
    t2l, _ = default_hypernetwork()
    t2l.get_encoder().encode(DESC)  # warm
    tmp = Path(tempfile.mkdtemp())
    t2l.generate(DESC).save_pretrained(tmp / "adapter")
    state = {"base": base}

    def ours():
        model = PeftModel.from_description(state["base"], DESC, hypernetwork=t2l)
        state["base"] = model.unload()

    def peft():
        model = PeftModel.from_pretrained(state["base"], tmp / "adapter")
        state["base"] = model.unload()

    t_ours, t_peft = paired(ours, peft, repeat=repeat)

    model = PeftModel.from_description(state["base"], DESC, hypernetwork=t2l)
    counter = iter(range(10**6))

    def add_ours():
        name = f"d{next(counter)}"
        model.load_description(DESC, adapter_name=name)
        model.delete_adapter(name)

    def add_peft():
        name = f"p{next(counter)}"
        model.load_adapter(tmp / "adapter", adapter_name=name)
        model.delete_adapter(name)

    t_add_ours, t_add_peft = paired(add_ours, add_peft, repeat=repeat)

    names = [f"task{i}" for i in range(10)]
    for i, name in enumerate(names):
        model.load_description(f"{DESC} Variant {i}.", adapter_name=name)
    ids = torch.tensor([[1, 504, 3458, 282, 4649, 314, 2]])
    start = time.perf_counter()
    for _ in range(5):
        for name in names:
            model.set_adapter(name)
    switch = (time.perf_counter() - start) / 50
    with torch.no_grad():
        start = time.perf_counter()
        for name in names:
            model.set_adapter(name)
            model(input_ids=ids)
        switch_and_forward = (time.perf_counter() - start) / 10
        start = time.perf_counter()
        for _ in names:
            model(input_ids=ids)
        forward = (time.perf_counter() - start) / 10
    return {
        "from_description_s": t_ours,
        "from_pretrained_s": t_peft,
        "ratio": t_ours / t_peft,
        "load_description_s": t_add_ours,
        "load_adapter_s": t_add_peft,
        "add_ratio": t_add_ours / t_add_peft,
        "set_adapter_ms": switch * 1e3,
        "switch_and_forward_ms": switch_and_forward * 1e3,
        "forward_ms": forward * 1e3,
    }


def measure_cold_start() -> dict:
    """`hf-t2l generate` end to end in a fresh process, and the same steps timed one by one."""
    from hf_t2l.offline.bundled import default_hypernetwork

    tmp = Path(tempfile.mkdtemp())
    default_hypernetwork()[0].save_pretrained(tmp / "t2l")
    exe = Path(sys.executable).with_name("hf-t2l")
    start = time.perf_counter()
    subprocess.run(
        [str(exe), "generate", DESC, "--hypernetwork", str(tmp / "t2l"), "--output", str(tmp / "cli")],
        check=True,
        capture_output=True,
    )
    total = time.perf_counter() - start
    steps = subprocess.run(
        [sys.executable, "-m", "bench.ready", "steps", str(tmp / "t2l"), str(tmp / "steps")],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    imports = {"peft_transformers": [], "hf_t2l": []}
    probe = (
        "import sys, time; t = time.perf_counter(); {}; "
        "print(time.perf_counter() - t, 'sentence_transformers' in sys.modules, 'gradio' in sys.modules)"
    )
    for _ in range(7):  # alternated fresh processes; medians (imports vary by a few percent run to run)
        for key, stmt in (("peft_transformers", "import peft, transformers"), ("hf_t2l", "import hf_t2l")):
            out = subprocess.run(
                [sys.executable, "-c", probe.format(stmt)], check=True, capture_output=True, text=True
            ).stdout.split()
            imports[key].append(float(out[0]))
            if key == "hf_t2l":
                heavy = out[1] == "True" or out[2] == "True"
    import_cmp = {
        "import_peft_transformers_s": statistics.median(imports["peft_transformers"]),
        "import_hf_t2l_s": statistics.median(imports["hf_t2l"]),
        "hf_t2l_imports_st_or_gradio": heavy,
    }
    return {"cli_total_s": total, **import_cmp, **json.loads(steps.stdout.strip().splitlines()[-1])}


def _steps(hypernetwork: str, output: str) -> dict:
    t0 = time.perf_counter()
    import hf_t2l

    t1 = time.perf_counter()
    t2l = hf_t2l.TextToLoRA.from_pretrained(hypernetwork)
    t2 = time.perf_counter()
    encoder = t2l.get_encoder()
    t3 = time.perf_counter()
    emb = encoder.encode(DESC)
    t4 = time.perf_counter()
    adapter = t2l.generate(task_embeddings=emb[0])
    t5 = time.perf_counter()
    adapter.save_pretrained(output)
    t6 = time.perf_counter()
    return {
        "import_s": t1 - t0,
        "hypernetwork_load_s": t2 - t1,
        "encoder_load_s": t3 - t2,
        "embedding_s": t4 - t3,
        "generation_s": t5 - t4,
        "writing_s": t6 - t5,
    }


if __name__ == "__main__":
    if sys.argv[1] == "steps":
        print(json.dumps(_steps(sys.argv[2], sys.argv[3])))
    elif sys.argv[1] == "cold":
        print(json.dumps(measure_cold_start()))
    else:
        print(json.dumps(measure_ready()))
