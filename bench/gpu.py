"""Generation and batching on a CUDA GPU:
`python -m bench.gpu [--encoder FOLDER | --random-encoder] [--json FILE]`.

Same shapes and floors as bench/generation.py (Mistral-7B shapes, no weights), timed with the GPU
synchronised around every call and the two sides alternated. Rows for float32 and bfloat16
hypernetworks, each with generate's CUDA graphs (``use_cuda_graphs = True``) and run eagerly. The
batching rows use the task encoder given by --encoder (a sentence-transformers folder; default: the bundled
all-MiniLM-L6-v2; --random-encoder: a folder of the same architecture with random weights and a
made-up vocabulary, for machines without the offline package: the same compute, timings only).
Before timing, the graphed adapters are compared with the eager ones.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch

from .generation import _hypernetwork


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def _timed(fn, device: torch.device) -> float:
    _sync(device)
    start = time.perf_counter()
    fn()
    _sync(device)
    return time.perf_counter() - start


def paired_cuda(
    fn_a, fn_b, device: torch.device, *, repeat: int = 50, warmup: int = 5
) -> tuple[float, float]:
    """Median seconds of two functions, alternated, each call synchronised on both ends."""
    for _ in range(warmup):
        fn_a(), fn_b()
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(_timed(fn_a, device))
        tb.append(_timed(fn_b, device))
    return statistics.median(ta), statistics.median(tb)


def median_cuda(fn, device: torch.device, *, repeat: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(_timed(fn, device) for _ in range(repeat))


def gpu_floor_fn(t2l, n: int):
    """Bare head matmuls on the hypernetwork's device and dtype (n descriptions, all layers at once)."""
    cfg, dev, dt = t2l.config, t2l.device, t2l.dtype
    rows = n * cfg.num_layers * (2 if cfg.shared_ab_head else 1) * (cfg.rank if cfg.autoreg_gen else 1)
    xs = {m: torch.randn(rows, cfg.head_in_size, device=dev, dtype=dt) for m in cfg.target_modules}
    heads = {m: (t2l.heads[m].weight.t(), t2l.heads[m].bias) for m in cfg.target_modules}

    @torch.no_grad()
    def run():
        for m, x in xs.items():
            w, b = heads[m]
            torch.addmm(b, x, w) if b is not None else x @ w

    return run


def _graphs(t2l, fn, on: bool):
    def run():
        t2l.use_cuda_graphs = on
        try:
            return fn()
        finally:
            t2l.use_cuda_graphs = False

    return run


def _max_diff(a, b) -> float:
    a, b = (a if isinstance(a, list) else [a]), (b if isinstance(b, list) else [b])
    return max(
        (x.state_dict[k].float() - y.state_dict[k].float()).abs().max().item()
        for x, y in zip(a, b)
        for k in x.state_dict
    )


def random_minilm(folder: str) -> str:
    """A sentence-transformers folder shaped like all-MiniLM-L6-v2 (BERT, 6 layers, 384 wide, mean
    pooling, normalised) with random weights and a synthetic WordPiece vocabulary of the same size."""
    import os
    import string

    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, BertTokenizerFast

    torch.manual_seed(0)
    BertModel(
        BertConfig(
            vocab_size=30522,
            hidden_size=384,
            num_hidden_layers=6,
            num_attention_heads=12,
            intermediate_size=1536,
            max_position_embeddings=512,
        )
    ).save_pretrained(folder)
    letters = list(string.ascii_lowercase + string.digits + string.punctuation)
    words = [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "it",
        "that",
        "for",
        "on",
        "with",
        "as",
        "was",
        "at",
        "by",
        "be",
        "this",
        "from",
        "or",
        "an",
        "are",
        "not",
        "which",
        "one",
        "all",
        "task",
        "number",
        "answer",
        "question",
        "about",
        "topic",
        "word",
        "classify",
        "sentiment",
        "review",
        "movie",
        "text",
        "given",
        "sentence",
        "write",
        "reply",
        "output",
        "label",
        "translate",
        "summarize",
        "count",
        "name",
        "city",
        "country",
    ]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words, *letters, *(f"##{c}" for c in letters)]
    vocab += [
        f"{a}{b}{c}"
        for a in string.ascii_lowercase
        for b in string.ascii_lowercase
        for c in string.ascii_lowercase
    ]
    vocab = {tok: i for i, tok in enumerate(dict.fromkeys(vocab[:30522]))}
    tok = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", vocab["[CLS]"]), ("[SEP]", vocab["[SEP]"])]
    )
    BertTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    ).save_pretrained(folder)
    os.makedirs(os.path.join(folder, "1_Pooling"), exist_ok=True)
    files = {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "1_Pooling/config.json": {"word_embedding_dimension": 384, "pooling_mode_mean_tokens": True},
        "sentence_bert_config.json": {"max_seq_length": 256, "do_lower_case": False},
    }
    for name, content in files.items():
        with open(os.path.join(folder, name), "w") as f:
            json.dump(content, f)
    return folder


