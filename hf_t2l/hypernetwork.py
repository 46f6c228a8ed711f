"""The T2L hypernetwork: a task embedding in, LoRA A and B for every layer and target module out.

Parameter names follow the reference implementation (``task_encoder.mlp.0``, ``mixer.1``,
``heads.<module>``, ``AB_offset.A.<module>``...), so its released checkpoints load as they are.
Shapes: n descriptions, T target modules, L layers, r rank, D latent size, H head input size.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn as nn
import torch.nn.functional as F

from ._cache import DerivedCache
from ._graphs import GraphedForward
from .config import T2LConfig
from .encoder import DescriptionEncoder
from .errors import InvalidConfigError, InvalidEmbeddingsError
from .fastpath import FastPathMixin
from .generation import AdapterGenerationMixin
from .hub_mixin import HypernetworkHubMixin
from .layers import (
    PerModuleTensors,
    ResidualBlock,
    TaskProjection,
    _ffn,
    _lora_a_init,
    _rank_rows,
    rotary_tables,
    rotate_half,
)
from .model_card import T2LCardData
from .state_order import install_state_order_hooks, reorder_state_in_place
from .task_index import TaskIndex


class TextToLoRA(
    nn.Module,
    AdapterGenerationMixin,
    FastPathMixin,
    HypernetworkHubMixin,
    library_name="hf_t2l",
    tags=["text-to-lora", "hf_t2l", "hypernetwork", "lora", "peft"],
    pipeline_tag="text-generation",
    license="apache-2.0",
    paper_url="https://arxiv.org/abs/2506.06105",
):
    """A Text-to-LoRA hypernetwork.

    Build one for a base model from a :class:`T2LConfig`, load a saved one with
    :meth:`from_pretrained`, and turn task descriptions into PEFT LoRA adapters with
    :meth:`generate`.

    Example:
        >>> config = T2LConfig.from_base_model(
        ...     "HuggingFaceTB/SmolLM2-135M-Instruct", encoder="sentence-transformers/all-MiniLM-L6-v2"
        ... )
        >>> t2l = TextToLoRA(config)
        >>> adapter = t2l.generate("Answer with the capital city of the given country.")
        >>> adapter.save_pretrained("capital-lora")

    On a CUDA device, setting ``use_cuda_graphs = True`` on the instance makes :meth:`generate`
    replay its forward pass as a captured CUDA graph (one per batch size up to 64, captured on the
    second call with that size, captured again whenever a weight changes, checked once against an
    eager pass), which removes the kernel launch cost that dominates one adapter on a GPU. Off by
    default until it has been measured and checked against eager generation on a GPU
    (``make bench-gpu``).
    """

    use_cuda_graphs: bool = False
    #: The caller's consent to run the encoder repo's code (set by ``from_pretrained(trust_remote_code=)``;
    #: never read from, nor saved to, config.json).
    trust_remote_code: bool = False

    def __init__(self, config: T2LConfig) -> None:
        super().__init__()
        if not isinstance(config, T2LConfig):
            raise InvalidConfigError(f"TextToLoRA needs a T2LConfig; got {type(config).__name__}.")
        self.config = config
        self.card_data = T2LCardData()  # what the card says beyond the config (training, evaluation, origin)
        D, H, p, r = config.latent_size, config.head_in_size, config.dropout, config.rank
        modules = config.target_modules
        self.task_encoder = TaskProjection(config.embedding_dim, D // 2)
        self.layer_depth_encoder = nn.Sequential(
            nn.Embedding(config.num_layers, D // 4), nn.LayerNorm(D // 4)
        )
        self.layer_type_encoder = nn.Sequential(nn.Embedding(len(modules), D // 4), nn.LayerNorm(D // 4))
        self.mixer = nn.Sequential(nn.Dropout(p), *_ffn(D, 4 * D, D, p))
        self.mlp1 = ResidualBlock(D, p)
        self.mlp2 = ResidualBlock(D, p)
        self.mlp3 = nn.Sequential(nn.LayerNorm(D), *_ffn(D, 4 * D, H, p, final_dropout=False))
        if config.shared_ab_head:
            self.out_emb = nn.ModuleDict(
                {
                    m: nn.ParameterDict(
                        {"A": nn.Parameter(torch.empty(D)), "B": nn.Parameter(torch.empty(D))}
                    )
                    for m in modules
                }
            )
            self.out_emb_norm = nn.LayerNorm(D)
        if config.autoreg_gen and config.learnable_pos_emb:
            self.pos_emb = nn.Sequential(nn.Embedding(r, D), nn.LayerNorm(D))
        self.heads = nn.ModuleDict(
            {m: nn.Linear(H, config.head_out_size(m), bias=config.head_use_bias) for m in modules}
        )
        self.AB_offset = PerModuleTensors(config)
        self.mean_recon_target = PerModuleTensors(config)
        self.std_recon_target = PerModuleTensors(config)
        self._encoder: DescriptionEncoder | None = None
        self._cache = DerivedCache()  # what generation reuses, each value stamped with its source tensors
        self._keys_cache: dict[str, tuple[list[str], list[str]]] | None = None
        self._state_is_internal = False
        self._graphed = GraphedForward()
        self.provenance: dict[str, Any] = {}
        self.task_index: TaskIndex | None = None  # the training tasks, when the hypernetwork ships them
        install_state_order_hooks(self)  # L heads: (out, r) order inside, the reference's on disk
        if not any(p.is_meta for p in self.parameters()):
            self.reset_parameters()
        self.eval()

    # --- initialisation -------------------------------------------------------------------------
    def reset_parameters(self) -> None:
        """T2L's SFT initialisation (see :func:`sft_init`): delta W = 0 until the hypernetwork is trained."""
        sft_init(self)

    # --- encoder --------------------------------------------------------------------------------
    def get_encoder(self, *, trust_remote_code: bool | None = None) -> DescriptionEncoder:
        """The description encoder named in the config (loaded on first use, once per process).
        ``trust_remote_code`` defaults to this instance's (False unless given to :meth:`from_pretrained`)."""
        if self._encoder is None:
            trust = self.trust_remote_code if trust_remote_code is None else trust_remote_code
            device = str(self.device) if self.device.type != "meta" else None
            self._encoder = DescriptionEncoder.from_config(
                self.config, device=device, trust_remote_code=trust is True
            )
        return self._encoder

    def _apply(self, fn: Any, *args: Any, **kwargs: Any) -> TextToLoRA:
        self._graphed.clear()  # moved or cast: captured graphs and cached tensors belong to the old place
        self._cache.clear()  # (they would be recomputed anyway: this frees them now)
        return super()._apply(fn, *args, **kwargs)

    @property
    def device(self) -> torch.device:
        return self.heads[self.config.target_modules[0]].weight.device

    @property
    def dtype(self) -> torch.dtype:
        return self.heads[self.config.target_modules[0]].weight.dtype

    # --- forward --------------------------------------------------------------------------------
    def forward(
        self, task_embeddings: torch.Tensor, *, dense: bool = False, raw_scale: bool = True
    ) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """Generate raw-scale LoRA weights for a batch of task embeddings [n, E].

        Returns:
            ``{module: (A [n, L, r, in], B [n, L, out, r])}``, differentiable (used in training).
            With ``dense=True`` (no autograd) each per-layer block ``A[k, l]``, ``B[k, l]`` is contiguous.
            With ``raw_scale=False`` the heads' outputs as trained (before z-score/offset/delta-W
            rescaling), which is what reconstruction training compares with its targets.
        """
        cfg = self.config
        h, ab = self._trunk(task_embeddings)  # [n, T, L, D], [T, 2, D] or None
        r = cfg.rank

        if cfg.shared_ab_head:
            u = h[:, :, None] + ab[None, :, :, None]  # [n, T, 2, L, D]
            generating = dense and raw_scale and not torch.is_grad_enabled()
            if cfg.autoreg_gen and generating and self._offset_only():  # S: a chunk of descriptions at a time
                return self._dense_rank_heads(self.mlp2(u))
            if cfg.autoreg_gen:
                z = self.mlp3(self._rank_positions(self.mlp2(u)))  # [n, T, 2, L, r, H]
            else:
                z = self.mlp3(self.mlp2(u))  # [n, T, 2, L, H]
        elif cfg.autoreg_gen:
            z = self.mlp3(self._rank_positions(h, shared=False))  # [n, T, L, r, H]
        else:
            z = self.mlp3(self.mlp2(h))  # [n, T, L, H]

        out: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}
        for t, m in enumerate(cfg.target_modules):
            fan_in, fan_out = cfg.in_features[m], cfg.out_features[m]
            if cfg.variant == "S":  # one rank row per pass: only the columns that A and B keep are computed
                head = self.heads[m]
                A = F.linear(
                    z[:, t, 0], head.weight[:fan_in], None if head.bias is None else head.bias[:fan_in]
                )
                B = F.linear(
                    z[:, t, 1], head.weight[:fan_out], None if head.bias is None else head.bias[:fan_out]
                )
                out[m] = (
                    self._to_raw_scale(m, A, B.transpose(-1, -2), dense=dense)
                    if raw_scale
                    else (A, B.transpose(-1, -2))
                )
                continue
            if cfg.variant == "M":  # one head for A and B: only the columns each keeps are computed
                A = _rank_rows(z[:, t, 0], self.heads[m], r, fan_in)
                B = _rank_rows(z[:, t, 1], self.heads[m], r, fan_out).transpose(-1, -2)
                out[m] = self._to_raw_scale(m, A, B, dense=dense) if raw_scale else (A, B)
                continue
            y = self.heads[m](z[:, t])
            if cfg.variant == "L":  # [n, L, r*(in+out)], B's part already in (out, r) order (see __init__)
                A = y[..., : r * fan_in].unflatten(-1, (r, fan_in))
                B = y[..., r * fan_in :].unflatten(-1, (fan_out, r))
            else:  # L-autoreg: [n, L, r, in+out]
                A, B = y[..., :fan_in], y[..., fan_in:].transpose(-1, -2)
            out[m] = self._to_raw_scale(m, A, B, dense=dense) if raw_scale else (A, B)
        return out

    def _trunk(self, task_embeddings: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The shared trunk: h [n, T, L, D] after mlp1, and (M, S) the normalised A/B embeddings [T, 2, D]."""
        cfg = self.config
        self._check_embeddings(task_embeddings)
        n, L, T = task_embeddings.shape[0], cfg.num_layers, len(cfg.target_modules)
        task = self.task_encoder(task_embeddings.to(self.dtype))  # [n, D/2]
        depth, kind, ab = self._task_free(task_embeddings.device)  # [L, D/4], [T, D/4], [T, 2, D] or None
        x = torch.cat(
            [
                task[:, None, None, :].expand(n, T, L, -1),
                depth[None, None, :, :].expand(n, T, L, -1),
                kind[None, :, None, :].expand(n, T, L, -1),
            ],
            dim=-1,
        )
        return self.mlp1(self.mixer(x)), ab

    def _check_embeddings(self, x: torch.Tensor) -> None:
        if x.dim() != 2 or x.shape[1] != self.config.embedding_dim or x.shape[0] == 0:
            raise InvalidEmbeddingsError(
                f"task_embeddings must have shape [n, {self.config.embedding_dim}] with n >= 1; "
                f"got {list(x.shape)}."
            )

    def _task_free(self, dev: torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """The trunk inputs that no description changes: per-layer depth and per-module type features,
        and (M, S) the normalised A/B embeddings. At generation (no autograd) they are kept until one
        of their parameters is replaced or changed, which saves their kernels on every call."""
        cfg = self.config
        parts: list[nn.Module] = [self.layer_depth_encoder, self.layer_type_encoder]
        if cfg.shared_ab_head:
            parts += [self.out_emb, self.out_emb_norm]

        def compute() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
            L, T = cfg.num_layers, len(cfg.target_modules)
            depth = self.layer_depth_encoder(torch.arange(L, device=dev))
            kind = self.layer_type_encoder(torch.arange(T, device=dev))
            ab = None
            if cfg.shared_ab_head:
                out_emb = self.out_emb
                pairs = [torch.stack([out_emb[m]["A"], out_emb[m]["B"]]) for m in cfg.target_modules]
                ab = self.out_emb_norm(torch.stack(pairs))  # [T, 2, D]
            return depth, kind, ab

        if torch.is_grad_enabled():  # training: nothing is kept
            return compute()
        return self._cache.get(("task_free", dev), [p for part in parts for p in part.parameters()], compute)

    def _rank_positions(self, u: torch.Tensor, *, shared: bool = True) -> torch.Tensor:
        """Expand [..., D] to r rank positions [..., r, D] and add the position (rotary or learned)."""
        r = self.config.rank
        u = u.unsqueeze(-2).expand(*u.shape[:-1], r, u.shape[-1])
        if self.config.learnable_pos_emb:
            pos = self.pos_emb(torch.arange(r, device=u.device))  # [r, D]
            return u + self.mlp2(pos) if shared else self.mlp2(u + pos)

        def compute() -> tuple[torch.Tensor, torch.Tensor]:  # constants: once per shape, device and dtype
            cos, sin = rotary_tables(r, u.shape[-1], device=u.device)
            return cos.to(u.dtype), sin.to(u.dtype)

        tables = self._cache.get(("rotary", r, u.shape[-1], u.device, u.dtype), (), compute)
        return self.mlp2(u * tables[0] + rotate_half(u) * tables[1])

    def num_parameters(self, *, trainable_only: bool = True) -> int:
        """Parameter count (by default without the fixed offset/mean/std tensors)."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not trainable_only)

    def reorder_state_in_place(self, state: dict[str, torch.Tensor]) -> bool:
        """Put a reference-order state dict into this module's head order in place (see :mod:`.state_order`).
        Returns whether the next ``load_state_dict`` should skip its own reordering."""
        return reorder_state_in_place(self, state)


@torch.no_grad()
def sft_init(model: TextToLoRA) -> None:
    """T2L's SFT initialisation: zero head weights, so the first adapters equal PEFT's LoRA init.

    For L, each head's bias is the flattened default PEFT init (A Kaiming-uniform, B zero). The
    M and S heads are shared between A and B (S also between rank rows), so one bias cannot hold
    that init: their bias is zero and the A init goes into ``AB_offset.A``, per layer. Either
    way delta W = B @ A = 0 for every description until the hypernetwork is trained.
    """
    for module in model.modules():
        if module is not model and hasattr(module, "reset_parameters"):
            module.reset_parameters()
    if model.config.shared_ab_head:
        for pair in model.out_emb.values():
            for p in pair.values():
                nn.init.normal_(p)
    cfg, r = model.config, model.config.rank
    for tensors in (model.AB_offset, model.mean_recon_target, model.std_recon_target):
        for p in (*tensors.A.values(), *tensors.B.values()):
            p.zero_()
    for m in cfg.target_modules:
        head = model.heads[m]
        nn.init.zeros_(head.weight)
        if head.bias is not None:
            head.bias.zero_()
        if cfg.variant == "L" and head.bias is not None:
            head.bias[: r * cfg.in_features[m]] = _lora_a_init(r, cfg.in_features[m]).flatten()
        else:
            model.AB_offset.A[m].copy_(
                torch.stack([_lora_a_init(r, cfg.in_features[m]) for _ in range(cfg.num_layers)])
            )
