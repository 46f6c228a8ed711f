"""Checks and preprocessing of what callers pass in: task descriptions and precomputed task embeddings."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from .errors import (
    DescriptionTypeError,
    EmbeddingsTypeError,
    InvalidDescriptionError,
    InvalidEmbeddingsError,
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