def measure(device: torch.device, encoder: str | None, repeat: int = 50) -> dict:
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu (dry run)"
    out: dict = {"device": name, "torch": torch.__version__, "floor": [], "batching": []}
    for dtype in (torch.float32, torch.bfloat16):
        dt = str(dtype).replace("torch.", "")
        for variant, latent, head in [("L", 128, 512), ("M", 128, 512), ("S", 128, 512), ("L", 512, 2048)]:
            t2l = _hypernetwork(variant, latent, head).to(device=device, dtype=dtype)
            emb = torch.randn(1, t2l.config.embedding_dim, device=device)
            eager = lambda: t2l.generate(task_embeddings=emb)  # noqa: E731
            graphed = _graphs(t2l, eager, True)
            graphed()  # the first call with a batch size runs eagerly; the second captures the graph
            diff = _max_diff(graphed(), eager())
            ours, floor = paired_cuda(graphed, gpu_floor_fn(t2l, 1), device, repeat=repeat)
            ours_eager, floor2 = paired_cuda(eager, gpu_floor_fn(t2l, 1), device, repeat=repeat)
            out["floor"].append(
                {
                    "dtype": dt,
                    "variant": f"{variant} D={latent} H={head}",
                    "ours_ms": ours * 1e3,
                    "floor_ms": floor * 1e3,
                    "ratio": ours / floor,
                    "eager_ms": ours_eager * 1e3,
                    "eager_ratio": ours_eager / floor2,
                    "graph_vs_eager_max_abs_diff": diff,
                }
            )
        t2l = _hypernetwork("L", 128, 512, embedding_dim=384).to(device=device, dtype=dtype)
        if encoder:
            t2l.config.encoder_name_or_path = encoder
        enc = t2l.get_encoder()
        texts = [f"Task number {i}: answer the question about topic {i} in one word" for i in range(64)]
        first: dict = {}
        for n in (1, 8, 64):
            emb = torch.randn(n, 384, device=device)
            eager = lambda: t2l.generate(task_embeddings=emb)  # noqa: E731
            graphed = _graphs(t2l, eager, True)
            graphed()
            row = {"dtype": dt, "n": n, "graph_vs_eager_max_abs_diff": _max_diff(graphed(), eager())}
            for label, fn in [
                ("per_adapter_ms", graphed),
                ("eager_ms", eager),
                ("with_encoder_ms", _graphs(t2l, lambda: t2l.generate(texts[:n]), True)),
                ("head_floor_per_adapter_ms", gpu_floor_fn(t2l, n)),
            ]:
                row[label] = median_cuda(fn, device, repeat=repeat) / n * 1e3
                first.setdefault(label, row[label])
                row[label.replace("_ms", "_vs_single")] = row[label] / first[label]
            row["encoder_device"] = str(getattr(enc, "device", None))
            out["batching"].append(row)
    return out


def table(res: dict) -> str:
    lines = [
        f"GPU: {res['device']} (torch {res['torch']})",
        "",
        "| dtype | variant | ours, graphs (ms) | floor (ms) | ratio | ours, eager (ms) | ratio "
        "| graph vs eager max diff |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['dtype']} | {r['variant']} | {r['ours_ms']:.3f} | {r['floor_ms']:.3f} | {r['ratio']:.2f}x "
        f"| {r['eager_ms']:.3f} | {r['eager_ratio']:.2f}x | {r['graph_vs_eager_max_abs_diff']:.1e} |"
        for r in res["floor"]
    ]
    lines += [
        "",
        "| dtype | n | per adapter, graphs (ms) | vs 1 | eager (ms) | vs 1 | with encoder (ms) | vs 1 "
        "| head floor per adapter (ms) | vs 1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['dtype']} | {r['n']} | {r['per_adapter_ms']:.4f} | {r['per_adapter_vs_single']:.3f}x "
        f"| {r['eager_ms']:.4f} "
        f"| {r['eager_vs_single']:.3f}x | {r['with_encoder_ms']:.4f} | {r['with_encoder_vs_single']:.3f}x "
        f"| {r['head_floor_per_adapter_ms']:.4f} | {r['head_floor_per_adapter_vs_single']:.3f}x |"
        for r in res["batching"]
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--encoder", default=None, help="sentence-transformers folder (default: the bundled MiniLM)"
    )
    parser.add_argument(
        "--random-encoder",
        action="store_true",
        help="time with a randomly initialised MiniLM-shaped encoder (no offline package needed)",
    )
    parser.add_argument("--json", default=None, help="write the numbers here")
    parser.add_argument(
        "--dry-run-cpu", action="store_true", help="run the same code on the CPU (checks the script)"
    )
    args = parser.parse_args()
    if args.dry_run_cpu:
        device = torch.device("cpu")
    elif not torch.cuda.is_available():
        print("No CUDA device: nothing to measure.")
        return 1
    else:
        device = torch.device("cuda", torch.cuda.current_device())
    encoder = args.encoder
    if args.random_encoder:
        import tempfile

        encoder = random_minilm(tempfile.mkdtemp(prefix="random-minilm-"))
    res = measure(device, encoder, repeat=1 if args.dry_run_cpu else 50)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    print(table(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
