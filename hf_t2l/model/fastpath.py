"""The fast generation path of `TextToLoRA`: raw-scale outputs written densely, and variant S's heads in
chunks. Functions of the model; each value they reuse is kept in the model's one cache."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import torch

Weights = torch.Tensor | tuple[torch.Tensor, ...]  # a stacked [n, ...] tensor or n separate tensors

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA

#: rows of the rank-position tail computed at once at generation (descriptions x T x 2 x L x r)
_TAIL_ROWS = 4096


def dense_rank_heads(
    model: TextToLoRA, u: torch.Tensor, *, split: bool = False
) -> dict[str, tuple[Weights, Weights]]:
    """Variant S at generation: ``u`` [n, T, 2, L, D] (after the first mlp2) to dense raw-scale A, B.

    The rank-position tail (rotary or learned positions, mlp2 again, mlp3, the heads) runs on a
    chunk of descriptions at a time (about ``_TAIL_ROWS`` rows): its intermediates, r times the
    trunk's rows and 4D wide, stay small enough to be reused by the allocator and to stay in
    cache instead of growing with the batch (which made 64 descriptions at once slower per
    adapter than one). Each head is one GEMM over the whole chunk; one pass per description
    then adds the bias and offset (A) or transposes (B) into that description's tensors.
    Returns ``{module: (A [n, L, r, in], B [n, L, out, r])}``, or with ``split`` a tuple of
    n separately allocated [L, r, in] / [L, out, r] tensors per side (each adapter owns its memory).
    """
    cfg = model.config
    n, T, _, L, _ = u.shape
    r = cfg.rank
    kw = {"dtype": u.dtype, "device": u.device}
    sizes = {m: ((L, r, cfg.in_features[m]), (L, cfg.out_features[m], r)) for m in cfg.target_modules}
    if split:
        out = {
            m: tuple(tuple(torch.empty(s, **kw) for _ in range(n)) for s in pair) for m, pair in sizes.items()
        }
    else:
        out = {m: tuple(torch.empty(n, *s, **kw) for s in pair) for m, pair in sizes.items()}
    # descriptions per chunk: on the CPU, few enough for the caches and the allocator; elsewhere all
    step = max(1, _TAIL_ROWS // (T * 2 * L * r)) if u.device.type == "cpu" else n
    for start in range(0, n, step):
        chunk = u[start : start + step].permute(1, 2, 0, 3, 4)  # [T, 2, c, L, D]
        z = model.mlp3(model.rank_positions(chunk))  # [T, 2, c, L, r, H], each (t, side) block contiguous
        for t, m in enumerate(cfg.target_modules):
            A, B = out[m]
            _head_a(model, z[t, 0].flatten(0, -2), m, A[start : start + step])
            _head_b(model, z[t, 1].flatten(0, -2), m, B[start : start + step])
    return out


def _head_a(model: TextToLoRA, rows: torch.Tensor, m: str, outs: Weights) -> None:
    """Each ``outs[k]`` [L, r, in] = rows [c*L*r, H] @ W[:in].T (one GEMM) + bias[:in] + offset A."""
    L, r, keep = outs[0].shape
    head, offset = model.heads[m], model.AB_offset.A[m]
    bias = head.bias

    def compute() -> torch.Tensor:
        total = offset if bias is None else offset + bias[:keep]
        return total.contiguous()

    sources = (offset,) if bias is None else (offset, bias)
    total = model._cache.get(("bias+offset", m, keep), sources, compute)  # [L, r, in]
    y = torch.mm(rows, head.weight[:keep].t()).view(-1, L, r, keep)
    if isinstance(outs, torch.Tensor):  # one stacked output: one pass
        torch.add(y, total, out=outs)
        return
    for k, target in enumerate(outs):
        torch.add(y[k], total, out=target)


def _head_b(model: TextToLoRA, rows: torch.Tensor, m: str, outs: Weights) -> None:
    """Each ``outs[k]`` [L, out, r] = (rows [c*L*r, H] @ W[:out].T + bias[:out]) per layer transposed
    (one GEMM), + AB_offset.B[m] unless it is all zero."""
    L, keep, r = outs[0].shape
    head = model.heads[m]
    weight = head.weight[:keep].t()
    y = torch.mm(rows, weight) if head.bias is None else torch.addmm(head.bias[:keep], rows, weight)
    y = y.view(-1, L, r, keep).transpose(-1, -2)
    zero = _is_zero(model, m, "B")
    if isinstance(outs, torch.Tensor):  # one stacked output: one pass
        if zero:
            outs.copy_(y)
        else:
            torch.add(y, model.AB_offset.B[m], out=outs)
        return
    for k, target in enumerate(outs):
        if zero:
            target.copy_(y[k])
        else:
            torch.add(y[k], model.AB_offset.B[m], out=target)


def offset_only(model: TextToLoRA) -> bool:
    """Whether raw-scale weights are the heads' outputs plus the fixed offsets (no rescaling)."""
    cfg = model.config
    return not (cfg.training_task == "recon" and (not cfg.factorized or cfg.pred_z_score))


def _add_dense(model: TextToLoRA, x: torch.Tensor, m: str, side: str) -> torch.Tensor:
    """``x + AB_offset.<side>[m]`` written densely (an all-zero offset is skipped)."""
    if _is_zero(model, m, side):
        return x if x[(0,) * (x.dim() - 2)].is_contiguous() else x.contiguous()
    offset = getattr(model.AB_offset, side)[m]
    return torch.add(x, offset, out=torch.empty(x.shape, dtype=x.dtype, device=x.device))


def _is_zero(model: TextToLoRA, m: str, side: str) -> bool:
    """Whether ``AB_offset.<side>[m]`` is all zeros (kept until that tensor is changed or replaced)."""
    t = getattr(model.AB_offset, side)[m]
    return model._cache.get(("zero", side, m), (t,), lambda: not bool(t.any()))


def to_raw_scale(
    model: TextToLoRA, m: str, A: torch.Tensor, B: torch.Tensor, *, dense: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """Undo the training-time scaling and add the fixed per-layer offsets.

    With ``dense`` (generation, no autograd) every per-layer block of the result is contiguous,
    written in one pass: an all-zero offset is skipped, otherwise the add writes into a new
    dense tensor (so the transposed B view is never copied twice).
    """
    cfg = model.config
    if cfg.training_task == "recon" and not cfg.factorized:
        s = math.sqrt(cfg.delta_w_scaling)
        A, B = A / s, B / s
        return (A.contiguous(), B.contiguous()) if dense else (A, B)
    if cfg.training_task == "recon" and cfg.pred_z_score:
        A = A * (model.std_recon_target.A[m] + 1e-10) + model.mean_recon_target.A[m]
        B = B * (model.std_recon_target.B[m] + 1e-10) + model.mean_recon_target.B[m]
    if not dense:
        return A + model.AB_offset.A[m], B + model.AB_offset.B[m]
    return _add_dense(model, A, m, "A"), _add_dense(model, B, m, "B")
