"""NEFTune: uniform noise on the input embeddings while training."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch


@contextlib.contextmanager
def neftune(model: torch.nn.Module, alpha: float | None) -> Iterator[None]:
    """Within the block, add noise of magnitude alpha/sqrt(seq_len * dim) to ``model``'s input embeddings
    (training mode only; ``alpha`` None or 0: off)."""
    if not alpha:
        yield
        return
    embeddings = model.get_input_embeddings()

    def hook(module: torch.nn.Module, args: tuple, output: torch.Tensor) -> torch.Tensor:
        if not model.training:
            return output
        magnitude = alpha / (output.shape[-2] * output.shape[-1]) ** 0.5
        return output + torch.empty_like(output).uniform_(-magnitude, magnitude)

    handle = embeddings.register_forward_hook(hook)
    try:
        yield
    finally:
        handle.remove()
