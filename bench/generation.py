"""Generation speed on Mistral-7B shapes (a MistralConfig(), no weights) against the floor.

The floor is the time of the head matmuls alone for the same shapes: one bare ``torch.addmm`` per
target module over all layers (and descriptions), with the head's weight and bias. Everything else
the hypernetwork does (trunk, reshapes, offsets, per-layer tensors) is overhead over that floor.
"""

from __future__ import annotations

import json
import sys

import torch

from ._util import best_of, paired_ratio


def _hypernetwork(variant: str, latent: int, head: int, embedding_dim: int = 1024):
    from transformers import MistralConfig

    from hf_t2l import T2LConfig, TextToLoRA

    torch.manual_seed(0)
    cfg = T2LConfig.from_base_model(
        MistralConfig(),
        encoder="sentence-transformers/all-MiniLM-L6-v2",
        embedding_dim=embedding_dim,
        variant=variant,
        latent_size=latent,
        head_in_size=head,
    )
    t2l = TextToLoRA(cfg)
    for h in t2l.heads.values():  # trained-like (non-zero) heads
        torch.nn.init.normal_(h.weight, std=0.01)
    return t2l


def floor_fn(t2l, n: int):
    """Bare head matmuls for n descriptions: rows = n * L (x2 for A/B in M/S, x r for S)."""
    cfg = t2l.config
    rows = n * cfg.num_layers * (2 if cfg.shared_ab_head else 1) * (cfg.rank if cfg.autoreg_gen else 1)
    xs = {m: torch.randn(rows, cfg.head_in_size) for m in cfg.target_modules}
    heads = {m: (t2l.heads[m].weight.t(), t2l.heads[m].bias) for m in cfg.target_modules}

    def run():
        with torch.no_grad():
            for m, x in xs.items():
                w, b = heads[m]
                torch.addmm(b, x, w) if b is not None else x @ w

    return run


def flop_ratio(t2l, n: int = 1) -> float:
    """Matmul FLOPs of the whole forward pass over those of the floor (torch's FLOP counter): the
    work the architecture needs beyond the heads (S runs its trunk once per rank position)."""
    from torch.utils.flop_counter import FlopCounterMode

    emb = torch.randn(n, t2l.config.embedding_dim)
    with FlopCounterMode(display=False) as ours, torch.no_grad():
        t2l(emb, dense=True)
    with FlopCounterMode(display=False) as floor:
        floor_fn(t2l, n)()
    return ours.get_total_flops() / floor.get_total_flops()


# aten ops that only make views or metadata (no kernel on a GPU); the others are counted as kernels
_NO_KERNEL = {
    "aten::view",
    "aten::as_strided",
    "aten::expand",
    "aten::select",
    "aten::slice",
    "aten::t",
    "aten::transpose",
    "aten::unsqueeze",
    "aten::squeeze",
    "aten::unflatten",
    "aten::unbind",
    "aten::narrow",
    "aten::reshape",
    "aten::_reshape_alias",
    "aten::_unsafe_view",
    "aten::flatten",
    "aten::permute",
    "aten::alias",
    "aten::detach",
    "aten::resolve_conj",
    "aten::resolve_neg",
    "aten::empty",
    "aten::empty_strided",
    "aten::empty_like",
    "aten::resize_",
    "aten::to",
    "aten::linear",
    "aten::layer_norm",
    "aten::dropout",
    "aten::matmul",
    "aten::chunk",
    "aten::split",
    "aten::contiguous",
    "aten::embedding",
    "aten::lift_fresh",
    "aten::result_type",
}


def ops_per_adapter(t2l) -> int:
    """Compute ops (a kernel each on a GPU) in one ``generate`` of one adapter, counted by torch's
    profiler."""
    from torch.profiler import profile

    emb = torch.randn(1, t2l.config.embedding_dim)
    t2l.generate(task_embeddings=emb)
    with profile() as prof:
        t2l.generate(task_embeddings=emb)
    return int(
        sum(e.count for e in prof.key_averages() if e.key.startswith("aten::") and e.key not in _NO_KERNEL)
    )


