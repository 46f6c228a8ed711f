"""Many adapters on SmolLM2-135M: an AdapterPool limited to 10 adapters against load_description.

    python -m bench.pool ready [N]     cost of each of N descriptions -> ready (loaded and active), switching
    python -m bench.pool memory [N]    peak memory of N adapters through the pool (fresh process)
    python -m bench.pool mixed [N]     N requests with N adapters: one mixed batch vs N single-adapter calls
    python -m bench.pool cache [N]     N adapters read back from the disk cache: checked vs the bare read

Both print one JSON line; bench/run.py prints them as tables.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time

import torch

from ._util import MB, paired_ratio, peak_rss_bytes, reset_peak_rss, rss_bytes

DESC = "Answer with the capital city of the given country."
SLOTS = 10


def _setup():
    from transformers import AutoModelForCausalLM

    import hf_t2l  # noqa: F401
    from hf_t2l.offline.bundled import default_hypernetwork, smollm2_path

    t2l, _ = default_hypernetwork()
    t2l.generate(DESC)  # encoder loaded and warm
    return (lambda: AutoModelForCausalLM.from_pretrained(smollm2_path(), dtype=torch.float32).eval()), t2l


def _descriptions(n: int) -> list[str]:
    return [f"{DESC} Variant {i}." for i in range(n)]


def _ends(times: list[float]) -> tuple[float, float]:
    """Median of the first 5 and of the last 5 (the 1st and the n-th, with the noise of one run taken out)."""
    return statistics.median(times[:5]), statistics.median(times[-5:])


def measure_ready(n: int = 100) -> dict:
    from peft import PeftModel

    from hf_t2l import AdapterPool

    load_base, t2l = _setup()
    descriptions = _descriptions(n)

    pool = AdapterPool(load_base(), t2l, max_adapters=SLOTS)
    pool_times = []
    for d in descriptions:
        start = time.perf_counter()
        pool.set_adapter(pool.load(d))
        pool_times.append(time.perf_counter() - start)

    model = PeftModel.from_description(load_base(), descriptions[0], hypernetwork=t2l, adapter_name="a0")
    plain_times = []
    for i, d in enumerate(descriptions[1:], 1):
        start = time.perf_counter()
        model.load_description(d, adapter_name=f"a{i}", activate=True)
        plain_times.append(time.perf_counter() - start)

    # switching among the pool's 10 adapters: the pool's set_adapter vs PEFT's on the same model
    ids = pool.adapters
    slots = [n for n in pool.model.peft_config]
    rounds = 20

    def switch_pool() -> float:
        start = time.perf_counter()
        for _ in range(rounds):
            for aid in ids:
                pool.set_adapter(aid)
        return (time.perf_counter() - start) / (rounds * len(ids))

    def switch_peft() -> float:
        start = time.perf_counter()
        for _ in range(rounds):
            for slot in slots:
                pool.model.set_adapter(slot)
        return (time.perf_counter() - start) / (rounds * len(slots))

    switch_pool(), switch_peft()
    pairs = [(switch_pool(), switch_peft()) for _ in range(5)]
    pool_first, pool_last = _ends(pool_times)
    plain_first, plain_last = _ends(plain_times)
    return {
        "n": n,
        "slots": SLOTS,
        "pool_first_ms": pool_first * 1e3,
        "pool_last_ms": pool_last * 1e3,
        "pool_ratio": pool_last / pool_first,
        "pool_total_s": sum(pool_times),
        "pool_stats": pool.stats,
        "load_description_first_ms": plain_first * 1e3,
        "load_description_last_ms": plain_last * 1e3,
        "load_description_ratio": plain_last / plain_first,
        "load_description_total_s": sum(plain_times),
        "pool_set_adapter_ms": statistics.median(p for p, _ in pairs) * 1e3,
        "peft_set_adapter_ms": statistics.median(q for _, q in pairs) * 1e3,
        "switch_ratio": statistics.median(p / q for p, q in pairs),
    }


def measure_memory(n: int = 100) -> dict:
    from hf_t2l import AdapterPool

    load_base, t2l = _setup()
    base = load_base()
    base_bytes = sum(p.numel() * p.element_size() for p in base.parameters())
    adapter_bytes = t2l.generate(DESC).nbytes
    gc.collect()
    before = rss_bytes()
    reset_peak_rss()
    pool = AdapterPool(base, t2l, max_adapters=SLOTS)
    for d in _descriptions(n):
        pool.set_adapter(pool.load(d))
    peak = peak_rss_bytes() - before
    slots_bytes = sum(
        p.numel() * p.element_size() for name, p in pool.model.named_parameters() if "lora_" in name
    )
    budget = SLOTS * adapter_bytes + 0.1 * (base_bytes + SLOTS * adapter_bytes)
    return {
        "n": n,
        "slots": SLOTS,
        "base_mb": base_bytes / MB,
        "adapter_mb": adapter_bytes / MB,
        "slots_mb": slots_bytes / MB,
        "peak_increase_mb": peak / MB,
        "budget_mb": budget / MB,
        "within_budget": peak <= budget,
        "unbounded_mb": n * adapter_bytes / MB,
    }


def measure_mixed(n: int = 16, new_tokens: int = 16) -> dict:
    """Greedy answers to n chat requests, each with its own adapter: one mixed batch vs n sequential calls."""
    from transformers import AutoTokenizer

    from hf_t2l import AdapterPool
    from hf_t2l.chat import chat_prompt_ids, pad_token_id
    from hf_t2l.offline.bundled import smollm2_path

    load_base, t2l = _setup()
    tokenizer = AutoTokenizer.from_pretrained(smollm2_path())
    pool = AdapterPool(load_base(), t2l, max_adapters=n)
    ids = pool.load(_descriptions(n))
    rows = [chat_prompt_ids(tokenizer, f"Country number {i}: France, Japan or Peru?") for i in range(n)]
    pad = pad_token_id(tokenizer)
    width = max(len(r) for r in rows)
    batch = torch.tensor([[pad] * (width - len(r)) + r for r in rows])
    mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows])
    opts = dict(max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False, pad_token_id=pad)

    def mixed() -> tuple[float, torch.Tensor]:
        start = time.perf_counter()
        with torch.no_grad():
            out = pool.generate(batch, attention_mask=mask, adapters=ids, **opts)
        return time.perf_counter() - start, out[:, width:]

    def sequential() -> tuple[float, list[torch.Tensor]]:
        start, outs = time.perf_counter(), []
        with torch.no_grad():
            for aid, r in zip(ids, rows):
                pool.set_adapter(aid)
                outs.append(pool.model.generate(input_ids=torch.tensor([r]), **opts)[0, len(r) :])
        return time.perf_counter() - start, outs

    mixed(), sequential()  # warm-up
    runs = [(mixed(), sequential()) for _ in range(3)]
    mixed_s = statistics.median(m[0] for m, _ in runs)
    seq_s = statistics.median(q[0] for _, q in runs)
    (_, mixed_out), (_, seq_out) = runs[-1]
    same = sum(torch.equal(a, b) for a, b in zip(mixed_out, seq_out))
    tokens = n * new_tokens
    return {
        "n": n,
        "new_tokens": new_tokens,
        "mixed_s": mixed_s,
        "sequential_s": seq_s,
        "mixed_tok_s": tokens / mixed_s,
        "sequential_tok_s": tokens / seq_s,
        "speedup": seq_s / mixed_s,
        "rows_identical": same,
    }


def _cache_read_row(label: str, t2l, adapters: list) -> dict:
    """Per adapter: ``AdapterCache.get`` with the pool's expectations (every check of adapter_integrity)
    vs the bare read it replaced (``LoraConfig.from_pretrained`` + every tensor), measured alternately."""
    import tempfile

    from peft import LoraConfig
    from safetensors import safe_open

    from hf_t2l.adapters.cache import AdapterCache
    from hf_t2l.adapters.integrity import AdapterSpec

    spec = AdapterSpec.for_config(t2l.config, dtype=t2l.dtype)
    with tempfile.TemporaryDirectory() as root:
        cache = AdapterCache(root, max_bytes=None)
        folders = [cache.put(a) for a in adapters]

        def verified() -> None:
            for folder in folders:
                assert cache.get(folder.name, expect=spec) is not None

        def bare() -> None:
            for folder in folders:
                LoraConfig.from_pretrained(str(folder))
                with safe_open(str(folder / "adapter_model.safetensors"), framework="pt") as f:
                    f.metadata()
                    {k: f.get_tensor(k) for k in f.keys()}  # noqa: B018, SIM118

        ours, plain, ratio = paired_ratio(verified, bare, repeat=11)
    n = len(adapters)
    return {
        "shapes": label,
        "adapters": n,
        "adapter_mb": adapters[0].nbytes / MB,
        "verified_ms": ours / n * 1e3,
        "bare_ms": plain / n * 1e3,
        "ratio": ratio,
    }


def measure_cache_read(n: int = 8) -> dict:
    """Read-back from the disk cache with and without its checks: the default hypernetwork (SmolLM2-135M)
    and Mistral-7B shapes (L, q_proj+v_proj, r=8; random weights, adapters from random embeddings)."""
    from hf_t2l.adapters.ids import adapter_id, stamp_adapter_id
    from hf_t2l.offline.bundled import default_hypernetwork

    from .generation import _hypernetwork

    small, _ = default_hypernetwork()
    texts = _descriptions(n)
    rows = [
        _cache_read_row(
            "SmolLM2-135M",
            small,
            [stamp_adapter_id(a, adapter_id(small, d)) for a, d in zip(small.generate(texts), texts)],
        )
    ]
    del small
    big = _hypernetwork("L", 128, 512)
    generated = big.generate(task_embeddings=torch.randn(n, big.config.embedding_dim))
    rows.append(
        _cache_read_row(
            "Mistral-7B", big, [stamp_adapter_id(a, f"{i:032x}") for i, a in enumerate(generated)]
        )
    )
    return {"rows": rows}


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else (16 if sys.argv[1] == "mixed" else 100)
    count = 8 if sys.argv[1] == "cache" and len(sys.argv) <= 2 else count
    measure = {"memory": measure_memory, "mixed": measure_mixed, "cache": measure_cache_read}.get(
        sys.argv[1], measure_ready
    )
    print(json.dumps(measure(count)))
