"""The hypernetwork's building blocks: trunk blocks, fixed per-layer tensors, rotary positions,
column-selective head matmuls and PEFT's LoRA A init."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn

if TYPE_CHECKING:  # pragma: no cover
    from .config import T2LConfig


def ffn(d_in: int, d_hidden: int, d_out: int, p: float, *, final_dropout: bool = True) -> list[nn.Module]:
    layers: list[nn.Module] = [
        nn.Linear(d_in, d_hidden),
        nn.SiLU(),
        nn.Dropout(p),
        nn.Linear(d_hidden, d_out),
        nn.SiLU(),
    ]
    return layers + [nn.Dropout(p)] if final_dropout else layers


class ResidualBlock(nn.Module):
    """``x + f(x)`` with ``f`` = LayerNorm, Linear(D, 4D), SiLU, Dropout, Linear(4D, D), SiLU, Dropout."""

    def __init__(self, d: int, p: float) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.LayerNorm(d), *ffn(d, 4 * d, d, p))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.mlp(x)


class TaskProjection(nn.Module):
    """Linear(E, D/2) then LayerNorm: the task embedding's share of the trunk input."""

    def __init__(self, e: int, d: int) -> None:
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(e, d), nn.LayerNorm(d))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mlp(x)


class PerModuleTensors(nn.Module):
    """Fixed (non-trainable) per-layer tensors ``A.<module>`` [L, r, in] and ``B.<module>`` [L, out, r]."""

    def __init__(self, config: T2LConfig) -> None:
        super().__init__()
        L, r = config.num_layers, config.rank
        self.A = nn.ParameterDict(
            {
                m: nn.Parameter(torch.zeros(L, r, config.in_features[m]), requires_grad=False)
                for m in config.target_modules
            }
        )
        self.B = nn.ParameterDict(
            {
                m: nn.Parameter(torch.zeros(L, config.out_features[m], r), requires_grad=False)
                for m in config.target_modules
            }
        )


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def rotary_tables(
    positions: int, dim: int, *, base: float = 10000.0, device: Any = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin [positions, dim] of rotary position encoding (frequencies repeated over two halves)."""
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float32, device=device) / dim))
    freqs = torch.outer(torch.arange(positions, dtype=torch.float32, device=device), inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos(), emb.sin()


def rank_rows(x: torch.Tensor, head: nn.Linear, r: int, keep: int) -> torch.Tensor:
    """``head(x)`` viewed as [..., r, width], keeping only the first ``keep`` columns of each rank row.

    When columns are dropped, they are never computed: one batched matmul over the r row blocks of
    the head's weight (a strided view, not a copy).
    """
    width = head.out_features // r
    if keep == width:
        return head(x).unflatten(-1, (r, width))
    weight = head.weight.view(r, width, -1)[:, :keep]  # [r, keep, H]
    y = torch.matmul(x.reshape(1, -1, x.shape[-1]), weight.transpose(1, 2))  # [r, N, keep]
    if head.bias is not None:
        y = y + head.bias.view(r, 1, width)[:, :, :keep]
    return y.permute(1, 0, 2).reshape(*x.shape[:-1], r, keep)


def lora_a_init(r: int, fan_in: int) -> torch.Tensor:
    """PEFT's default lora_A init: ``kaiming_uniform_(a=sqrt(5))`` on a [r, in] Linear weight."""
    bound = 1.0 / math.sqrt(fan_in)  # gain sqrt(2/(1+5)) * sqrt(3/fan_in) = 1/sqrt(fan_in)
    return torch.empty(r, fan_in).uniform_(-bound, bound)