def rank_trunk_fn(t2l):
    """S only: the trunk work done per rank position (mlp2 again, then mlp3, on L x 2 x r rows per
    module), which no head matmul floor counts."""
    cfg = t2l.config
    u = torch.randn(1, len(cfg.target_modules), 2, cfg.num_layers, cfg.latent_size)

    def run():
        with torch.no_grad():
            t2l.mlp3(t2l.rank_positions(t2l.mlp2(u)))

    return run


def measure(repeat: int = 21) -> dict:
    rows = []
    for variant, latent, head in [("L", 128, 512), ("M", 128, 512), ("S", 128, 512), ("L", 512, 2048)]:
        t2l = _hypernetwork(variant, latent, head)
        emb = torch.randn(1, t2l.config.embedding_dim)
        ours, floor, ratio = paired_ratio(
            lambda: t2l.generate(task_embeddings=emb), floor_fn(t2l, 1), repeat=repeat
        )
        rows.append(
            {
                "variant": f"{variant} D={latent} H={head}",
                "ours_ms": ours * 1e3,
                "floor_ms": floor * 1e3,
                "ratio": ratio,
                "flop_ratio": flop_ratio(t2l),
                "ops_per_adapter": ops_per_adapter(t2l),
            }
        )
        if variant == "S":
            rows[-1]["rank_trunk_vs_floor"] = paired_ratio(
                rank_trunk_fn(t2l), floor_fn(t2l, 1), repeat=repeat
            )[2]
    return {"threads": torch.get_num_threads(), "rows": rows}


def measure_batching(repeat: int = 3) -> dict:
    from hf_t2l.offline.bundled import MINILM_ID  # noqa: F401  (the encoder of this benchmark)

    t2l = _hypernetwork("L", 128, 512, embedding_dim=384)
    encoder = t2l.get_encoder()
    texts = [f"Task number {i}: answer the question about topic {i} in one word" for i in range(64)]
    rows = []
    single = single_enc = None
    for n in (1, 8, 64):
        emb = torch.randn(n, 384)
        t = best_of(lambda: t2l.generate(task_embeddings=emb), repeat=repeat) / n
        te = best_of(lambda: t2l.generate(texts[:n]), repeat=repeat) / n
        enc_only = best_of(lambda: encoder.encode(texts[:n]), repeat=repeat) / n
        single, single_enc = single or t, single_enc or te
        rows.append(
            {
                "n": n,
                "per_adapter_ms": t * 1e3,
                "vs_single": t / single,
                "with_encoder_ms": te * 1e3,
                "with_encoder_vs_single": te / single_enc,
                "encoder_only_ms": enc_only * 1e3,
            }
        )
    return {"rows": rows, "variants": measure_variants(repeat=repeat)}


def measure_variants(repeat: int = 5, n: int = 64) -> list[dict]:
    """Per-adapter time of ``generate`` (from embeddings) for n descriptions at once vs one, for L, M and S
    (Mistral-7B shapes, D=128, H=512), in one process so the ratios sit side by side. The two are
    timed alternately and the ratio is the median over neighbouring pairs (drift hits both)."""
    import statistics

    from ._util import paired_times

    rows = []
    for variant in ("L", "M", "S"):
        t2l = _hypernetwork(variant, 128, 512, embedding_dim=384)
        one, many = torch.randn(1, 384), torch.randn(n, 384)
        tb, t1 = paired_times(
            lambda: t2l.generate(task_embeddings=many),
            lambda: t2l.generate(task_embeddings=one),
            repeat=repeat,
        )
        rows.append(
            {
                "variant": variant,
                "n": n,
                "one_ms": statistics.median(t1) * 1e3,
                "batched_per_adapter_ms": statistics.median(tb) / n * 1e3,
                "vs_single": statistics.median(b / n / a for b, a in zip(tb, t1)),
            }
        )
    return rows


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "floor"
    result = {
        "floor": measure,
        "batching": measure_batching,
        "variants": lambda: {"variants": measure_variants()},
    }[what]()
    print(json.dumps(result))
