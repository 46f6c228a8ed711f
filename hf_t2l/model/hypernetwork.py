"""The T2L hypernetwork: a task embedding in, LoRA A and B for every layer and target module out.

`TextToLoRA` holds the architecture (the trunk here, the heads from its variant in :mod:`.variants`), the
forward pass and the public methods; generation (:mod:`.generation`) and the fast path
(:mod:`.fastpath`) are functions that take the model, the Hub I/O is
:mod:`hf_t2l.hub.mixin`'s class.
Parameter names follow the reference implementation (``task_encoder.mlp.0``, ``mixer.1``,
``heads.<module>``, ``AB_offset.A.<module>``...), so its released checkpoints load as they are.
Shapes: n descriptions, T target modules, L layers, r rank, D latent size, H head input size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
import torch.nn as nn

from ..adapters.generated import GeneratedAdapter
from ..constants import BASE_MODEL_ENCODER
from ..errors import InvalidConfigError
from ..hub.mixin import HypernetworkHubMixin
from ..hub.model_card import T2LCardData
from ..inputs import check_embedding_batch
from . import generation
from .config import T2LConfig
from .cuda_graphs import GraphedForward
from .encoder import DescriptionEncoder
from .generation_cache import DerivedCache
from .layers import PerModuleTensors, ResidualBlock, TaskProjection, ffn, rotary_tables, rotate_half
from .task_index import TaskIndex
from .variants import get_variant


class TextToLoRA(nn.Module, HypernetworkHubMixin):
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
        #: The variant's class (see :mod:`hf_t2l.model.variants`): its heads, its A/B and its init.
        self.variant = get_variant(config.variant)
        D, H, p = config.latent_size, config.head_in_size, config.dropout
        self.task_encoder = TaskProjection(config.embedding_dim, D // 2)
        self.layer_depth_encoder = nn.Sequential(
            nn.Embedding(config.num_layers, D // 4), nn.LayerNorm(D // 4)
        )
        self.layer_type_encoder = nn.Sequential(
            nn.Embedding(len(config.target_modules), D // 4), nn.LayerNorm(D // 4)
        )
        self.mixer = nn.Sequential(nn.Dropout(p), *ffn(D, 4 * D, D, p))
        self.mlp1 = ResidualBlock(D, p)
        self.mlp2 = ResidualBlock(D, p)
        self.mlp3 = nn.Sequential(nn.LayerNorm(D), *ffn(D, 4 * D, H, p, final_dropout=False))
        self.variant.build(self)  # A/B embeddings (M, S), rank positions (S, L-autoreg), the heads
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
        self.variant.install_state_order(self)  # L heads: (out, r) order inside, the reference's on disk
        if not any(p.is_meta for p in self.parameters()):
            self.reset_parameters()
        self.eval()

    # --- initialisation -------------------------------------------------------------------------
    def reset_parameters(self) -> None:
        """T2L's SFT initialisation (the variant's ``sft_init``): delta W = 0 until the network is trained."""
        self.variant.sft_init(self)

    # --- generation ---------------------------------------------------------------------------
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
        return generation.generate(self, descriptions, task_embeddings=task_embeddings, use_rslora=use_rslora)

    # --- encoder --------------------------------------------------------------------------------
    def get_encoder(
        self, *, trust_remote_code: bool | None = None, base_model: Any = None, tokenizer: Any = None
    ) -> DescriptionEncoder:
        """The description encoder named in the config (loaded on first use, once per process).
        ``trust_remote_code`` defaults to this instance's (False unless given to :meth:`from_pretrained`).

        ``base_model`` (and its ``tokenizer``) matter only to a hypernetwork whose config names the
        ``"base-model"`` encoder: the model given is the encoder from then on (adapters switched off while
        it reads), so no second copy is loaded; without one ever given, the config's base model is
        loaded once. hf_t2l's own roads (``from_description``, the pool, ``hf-t2l eval``, training) pass
        the model they hold.
        """
        uses_base = self.config.encoder_name_or_path == BASE_MODEL_ENCODER
        given = uses_base and base_model is not None and self._encoder is not None
        if given and self._encoder.backend.model is not base_model:
            self._encoder = None  # another model to read with: build around it
        if self._encoder is None:
            trust = self.trust_remote_code if trust_remote_code is None else trust_remote_code
            device = str(self.device) if self.device.type != "meta" else None
            self._encoder = DescriptionEncoder.from_config(
                self.config,
                device=device,
                trust_remote_code=trust is True,
                base_model=base_model if uses_base else None,
                tokenizer=tokenizer if uses_base else None,
            )
        return self._encoder

    def use_base_model(self, model: Any, tokenizer: Any = None) -> None:
        """For a hypernetwork whose encoder is its base model (``encoder_name_or_path="base-model"``):
        read descriptions with ``model``, the one the adapters are for, rather than loading another copy.
        Does nothing for any other encoder (nothing is loaded)."""
        if self.config.encoder_name_or_path == BASE_MODEL_ENCODER:
            self.get_encoder(base_model=model, tokenizer=tokenizer)

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

        Raises:
            InvalidEmbeddingsError: ``task_embeddings`` is not [n, E] with n >= 1.
        """
        check_embedding_batch(task_embeddings, embedding_dim=self.config.embedding_dim)
        return self.weights(task_embeddings, dense=dense, raw_scale=raw_scale)

    def weights(
        self, task_embeddings: torch.Tensor, *, dense: bool = False, raw_scale: bool = True
    ) -> dict[str, tuple[torch.Tensor, torch.Tensor]]:
        """:meth:`forward` for embeddings already checked (by :meth:`generate` or a caller that did)."""
        h, ab = self.trunk(task_embeddings)
        return self.variant.weights(self, h, ab, dense=dense, raw_scale=raw_scale)

    def trunk(self, task_embeddings: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The shared trunk: h [n, T, L, D] after mlp1, and (M, S) the normalised A/B embeddings [T, 2, D]."""
        cfg = self.config
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

    def _task_free(self, dev: torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """The trunk inputs that no description changes: per-layer depth and per-module type features,
        and (M, S) the normalised A/B embeddings. At generation (no autograd) they are kept until one
        of their parameters is replaced or changed, which saves their kernels on every call."""
        cfg = self.config
        shared = self.variant.shared_ab_head
        parts: list[nn.Module] = [self.layer_depth_encoder, self.layer_type_encoder]
        if shared:
            parts += [self.out_emb, self.out_emb_norm]

        def compute() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
            L, T = cfg.num_layers, len(cfg.target_modules)
            depth = self.layer_depth_encoder(torch.arange(L, device=dev))
            kind = self.layer_type_encoder(torch.arange(T, device=dev))
            ab = None
            if shared:
                out_emb = self.out_emb
                pairs = [torch.stack([out_emb[m]["A"], out_emb[m]["B"]]) for m in cfg.target_modules]
                ab = self.out_emb_norm(torch.stack(pairs))  # [T, 2, D]
            return depth, kind, ab

        if torch.is_grad_enabled():  # training: nothing is kept
            return compute()
        return self._cache.get(("task_free", dev), [p for part in parts for p in part.parameters()], compute)

    def rank_positions(self, u: torch.Tensor, *, shared: bool = True) -> torch.Tensor:
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
        """Put a reference-order state dict into this module's head order in place (the variant's rule).
        Returns whether the next ``load_state_dict`` should skip its own reordering."""
        return self.variant.reorder_state_in_place(self, state)
