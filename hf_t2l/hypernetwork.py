"""The T2L hypernetwork: a task embedding in, LoRA A and B for every layer and target module out.

Parameter names follow the reference implementation (``task_encoder.mlp.0``, ``mixer.1``,
``heads.<module>``, ``AB_offset.A.<module>``...), so its released checkpoints load as they are.
Shapes: n descriptions, T target modules, L layers, r rank, D latent size, H head input size.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
import torch.nn as nn
import torch.nn.functional as F
from huggingface_hub import PyTorchModelHubMixin

from ._cache import DerivedCache
from ._graphs import GraphedForward
from .config import T2LConfig
from .errors import InvalidConfigError, InvalidEmbeddingsError, UnfamiliarDescriptionWarning
from .layers import PerModuleTensors, ResidualBlock, TaskProjection, _ffn, _lora_a_init, _rank_rows, rotate_half, rotary_tables
from .task_index import NearestTask, TaskIndex

if TYPE_CHECKING:  # pragma: no cover
    from .adapter import GeneratedAdapter
    from .encoder import DescriptionEncoder


class TextToLoRA(
    nn.Module,
    PyTorchModelHubMixin,
    library_name="hf_t2l",
    tags=["text-to-lora", "hf_t2l", "hypernetwork", "lora"],
):
    """A Text-to-LoRA hypernetwork.

    Build one for a base model from a :class:`T2LConfig`, load a saved one with
    :meth:`from_pretrained`, and turn task descriptions into PEFT LoRA adapters with
    :meth:`generate`.

    Example:
        >>> config = T2LConfig.from_base_model("HuggingFaceTB/SmolLM2-135M-Instruct", encoder="sentence-transformers/all-MiniLM-L6-v2")
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
        D, H, p, r = config.latent_size, config.head_in_size, config.dropout, config.rank
        modules = config.target_modules
        self.task_encoder = TaskProjection(config.embedding_dim, D // 2)
        self.layer_depth_encoder = nn.Sequential(nn.Embedding(config.num_layers, D // 4), nn.LayerNorm(D // 4))
        self.layer_type_encoder = nn.Sequential(nn.Embedding(len(modules), D // 4), nn.LayerNorm(D // 4))
        self.mixer = nn.Sequential(nn.Dropout(p), *_ffn(D, 4 * D, D, p))
        self.mlp1 = ResidualBlock(D, p)
        self.mlp2 = ResidualBlock(D, p)
        self.mlp3 = nn.Sequential(nn.LayerNorm(D), *_ffn(D, 4 * D, H, p, final_dropout=False))
        if config.shared_ab_head:
            self.out_emb = nn.ModuleDict(
                {m: nn.ParameterDict({"A": nn.Parameter(torch.empty(D)), "B": nn.Parameter(torch.empty(D))}) for m in modules}
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
        if config.variant == "L":
            # L heads keep B's columns in (out, r) order inside the module, so the head GEMM writes each
            # layer's B [out, r] contiguous (no transposed copy); state dicts use the reference order.
            self._register_state_dict_hook(_heads_to_reference_order)
            self.register_load_state_dict_pre_hook(_heads_from_reference_order)
        if not any(p.is_meta for p in self.parameters()):
            self.reset_parameters()
        self.eval()

    # --- initialisation -------------------------------------------------------------------------
    @torch.no_grad()
    def reset_parameters(self) -> None:
        """T2L's SFT initialisation: zero head weights, so the first adapters equal PEFT's LoRA init.

        For L, each head's bias is the flattened default PEFT init (A Kaiming-uniform, B zero). The
        M and S heads are shared between A and B (S also between rank rows), so one bias cannot hold
        that init: their bias is zero and the A init goes into ``AB_offset.A``, per layer. Either
        way delta W = B @ A = 0 for every description until the hypernetwork is trained.
        """
        for module in self.modules():
            if module is not self and hasattr(module, "reset_parameters"):
                module.reset_parameters()
        if self.config.shared_ab_head:
            for pair in self.out_emb.values():
                for p in pair.values():
                    nn.init.normal_(p)
        cfg, r = self.config, self.config.rank
        for tensors in (self.AB_offset, self.mean_recon_target, self.std_recon_target):
            for p in (*tensors.A.values(), *tensors.B.values()):
                p.zero_()
        for m in cfg.target_modules:
            head = self.heads[m]
            nn.init.zeros_(head.weight)
            if head.bias is not None:
                head.bias.zero_()
            if cfg.variant == "L" and head.bias is not None:
                head.bias[: r * cfg.in_features[m]] = _lora_a_init(r, cfg.in_features[m]).flatten()
            else:
                self.AB_offset.A[m].copy_(torch.stack([_lora_a_init(r, cfg.in_features[m]) for _ in range(cfg.num_layers)]))

    # --- encoder --------------------------------------------------------------------------------
    def get_encoder(self, *, trust_remote_code: bool | None = None) -> DescriptionEncoder:
        """The description encoder named in the config (loaded on first use, once per process).
        ``trust_remote_code`` defaults to this instance's (False unless given to :meth:`from_pretrained`)."""
        if self._encoder is None:
            from .encoder import DescriptionEncoder

            trust = self.trust_remote_code if trust_remote_code is None else trust_remote_code
            device = str(self.device) if self.device.type != "meta" else None
            self._encoder = DescriptionEncoder.from_config(self.config, device=device, trust_remote_code=trust is True)
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
        self._check_embeddings(task_embeddings)
        n, L, T, r = task_embeddings.shape[0], cfg.num_layers, len(cfg.target_modules), cfg.rank
        dev = task_embeddings.device
        task = self.task_encoder(task_embeddings.to(self.dtype))  # [n, D/2]
        depth, kind, ab = self._task_free(dev)  # [L, D/4], [T, D/4], [T, 2, D] or None
        x = torch.cat(
            [
                task[:, None, None, :].expand(n, T, L, -1),
                depth[None, None, :, :].expand(n, T, L, -1),
                kind[None, :, None, :].expand(n, T, L, -1),
            ],
            dim=-1,
        )
        h = self.mlp1(self.mixer(x))  # [n, T, L, D]

        if cfg.shared_ab_head:
            u = h[:, :, None] + ab[None, :, :, None]  # [n, T, 2, L, D]
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
                if dense and raw_scale and self._offset_only() and not self._is_zero(m, "A"):
                    # generation: A's fixed offset rides in the matmul's bias input (no separate pass over A)
                    A = self._linear_plus_offset(z[:, t, 0], m, fan_in)
                    B = F.linear(z[:, t, 1], head.weight[:fan_out], None if head.bias is None else head.bias[:fan_out])
                    out[m] = (A, self._add_dense(B.transpose(-1, -2), m, "B"))
                    continue
                A = F.linear(z[:, t, 0], head.weight[:fan_in], None if head.bias is None else head.bias[:fan_in])
                B = F.linear(z[:, t, 1], head.weight[:fan_out], None if head.bias is None else head.bias[:fan_out])
                out[m] = self._to_raw_scale(m, A, B.transpose(-1, -2), dense=dense) if raw_scale else (A, B.transpose(-1, -2))
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

    def _check_embeddings(self, x: torch.Tensor) -> None:
        if x.dim() != 2 or x.shape[1] != self.config.embedding_dim or x.shape[0] == 0:
            raise InvalidEmbeddingsError(
                f"task_embeddings must have shape [n, {self.config.embedding_dim}] with n >= 1; got {list(x.shape)}."
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

    def reorder_state_in_place(self, state: dict[str, torch.Tensor]) -> bool:
        """Put a reference-order state dict into this module's internal head order, overwriting its
        tensors (only for callers that own them: costs one B-sized buffer instead of a head copy).
        Returns whether the next ``load_state_dict`` should skip its own reordering."""
        if self.config.variant != "L":
            return False
        for key, r, fan_in, fan_out in _head_keys(self, ""):
            t = state.get(key)
            if t is None or t.is_meta or t.shape[0] != r * (fan_in + fan_out) or not t.is_contiguous():
                return False  # leave it to the load hook (which copies)
        for key, r, fan_in, fan_out in _head_keys(self, ""):
            b = state[key][r * fan_in :]
            b.copy_(_b_rows_reordered(b, r, fan_out, to_internal=True))
        return True

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

    # --- generation -----------------------------------------------------------------------------
    @torch.no_grad()
    def generate(
        self,
        descriptions: str | Sequence[str] | None = None,
        *,
        task_embeddings: torch.Tensor | None = None,
        use_rslora: bool | None = None,
    ) -> GeneratedAdapter | list[GeneratedAdapter]:
        """Generate one PEFT LoRA adapter per description, all in one batched pass.

        Args:
            descriptions: One task description or a list of them.
            task_embeddings: Instead of text, precomputed embeddings [n, E] (or [E] for one).
            use_rslora: Override the scaling written into the adapters' LoraConfig (None: the
                config's; False gives alpha/r instead of alpha/sqrt(r)).

        Returns:
            A :class:`~hf_t2l.GeneratedAdapter` for a single description (or a 1-d embedding),
            else a list of them in input order.

        Raises:
            InvalidDescriptionError / DescriptionTypeError: an empty or non-string description.
            InvalidEmbeddingsError / EmbeddingsTypeError: embeddings that are not a finite 1-d/2-d float
                tensor of the encoder's width (also raised if the encoder returns NaN or inf).
        """
        from .adapter import GeneratedAdapter, LayerStackStateDict
        from .encoder import validate_descriptions, validate_task_embeddings

        if (descriptions is None) == (task_embeddings is None):
            raise InvalidConfigError("Pass either descriptions or task_embeddings (exactly one of them).")
        single = isinstance(descriptions, str) or (
            isinstance(task_embeddings, torch.Tensor) and task_embeddings.dim() == 1
        )
        texts: list[str | None] = [] if descriptions is None else list(validate_descriptions(descriptions))
        raw = self.get_encoder().encode(texts) if texts else task_embeddings  # type: ignore[arg-type]
        # bad input is the caller's error, checked before anything runs (never a reason to drop the graphs)
        emb = validate_task_embeddings(raw, embedding_dim=self.config.embedding_dim)
        texts = texts or [None] * emb.shape[0]
        was_training = self.training
        if was_training:
            self.eval()
        try:
            x = emb.to(self.device)
            if self.use_cuda_graphs and self._graphed.usable(x):
                weights = self._graphed(self, lambda t: self(t, dense=True), x)
            else:
                weights = self(x, dense=True)
        finally:
            if was_training:
                self.train()
        cfg = self.config
        keys = self._peft_keys()
        # per description: the stacked [L, ...] tensors of each module; the per-layer views that a PEFT
        # state dict needs are made on first use (LayerStackStateDict), so many adapters cost little here
        per_module = [[(keys[m][0], keys[m][1], A_k, B_k) for A_k, B_k in zip(A.unbind(0), B.unbind(0))]
                      for m, (A, B) in weights.items()]
        nearest = self._nearest_tasks(emb, texts)
        adapters = []
        for k, text in enumerate(texts):
            state = LayerStackStateDict([module[k] for module in per_module])
            adapter = GeneratedAdapter.from_state_dict(
                state, config=cfg, description=text, provenance=dict(self.provenance), use_rslora=use_rslora
            )
            adapter.nearest_tasks = nearest[k]
            adapters.append(adapter)
        return adapters[0] if single else adapters

    def _nearest_tasks(self, emb: torch.Tensor, texts: Sequence[str | None]) -> list[list[NearestTask] | None]:
        """The training tasks nearest each description; a warning for those far from all of them."""
        index = self.task_index
        if index is None or index.dim != emb.shape[-1]:
            return [None] * emb.shape[0]
        nearest = index.nearest(emb)
        for text, near in zip(texts, nearest):
            if index.is_unfamiliar(near):
                what = "This description" if text is None else f"The description {text[:80]!r}"
                warnings.warn(
                    f"{what} is far from every task the hypernetwork was trained on (closest: "
                    f"{near[0].task_id!r}, similarity {near[0].similarity:.2f} < {index.threshold:.2f}); the "
                    "adapter may do that task rather than yours. Reword it like a task description, in English.",
                    UnfamiliarDescriptionWarning,
                    stacklevel=3,
                )
        return nearest

    def _peft_keys(self) -> dict[str, tuple[list[str], list[str]]]:
        """PEFT state-dict keys of A and B for every layer, per module (built once)."""
        if self._keys_cache is None:
            cfg = self.config
            self._keys_cache = {
                m: tuple([cfg.peft_key(m, layer, w) for layer in range(cfg.num_layers)] for w in ("A", "B"))
                for m in cfg.target_modules
            }
        return self._keys_cache

    # --- persistence ----------------------------------------------------------------------------
    def save_pretrained(  # type: ignore[override]
        self,
        save_directory: str | Path,
        *,
        config: Any = None,
        repo_id: str | None = None,
        push_to_hub: bool = False,
        model_card_kwargs: dict[str, Any] | None = None,
        **push_to_hub_kwargs: Any,
    ) -> str | None:
        """Save config.json, model.safetensors and a model card into ``save_directory``.

        Written into a temporary folder first and swapped in as a whole (see :mod:`hf_t2l.atomic`):
        a failure leaves the previous folder exactly as it was. Files the save does not write (a
        README.md already in the folder, ``.git``) are kept. ``model_card_kwargs`` go to
        :func:`hf_t2l.model_card.hypernetwork_card` (e.g. ``repo_id``, ``license``, ``training_summary``).

        Raises:
            SaveError: a full disk, no permission, or a file at ``save_directory``.
        """
        from .atomic import atomic_directory

        from .model_card import hypernetwork_card

        save_directory = Path(save_directory)
        with atomic_directory(save_directory) as tmp:
            self._save_pretrained(tmp)
            if not (save_directory / "README.md").exists():
                hypernetwork_card(self, **(model_card_kwargs or {})).save(tmp / "README.md")
        if push_to_hub:
            return self.push_to_hub(repo_id or save_directory.name, model_card_kwargs=model_card_kwargs, **push_to_hub_kwargs)
        return None

    def push_to_hub(  # type: ignore[override]
        self,
        repo_id: str,
        *,
        commit_message: str | None = None,
        private: bool | None = None,
        token: str | bool | None = None,
        revision: str | None = None,
        model_card_kwargs: dict[str, Any] | None = None,
        overwrite_card: bool = False,
        **_: Any,
    ) -> str:
        """Push config.json, model.safetensors and the card to ``repo_id`` in one commit.

        Creates the repo if needed. A README.md that a person edited on the Hub is kept unless
        ``overwrite_card=True``.

        Returns:
            The URL of the commit.

        Raises:
            InvalidRepoIdError: a malformed repo id (before any network call).
            HubAuthenticationError: not logged in, wrong token, or no write access.
            HubError: the Hub failed (after retries); nothing was committed.
        """
        import tempfile

        from .hub import push_folder, validate_repo_id

        validate_repo_id(repo_id)
        card = {"repo_id": repo_id, **(model_card_kwargs or {})}
        with tempfile.TemporaryDirectory() as tmp:
            self.save_pretrained(Path(tmp) / "hypernetwork", model_card_kwargs=card)
            return push_folder(
                Path(tmp) / "hypernetwork", repo_id, token=token, private=private, revision=revision,
                commit_message=commit_message or "Upload Text-to-LoRA hypernetwork with hf_t2l",
                overwrite_card=overwrite_card,
            )

    def _save_pretrained(self, save_directory: Path) -> None:
        from .persistence import save_hypernetwork_files

        save_hypernetwork_files(self, save_directory)

    @classmethod
    def from_pretrained(  # type: ignore[override]
        cls,
        pretrained_model_name_or_path: str | Any,
        *,
        revision: str | None = None,
        subfolder: str | None = None,
        token: str | bool | None = None,
        cache_dir: str | None = None,
        local_files_only: bool = False,
        force_download: bool = False,
        map_location: str | torch.device = "cpu",
        trust_remote_code: bool = False,
        base_config: Any = None,
    ) -> TextToLoRA:
        """Load a hypernetwork from a local folder or a Hub repo.

        Native folders hold config.json + model.safetensors. Folders of the reference release
        (hypermod.pt + args.yaml + adapter_config.json, e.g. ``SakanaAI/text-to-lora`` with
        ``subfolder="trained_t2l/mistral_7b_t2l"``) are detected and loaded safely
        (``weights_only=True``); their base shapes come from ``base_config`` or args.yaml's
        ``model_dir`` config, else from the checkpoint's own tensors.

        Args:
            trust_remote_code: Allow Python code from the repos this hypernetwork names (its encoder,
                e.g. gte-large-en-v1.5, and a reference folder's base config) to run. Only this
                argument allows it; a config.json that asks for it gets RemoteCodeNotTrustedError.

        Raises:
            HypernetworkNotFoundError: the folder or repo has no hypernetwork.
            CheckpointError: model.safetensors is corrupt, truncated or does not match config.json.
        """
        from .persistence import load_hypernetwork

        return load_hypernetwork(
            cls,
            str(pretrained_model_name_or_path),
            revision=revision,
            subfolder=subfolder,
            token=token,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            force_download=force_download,
            map_location=map_location,
            trust_remote_code=trust_remote_code,
            base_config=base_config,
        )

    def num_parameters(self, *, trainable_only: bool = True) -> int:
        """Parameter count (by default without the fixed offset/mean/std tensors)."""
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not trainable_only)


def _b_rows_reordered(b: torch.Tensor, r: int, fan_out: int, *, to_internal: bool) -> torch.Tensor:
    """The B rows of an L head (weight or bias) moved between (r, out) and (out, r) order, as a new tensor."""
    shape = (r, fan_out) if to_internal else (fan_out, r)
    return b.reshape(*shape, *b.shape[1:]).transpose(0, 1).reshape(b.shape)


def _reorder_b_rows(t: torch.Tensor, r: int, fan_in: int, fan_out: int, *, to_internal: bool) -> torch.Tensor:
    """An L head's weight or bias with its B rows moved between (r, out) and (out, r) order."""
    split = r * fan_in
    out = torch.empty(t.shape, dtype=t.dtype, device=t.device)
    out[:split] = t[:split]
    out[split:] = _b_rows_reordered(t[split:], r, fan_out, to_internal=to_internal)
    return out


def _head_keys(module: TextToLoRA, prefix: str):
    cfg = module.config
    for m in cfg.target_modules:
        for name in ("weight", "bias"):
            yield f"{prefix}heads.{m}.{name}", cfg.rank, cfg.in_features[m], cfg.out_features[m]


def _heads_to_reference_order(module: TextToLoRA, state: dict, prefix: str, local_metadata: Any) -> None:
    for key, r, fan_in, fan_out in _head_keys(module, prefix):
        if key in state and not state[key].is_meta:
            state[key] = _reorder_b_rows(state[key], r, fan_in, fan_out, to_internal=False)


def _heads_from_reference_order(module: TextToLoRA, state: dict, prefix: str, *args: Any) -> None:
    if module._state_is_internal:  # already reordered in place by the loader that owns the tensors
        return
    for key, r, fan_in, fan_out in _head_keys(module, prefix):
        if key in state and not state[key].is_meta and state[key].shape[0] == r * (fan_in + fan_out):
            state[key] = _reorder_b_rows(state[key], r, fan_in, fan_out, to_internal=True)
