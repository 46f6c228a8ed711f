"""Fast training on CPUs: bfloat16 where the CPU runs it fast, description embeddings encoded once."""

import json
from pathlib import Path

import pytest
import torch
from conftest import WORDS, make_hypernetwork, write_tasks

from hf_t2l.errors import InvalidConfigError
from hf_t2l.training import SFTConfig, load_config, precision, train_sft
from hf_t2l.training import embeddings as emb_cache
from hf_t2l.training.embeddings import cached_description_embeddings, encode_texts


def test_auto_precision_follows_the_cpu_and_the_gpu(monkeypatch):
    monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: True)
    assert precision.resolve_mixed_precision("auto", cuda=False) == "bf16"
    monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: False)
    assert precision.resolve_mixed_precision("auto", cuda=False) == "no"
    for explicit in ("no", "bf16"):  # an explicit choice is kept on any machine
        assert precision.resolve_mixed_precision(explicit, cuda=False) == explicit
    assert SFTConfig(output_dir="x").mixed_precision == "auto"  # the default
    with pytest.raises(InvalidConfigError, match=r"mixed_precision='fp8': use 'auto', 'no' or 'bf16'"):
        SFTConfig(output_dir="x", mixed_precision="fp8")


def test_this_cpus_flags_are_read():
    precision.cpu_has_fast_bf16.cache_clear()
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        pytest.skip("no /proc/cpuinfo on this system")
    lines = [line for line in text.splitlines() if line.startswith("flags")]
    flags = lines[0].split(":", 1)[1].split() if lines else []
    assert precision.cpu_has_fast_bf16() == bool({"amx_bf16", "avx512_bf16"} & set(flags))


def _tasks(folder):
    rows = [
        (
            f"t-{w}",
            [f"Always reply with the word {w}.", f"Say {w} and nothing else."],
            [("word : " + x, w) for x in WORDS[:6]],
        )
        for w in WORDS[:4]
    ]
    write_tasks(folder, rows, "train")
    return folder


def _cfg(tmp_path, tiny_base, name, **kw):
    options = dict(eval_split=None, latent_size=32, head_in_size=64, max_steps=8, save_steps=0)
    options.update(logging="none", neftune_alpha=None, **kw)
    data = str(_tasks(tmp_path / "data"))
    return SFTConfig(output_dir=str(tmp_path / name), base_model=str(tiny_base), data=data, **options)


def _losses(folder) -> list[float]:
    metrics = json.loads((folder / "training_metrics.json").read_text())
    return [row["train/loss"] for row in metrics["history"] if "train/loss" in row]


def test_bf16_training_follows_the_float32_loss_curve(tmp_path, tiny_base):
    curves = {}
    for mp in ("no", "bf16"):
        train_sft(_cfg(tmp_path, tiny_base, mp, mixed_precision=mp, learning_rate=1e-3, warmup_ratio=0.0))
        curves[mp] = torch.tensor(_losses(tmp_path / mp))
    assert len(curves["no"]) == len(curves["bf16"]) == 8
    assert curves["no"][-1] < curves["no"][0]  # it learns, and bf16 follows it step by step
    assert torch.allclose(curves["bf16"], curves["no"], rtol=0.05), curves


class _Counting:
    """An encoder that counts the texts it is asked to encode."""

    def __init__(self, encoder):
        self.encoder, self.backend, self.seen = encoder, encoder.backend, 0
        for k in ("pooling", "add_full_stop", "normalize", "scale", "max_length"):
            setattr(self, k, getattr(encoder, k))

    def encode(self, texts):
        self.seen += len(texts)
        return self.encoder.encode(texts)


