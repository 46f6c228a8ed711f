"""The heads' outputs to raw-scale LoRA weights, and the fast generation path (values kept in the one cache)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch

if TYPE_CHECKING:  # pragma: no cover
    from ._cache import DerivedCache
    from .config import T2LConfig
    from .layers import PerModuleTensors


class FastPathMixin:
    """Generation-time helpers of :class:`~hf_t2l.TextToLoRA` (each reused value stamped in ``_cache``)."""

    config: T2LConfig
    heads: torch.nn.ModuleDict
    AB_offset: PerModuleTensors
    mean_recon_target: PerModuleTensors
    std_recon_target: PerModuleTensors
    _cache: DerivedCache

    def _offset_only(self) -> bool:
        """Whether raw-scale weights are the heads' outputs plus the fixed offsets (no rescaling)."""
        cfg = self.config
        return not (cfg.training_task == "recon" and (not cfg.factorized or cfg.pred_z_score))

    def _linear_plus_offset(self, x: torch.Tensor, m: str, keep: int) -> torch.Tensor:
        """``x @ W[:keep].T + bias[:keep] + AB_offset.A[m]`` for x [n, L, r, H] and the offset [L, r, keep],
        in one GEMM (module m's head W).

        The bias and the per-layer offset are summed once (kept until either changes) and given
        to ``baddbmm`` as its input, so the offset costs no extra pass over the result.
        """
        head, offset = self.heads[m], self.AB_offset.A[m]
        bias = head.bias

        def compute() -> torch.Tensor:
            total = offset.reshape(-1, keep)
            return (total if bias is None else total + bias[:keep]).contiguous()

        sources = (offset,) if bias is None else (offset, bias)
        combined = self._cache.get(("bias+offset", m, keep), sources, compute)
        n = x.shape[0]
        rows = x.reshape(n, -1, x.shape[-1])  # [n, L*r, H]
        weight = head.weight[:keep].t().expand(n, -1, -1)  # [n, H, keep], no copy
        return torch.baddbmm(combined.unsqueeze(0), rows, weight).view(*x.shape[:-1], keep)

    def _add_dense(self, x: torch.Tensor, m: str, side: str) -> torch.Tensor:
        """``x + AB_offset.<side>[m]`` written densely (an all-zero offset is skipped)."""
        if self._is_zero(m, side):
            return x if x[(0,) * (x.dim() - 2)].is_contiguous() else x.contiguous()
        offset = getattr(self.AB_offset, side)[m]
        return torch.add(x, offset, out=torch.empty(x.shape, dtype=x.dtype, device=x.device))

    def _is_zero(self, m: str, side: str) -> bool:
        """Whether ``AB_offset.<side>[m]`` is all zeros (kept until that tensor is changed or replaced)."""
        t = getattr(self.AB_offset, side)[m]
        return self._cache.get(("zero", side, m), (t,), lambda: not bool(t.any()))

    def _to_raw_scale(
        self, m: str, A: torch.Tensor, B: torch.Tensor, *, dense: bool = False
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Undo the training-time scaling and add the fixed per-layer offsets.

        With ``dense`` (generation, no autograd) every per-layer block of the result is contiguous,
        written in one pass: an all-zero offset is skipped, otherwise the add writes into a new
        dense tensor (so the transposed B view is never copied twice).
        """
        cfg = self.config
        if cfg.training_task == "recon" and not cfg.factorized:
            s = math.sqrt(cfg.delta_w_scaling)
            A, B = A / s, B / s
            return (A.contiguous(), B.contiguous()) if dense else (A, B)
        if cfg.training_task == "recon" and cfg.pred_z_score:
            A = A * (self.std_recon_target.A[m] + 1e-10) + self.mean_recon_target.A[m]
            B = B * (self.std_recon_target.B[m] + 1e-10) + self.mean_recon_target.B[m]
        if not dense:
            return A + self.AB_offset.A[m], B + self.AB_offset.B[m]
        return self._add_dense(A, m, "A"), self._add_dense(B, m, "B")
