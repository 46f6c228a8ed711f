"""Description embeddings for training: computed once, fast, and kept in a file keyed by their content.

A training run needs the task embedding of every description of its suite (about 34,000 for task
suite v2). Encoding them is most of a run's start-up, so it is done once:

- texts are encoded longest-last in batches (little padding), in bfloat16 where the CPU or GPU runs
  it fast (:mod:`hf_t2l.training.precision`), with a progress bar;
- the result is kept as ``$HF_HOME/hf_t2l/embeddings/<key>.safetensors``, where the key is the SHA-256
  of the encoder's content (weights, tokenizer, preprocessing), the precision and the texts; a later
  run, a resumed run or another recipe on the same suite reads it back in a second.

A file that does not match its key (another suite, a damaged file) is never used: it is recomputed.
A cache folder that cannot be written only costs the next run the same encoding again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import torch
from huggingface_hub import constants
from safetensors import SafetensorError
from tqdm.auto import tqdm

from ..errors import TaskDataError
from .data import DescriptionEmbeddings, save_description_embeddings
from .precision import autocast_for, resolve_mixed_precision

logger = logging.getLogger(__name__)

#: Texts per encoder call.
BATCH_SIZE = 256


def default_embeddings_dir() -> Path:
    """``$HF_HOME/hf_t2l/embeddings`` (beside the adapter cache)."""
    return Path(constants.HF_HOME) / "hf_t2l" / "embeddings"


def encode_texts(
    encoder: Any, texts: list[str], *, precision: str = "auto", progress: bool = True
) -> torch.Tensor:
    """``encoder.encode`` of ``texts`` in batches sorted by length (rows in the order of ``texts``).

    ``precision`` ``'bf16'`` runs the encoder under bfloat16 autocast (``'auto'``: where it is fast); the
    result is float32 either way. Embeddings in bfloat16 differ from float32 ones by a cosine of
    about 1e-4, far below what separates two descriptions.
    """
    precision = resolve_mixed_precision(precision)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: torch.Tensor | None = None
    device = getattr(getattr(encoder, "backend", None), "device", "cpu")
    with tqdm(total=len(texts), desc="encoding descriptions", unit="text", disable=not progress) as bar:
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            with autocast_for(precision, device):
                emb = encoder.encode([texts[i] for i in rows]).float()
            if out is None:
                out = torch.empty(len(texts), emb.shape[1])
            out[rows] = emb.cpu()
            bar.update(len(rows))
    return out if out is not None else torch.empty(0, 0)


def encoder_fingerprint(encoder: Any) -> str:
    """SHA-256 of what decides an encoder's embeddings: weights, tokenizer and preprocessing."""
    h = hashlib.sha256()
    settings = {
        k: getattr(encoder, k, None) for k in ("pooling", "add_full_stop", "normalize", "scale", "max_length")
    }
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    backend = getattr(encoder, "backend", encoder)
    model = getattr(backend, "model", None)
    if isinstance(model, torch.nn.Module):
        for name, tensor in sorted(model.state_dict().items()):
            t = tensor.detach().cpu().contiguous()
            h.update(f"{name}:{t.dtype}:{tuple(t.shape)}".encode())
            h.update(t.view(torch.uint8).numpy().data if t.numel() else b"")
    tokenizer = getattr(backend, "tokenizer", None)
    inner = getattr(tokenizer, "backend_tokenizer", None)
    h.update((inner.to_str() if inner is not None else repr(tokenizer)).encode())
    return h.hexdigest()


def cache_key(encoder: Any, texts: list[str], precision: str) -> str:
    """The key of ``texts`` encoded by ``encoder`` at ``precision`` (order and duplicates do not matter)."""
    h = hashlib.sha256(f"hf_t2l-embeddings-v1\0{encoder_fingerprint(encoder)}\0{precision}\0".encode())
    for text in sorted(set(texts)):
        h.update(text.encode("utf-8", errors="surrogatepass") + b"\0")
    return h.hexdigest()[:40]


def _read(path: Path, key: str, texts: list[str]) -> DescriptionEmbeddings | None:
    """The table at ``path`` when it is the one ``key`` names and is sound; None otherwise."""
    if not path.is_file():
        return None
    try:
        table = DescriptionEmbeddings.load(path)
        table.encode(texts[:1])
    except (TaskDataError, OSError, ValueError, SafetensorError) as e:  # JSON errors are ValueErrors
        logger.warning("Ignoring the embeddings cache entry %s (%s); encoding again", path.name, e)
        return None
    ok = (
        table.key == key
        and set(table.index) == set(texts)
        and table.embeddings.dtype == torch.float32
        and bool(torch.isfinite(table.embeddings).all())
    )
    if not ok:
        logger.warning("The embeddings cache entry %s does not match its key; encoding again", path.name)
        return None
    return table


def cached_description_embeddings(
    encoder: Any,
    texts: list[str],
    encoder_name: str,
    *,
    precision: str = "auto",
    cache_dir: str | Path | None = None,
    progress: bool = True,
) -> DescriptionEmbeddings:
    """The embeddings of ``texts`` by ``encoder``: read from the cache when there, else encoded and kept."""
    precision = resolve_mixed_precision(precision)
    unique = list(dict.fromkeys(texts))
    key = cache_key(encoder, unique, precision)
    folder = Path(cache_dir) if cache_dir is not None else default_embeddings_dir()
    path = folder / f"{key}.safetensors"
    table = _read(path, key, unique)
    if table is not None:
        logger.info("Read %d description embeddings from the cache (%s)", len(unique), path.name)
        return table
    embeddings = encode_texts(encoder, unique, precision=precision, progress=progress)
    try:
        save_description_embeddings(path, unique, embeddings, encoder_name, key=key)
    except OSError as e:
        logger.warning("Could not keep the description embeddings in %s (%s); continuing", folder, e)
    return DescriptionEmbeddings(unique, embeddings, encoder_name, key=key)