def test_description_embeddings_are_encoded_once_and_read_back(tmp_path):
    encoder = _Counting(make_hypernetwork().get_encoder())
    texts = [f"Reply with the word number {i}." for i in range(40)] + ["Reply with the word number 3."]
    first = cached_description_embeddings(encoder, texts, "minilm", precision="no", cache_dir=tmp_path)
    assert encoder.seen == 40 and len(list(tmp_path.glob("*.safetensors"))) == 1
    # rows in the order asked, the same as encoding each text alone
    assert torch.allclose(
        first.encode(["Reply with the word number 7."]),
        encoder.encoder.encode(["Reply with the word number 7."]),
        atol=1e-5,
    )
    again = cached_description_embeddings(
        encoder, list(reversed(texts)), "minilm", precision="no", cache_dir=tmp_path
    )
    assert encoder.seen == 40  # read back: nothing encoded
    assert torch.equal(again.encode(texts), first.encode(texts))
    cached_description_embeddings(encoder, texts[:5], "minilm", precision="no", cache_dir=tmp_path)
    assert encoder.seen == 45 and len(list(tmp_path.glob("*.safetensors"))) == 2  # other texts, other key


def test_a_damaged_or_foreign_embeddings_file_is_never_used(tmp_path):
    from safetensors.torch import load_file, save_file

    encoder = _Counting(make_hypernetwork().get_encoder())
    texts = [f"Describe colour number {i}." for i in range(6)]
    cached_description_embeddings(encoder, texts, "minilm", precision="no", cache_dir=tmp_path)
    (path,) = tmp_path.glob("*.safetensors")
    from safetensors import safe_open

    with safe_open(str(path), framework="pt") as f:
        meta = f.metadata()
    tensors = load_file(path)
    tensors["embeddings"][2] = float("nan")
    save_file(tensors, path, metadata=meta)
    table = cached_description_embeddings(encoder, texts, "minilm", precision="no", cache_dir=tmp_path)
    assert encoder.seen == 12 and torch.isfinite(table.embeddings).all()  # NaN: encoded again
    path.write_bytes(b"not a safetensors file")
    cached_description_embeddings(encoder, texts, "minilm", precision="no", cache_dir=tmp_path)
    assert encoder.seen == 18


def test_an_unwritable_cache_costs_only_the_encoding(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    encoder = _Counting(make_hypernetwork().get_encoder())
    under_a_file = blocker / "x"
    table = cached_description_embeddings(encoder, ["One text."], "m", precision="no", cache_dir=under_a_file)
    assert encoder.seen == 1 and table.dim == 384


def test_bf16_encoding_changes_no_neighbour(tmp_path):
    encoder = make_hypernetwork().get_encoder()
    texts = [f"Translate the word {w} into French." for w in WORDS]
    texts += [f"Count the letters of {w}." for w in WORDS]
    fp32 = encode_texts(encoder, texts, precision="no", progress=False)
    bf16 = encode_texts(encoder, texts, precision="bf16", progress=False)
    assert torch.nn.functional.cosine_similarity(fp32, bf16).min() > 0.999
    assert torch.equal(torch.cdist(bf16, fp32).argmin(1), torch.arange(len(texts)))  # each its own nearest


def test_training_reads_its_embeddings_from_the_cache_on_the_second_run(tmp_path, tiny_base, monkeypatch):
    monkeypatch.setattr(emb_cache, "default_embeddings_dir", lambda: tmp_path / "embeddings-cache")
    calls = []
    real = emb_cache.encode_texts
    monkeypatch.setattr(emb_cache, "encode_texts", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    for name in ("first", "second"):
        train_sft(_cfg(tmp_path, tiny_base, name, mixed_precision="no", max_steps=2))
    assert calls == [8]  # 4 tasks x 2 descriptions, encoded by the first run only


def test_the_v2_cpu_recipe_trains_in_auto_precision():
    cfg = load_config("sft", "configs/smollm2-v2-cpu.yaml")
    assert cfg.mixed_precision == "auto"


def test_accelerate_launch_precision_wins_over_auto(monkeypatch):
    from hf_t2l.training.setup import make_accelerator

    monkeypatch.setattr(precision, "cpu_has_fast_bf16", lambda: True)
    monkeypatch.setenv("ACCELERATE_MIXED_PRECISION", "no")
    cfg = SFTConfig(output_dir="x")
    assert make_accelerator(cfg).mixed_precision == "no" == cfg.mixed_precision
    monkeypatch.delenv("ACCELERATE_MIXED_PRECISION")
    cfg = SFTConfig(output_dir="x", mixed_precision="no")  # an explicit choice stays
    assert make_accelerator(cfg).mixed_precision == "no"
