"""Apply per-sample generated LoRAs to a frozen base model functionally, batched.

Each target Linear of layer l gets a forward hook adding ``scaling * (x @ A[s, l].T) @ B[s, l].T`` for
every sample s of the batch at once (two ``bmm``), so one forward pass runs b different adapters:
no PEFT layers, no per-sample loop, no materialised delta W. Gradients flow into A and B, hence
into the hypernetwork.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import torch
import torch.nn.functional as F

from ..model.config import T2LConfig


@contextlib.contextmanager
def generated_lora(
    model: torch.nn.Module,
    config: T2LConfig,
    weights: dict[str, tuple[torch.Tensor, torch.Tensor]],
    *,
    scaling: float | None = None,
    dropout: float = 0.0,
) -> Iterator[None]:
    """Within the block, ``model`` runs with sample s of each batch adapted by ``weights[m][0/1][s]``.

    Args:
        weights: ``{module: (A [b, L, r, in], B [b, L, out, r])}`` as returned by the hypernetwork.
        scaling: LoRA scaling (default: the config's, alpha/sqrt(r) with rsLoRA).
        dropout: LoRA dropout on the module input (training only).
    """
    scale = config.scaling if scaling is None else scaling
    handles = []

    def make_hook(A: torch.Tensor, B: torch.Tensor):
        def hook(module: torch.nn.Module, args: tuple, output: torch.Tensor) -> torch.Tensor:
            x = args[0]
            if x.shape[0] != A.shape[0]:
                raise ValueError(f"batch of {x.shape[0]} inputs but {A.shape[0]} generated adapters")
            if dropout and module.training:
                x = F.dropout(x, p=dropout, training=True)
            h = torch.bmm(x.reshape(x.shape[0], -1, x.shape[-1]).to(A.dtype), A.transpose(1, 2))
            delta = torch.bmm(h, B.transpose(1, 2)).reshape(*output.shape[:-1], -1)
            return output + scale * delta.to(output.dtype)

        return hook

    try:
        for m, (A, B) in weights.items():
            for layer in range(config.num_layers):
                module = model.get_submodule(config.module_paths[m].format(layer=layer))
                handles.append(module.register_forward_hook(make_hook(A[:, layer], B[:, layer])))
        yield
    finally:
        for handle in handles:
            handle.remove()
