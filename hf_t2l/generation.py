"""Adapter generation: descriptions in, one `GeneratedAdapter` per description out, in one batched pass."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import torch

from .adapter import GeneratedAdapter, LayerStackStateDict
from .adapter_id import hypernetwork_digest
from .errors import InvalidConfigError, UnfamiliarDescriptionWarning, warn_user
from .inputs import validate_descriptions, validate_task_embeddings

if TYPE_CHECKING:  # pragma: no cover
    from ._graphs import GraphedForward
    from .config import T2LConfig
    from .encoder import DescriptionEncoder
    from .task_index import NearestTask, TaskIndex


class AdapterGenerationMixin:
    """:meth:`generate` of :class:`~hf_t2l.TextToLoRA` (the forward pass is the model's own)."""

    config: T2LConfig
    task_index: TaskIndex | None
    provenance: dict[str, Any]
    use_cuda_graphs: bool
    _graphed: GraphedForward
    _keys_cache: dict[str, tuple[list[str], list[str]]] | None

    if TYPE_CHECKING:  # pragma: no cover
        training: bool
        device: torch.device

        def get_encoder(self) -> DescriptionEncoder: ...
        def eval(self) -> Any: ...
        def train(self, mode: bool = True) -> Any: ...
        def __call__(self, task_embeddings: torch.Tensor, *, dense: bool = False) -> Any: ...
        def _generate_weights(self, task_embeddings: torch.Tensor) -> dict[str, tuple[Any, Any]]: ...

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
                stacked = self._graphed(self, lambda t: self(t, dense=True), x)
                weights = {m: (A.unbind(0), B.unbind(0)) for m, (A, B) in stacked.items()}
            else:
                weights = self._generate_weights(x)
        finally:
            if was_training:
                self.train()
        cfg = self.config
        keys = self._peft_keys()
        # per description: the stacked [L, ...] tensors of each module; the per-layer views that a PEFT
        # state dict needs are made on first use (LayerStackStateDict), so many adapters cost little here
        per_module = [
            [(keys[m][0], keys[m][1], A_k, B_k) for A_k, B_k in zip(A, B)] for m, (A, B) in weights.items()
        ]
        nearest = self._nearest_tasks(emb, texts)
        # the portable identity of this hypernetwork in every card: a hash of its weights (cached until
        # they change)
        provenance = {**self.provenance, "hypernetwork_sha256": hypernetwork_digest(self)}
        adapters = []
        for k, text in enumerate(texts):
            state = LayerStackStateDict([module[k] for module in per_module])
            adapter = GeneratedAdapter.from_state_dict(
                state, config=cfg, description=text, provenance=dict(provenance), use_rslora=use_rslora
            )
            adapter.nearest_tasks = nearest[k]
            adapters.append(adapter)
        return adapters[0] if single else adapters

    def _nearest_tasks(
        self, emb: torch.Tensor, texts: Sequence[str | None]
    ) -> list[list[NearestTask] | None]:
        """The training tasks nearest each description; a warning for those far from all of them."""
        index = self.task_index
        if index is None or index.dim != emb.shape[-1]:
            return [None] * emb.shape[0]
        nearest = index.nearest(emb)
        for text, near in zip(texts, nearest):
            if index.is_unfamiliar(near):
                what = "This description" if text is None else f"The description {text[:80]!r}"
                warn_user(
                    f"{what} is far from every task the hypernetwork was trained on (closest: "
                    f"{near[0].task_id!r}, similarity {near[0].similarity:.2f} < {index.threshold:.2f}); the "
                    "adapter may do that task rather than yours. Reword it like a task description, "
                    "in English.",
                    UnfamiliarDescriptionWarning,
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
