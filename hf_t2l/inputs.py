"""Checks and preprocessing of what callers pass in: task descriptions and precomputed task embeddings."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import torch

from .errors import (
    DescriptionTruncatedWarning,
    DescriptionTypeError,
    EmbeddingsTypeError,
    InvalidDescriptionError,
    InvalidEmbeddingsError,
    UninformativeDescriptionWarning,
    warn_user,
)


def validate_descriptions(descriptions: Any) -> list[str]:
    """Check that ``descriptions`` is a non-empty string or a non-empty list of them.

    Raises:
        DescriptionTypeError: not a string / list of strings.
        InvalidDescriptionError: an empty list, or an empty or whitespace-only description.
    """
    items = [descriptions] if isinstance(descriptions, str) else descriptions
    if not isinstance(items, Sequence) or isinstance(items, (bytes, bytearray)):
        raise DescriptionTypeError(
            f"A description must be a str or a list of str; got {type(descriptions).__name__}. "
            "Pass the task in plain words, e.g. 'Classify the sentiment of a movie review.'"
        )
    if len(items) == 0:
        raise InvalidDescriptionError("Got an empty list of descriptions; pass at least one description.")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise DescriptionTypeError(
                f"Description {i} is a {type(item).__name__} ({item!r:.60}), not a str; pass text."
            )
        if not item.strip():
            raise InvalidDescriptionError(
                f"Description {i} is empty or whitespace only ({item!r}); describe the task in a sentence, "
                "e.g. 'Answer with the capital city of the given country.'"
            )
    return list(items)


def warn_if_truncated(tokenizer: Any, texts: list[str], max_length: int | None) -> None:
    """Warn once for the (preprocessed, checked) ``texts`` longer than the encoder reads: ``max_length``
    tokens of ``tokenizer`` (no limit when None or 0)."""
    if not max_length:
        return
    lengths = [len(ids) for ids in tokenizer(texts, add_special_tokens=True, verbose=False)["input_ids"]]
    too_long = [(i, n) for i, n in enumerate(lengths) if n > max_length]
    if too_long:
        shown = ", ".join(f"#{i}: {n} tokens" for i, n in too_long[:5])
        warn_user(
            f"{len(too_long)} description(s) exceed the encoder's limit of {max_length} tokens "
            f"({shown}); only the first tokens are used. Shorten the description to keep all of it.",
            DescriptionTruncatedWarning,
        )


def warn_if_uninformative(tokenizer: Any, texts: list[str]) -> None:
    """Warn for the (preprocessed, checked) ``texts`` the encoder cannot read: no letter or digit, or
    only unknown tokens of ``tokenizer``."""
    unk, special = getattr(tokenizer, "unk_token_id", None), set(getattr(tokenizer, "all_special_ids", ()))
    for i, text in enumerate(texts):
        if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
            why = "has no letter or digit (only emoji, symbols, zero-width, control or NUL characters)"
        elif unk is not None and all(
            t == unk
            for t in tokenizer(text, add_special_tokens=False)["input_ids"]
            if t not in special - {unk}
        ):
            why = "is read by the encoder as unknown tokens only"
        else:
            continue
        warn_user(
            f"Description {i} ({text!r:.60}) {why}: the encoder sees nothing of the task, so the adapter "
            "is not about it. Describe the task in words, e.g. 'Reply in French.'",
            UninformativeDescriptionWarning,
        )


def validate_task_embeddings(embeddings: Any, *, embedding_dim: int) -> torch.Tensor:
    """Check precomputed task embeddings and return them as [n, E] (a 1-d [E] gets a batch dimension).

    Raises:
        EmbeddingsTypeError: not a torch.Tensor (a list, a numpy array...).
        InvalidEmbeddingsError: not 1-d/2-d, not floating point, another width than ``embedding_dim``,
            no rows, or NaN/inf values (they would give all-NaN adapters).
    """
    want = f"pass a floating torch.Tensor of shape [n, {embedding_dim}] (or [{embedding_dim}] for one task)"
    if not isinstance(embeddings, torch.Tensor):
        kind = type(embeddings)
        raise EmbeddingsTypeError(
            f"task_embeddings must be a torch.Tensor; got {kind.__module__}.{kind.__qualname__}: {want}, "
            "e.g. torch.as_tensor(x, dtype=torch.float32)."
        )
    if embeddings.dim() not in (1, 2) or not embeddings.is_floating_point():
        raise InvalidEmbeddingsError(
            f"task_embeddings must be 1-d or 2-d floating point; got a {embeddings.dim()}-d tensor of shape "
            f"{list(embeddings.shape)} and dtype {embeddings.dtype}: {want}."
        )
    x = embeddings.unsqueeze(0) if embeddings.dim() == 1 else embeddings
    if x.shape[1] != embedding_dim or x.shape[0] == 0:
        raise InvalidEmbeddingsError(
            f"task_embeddings must have shape [n, {embedding_dim}] with n >= 1; got {list(embeddings.shape)}."
        )
    # a finite sum means every value is finite (one reduction); only a non-finite sum needs the exact check
    if not math.isfinite(float(x.sum())) and not bool(torch.isfinite(x).all()):
        rows = (~torch.isfinite(x)).any(dim=1).nonzero().flatten().tolist()
        raise InvalidEmbeddingsError(
            f"task_embeddings hold NaN or inf values in row(s) {rows[:10]}{' ...' if len(rows) > 10 else ''} "
            f"of {x.shape[0]}: the adapters would be all NaN. Check how these embeddings were computed."
        )
    return x


def check_embedding_batch(x: torch.Tensor, *, embedding_dim: int) -> None:
    """The shape check of :meth:`TextToLoRA.forward <hf_t2l.TextToLoRA.forward>`: a batch [n, E], n >= 1.

    Cheap (no reduction, no device sync), so it runs on every training step; :func:`validate_task_embeddings`
    is the full check of :meth:`~hf_t2l.TextToLoRA.generate`.

    Raises:
        InvalidEmbeddingsError: ``x`` is not [n, ``embedding_dim``] with n >= 1.
    """
    if x.dim() != 2 or x.shape[1] != embedding_dim or x.shape[0] == 0:
        raise InvalidEmbeddingsError(
            f"task_embeddings must have shape [n, {embedding_dim}] with n >= 1; got {list(x.shape)}."
        )


def preprocess(text: str, *, add_full_stop: bool = True) -> str:
    """Strip whitespace and, if the text ends with a letter, append a full stop (reference §1)."""
    text = text.strip()
    if add_full_stop and text and text[-1].isalpha():
        text += "."
    return text
