"""Adapter generation: descriptions in, one `GeneratedAdapter` per description out, in one batched pass.

Functions of a :class:`~hf_t2l.TextToLoRA` (its ``generate`` calls :func:`generate`): the inputs are
checked once, in :func:`generate`; :func:`adapters_from` and what it calls trust them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import torch

from ..adapters.generated import GeneratedAdapter, LayerStackStateDict
from ..adapters.ids import hypernetwork_digest
from ..errors import InvalidConfigError, UnfamiliarDescriptionWarning, warn_user
from ..inputs import validate_descriptions, validate_task_embeddings

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA
    from .task_index import NearestTask


@torch.no_grad()
def generate(
    model: TextToLoRA,
    descriptions: str | Sequence[str] | None = None,
    *,
    task_embeddings: torch.Tensor | None = None,
    use_rslora: bool | None = None,
) -> GeneratedAdapter | list[GeneratedAdapter]:
    """:meth:`hf_t2l.TextToLoRA.generate`: check the inputs once, then :func:`adapters_from`."""
    if (descriptions is None) == (task_embeddings is None):
        raise InvalidConfigError("Pass either descriptions or task_embeddings (exactly one of them).")
    if descriptions is not None:
        adapters = from_descriptions(model, validate_descriptions(descriptions), use_rslora=use_rslora)
        return adapters[0] if isinstance(descriptions, str) else adapters
    single = isinstance(task_embeddings, torch.Tensor) and task_embeddings.dim() == 1
    # bad input is the caller's error, checked before anything runs (never a reason to drop the graphs)
    emb = validate_task_embeddings(task_embeddings, embedding_dim=model.config.embedding_dim)
    adapters = adapters_from(model, emb, use_rslora=use_rslora)
    return adapters[0] if single else adapters


@torch.no_grad()
def from_descriptions(
    model: TextToLoRA, texts: list[str], *, use_rslora: bool | None = None
) -> list[GeneratedAdapter]:
    """One adapter per description of ``texts``, already checked by ``inputs.validate_descriptions`` (at
    the public entry: ``TextToLoRA.generate``, ``from_description``, ``load_description``,
    ``AdapterPool.load``); nothing here checks them again.

    The encoder's output is checked here, once (NaN or inf from the encoder would give all-NaN adapters).
    """
    raw = model.get_encoder().encode_checked(texts)
    emb = validate_task_embeddings(raw, embedding_dim=model.config.embedding_dim)
    return adapters_from(model, emb, texts, use_rslora=use_rslora)


@torch.no_grad()
def adapters_from(
    model: TextToLoRA,
    emb: torch.Tensor,
    texts: Sequence[str] | None = None,
    *,
    use_rslora: bool | None = None,
) -> list[GeneratedAdapter]:
    """One adapter per row of ``emb`` [n, E] (checked: finite, the encoder's width), with its description."""
    texts = list(texts) if texts else [None] * emb.shape[0]
    weights = _weights(model, emb.to(model.device))
    keys = _peft_keys(model)
    # per description: the stacked [L, ...] tensors of each module; the per-layer views that a PEFT
    # state dict needs are made on first use (LayerStackStateDict), so many adapters cost little here
    per_module = [
        [(keys[m][0], keys[m][1], A_k, B_k) for A_k, B_k in zip(A, B)] for m, (A, B) in weights.items()
    ]
    nearest = _nearest_tasks(model, emb, texts)
    # the portable identity of this hypernetwork in every card: a hash of its weights (cached until
    # they change)
    provenance = {**model.provenance, "hypernetwork_sha256": hypernetwork_digest(model)}
    adapters = []
    for k, text in enumerate(texts):
        state = LayerStackStateDict([module[k] for module in per_module])
        adapter = GeneratedAdapter.from_state_dict(
            state, config=model.config, description=text, provenance=dict(provenance), use_rslora=use_rslora
        )
        adapter.nearest_tasks = nearest[k]
        adapters.append(adapter)
    return adapters


def _weights(model: TextToLoRA, x: torch.Tensor) -> dict[str, tuple[Any, Any]]:
    """``{module: (A_k per description, B_k per description)}`` in eval mode (a captured CUDA graph's
    replay where the model uses them, else the variant's generation path)."""
    was_training = model.training
    if was_training:
        model.eval()
    try:
        if model.use_cuda_graphs and model._graphed.usable(x):
            stacked = model._graphed(model, lambda t: model.weights(t, dense=True), x)
            return {m: (A.unbind(0), B.unbind(0)) for m, (A, B) in stacked.items()}
        return model.variant.generate_weights(model, x)
    finally:
        if was_training:
            model.train()


def _nearest_tasks(
    model: TextToLoRA, emb: torch.Tensor, texts: Sequence[str | None]
) -> list[list[NearestTask] | None]:
    """The training tasks nearest each description; a warning for those far from all of them."""
    index = model.task_index
    if index is None or index.dim != emb.shape[-1]:
        return [None] * emb.shape[0]
    nearest = index.nearest(emb)
    for text, near in zip(texts, nearest):
        if index.is_unfamiliar(near):
            what = "This description" if text is None else f"The description {text[:80]!r}"
            warn_user(
                f"{what} is far from every task the hypernetwork was trained on (closest: "
                f"{near[0].task_id!r}, similarity {near[0].similarity:.2f} < {index.threshold:.2f}). On "
                "held-out task families this distance did not predict whether an adapter works, so check "
                "the adapter's answers (e.g. against the description in the prompt).",
                UnfamiliarDescriptionWarning,
            )
    return nearest


def _peft_keys(model: TextToLoRA) -> dict[str, tuple[list[str], list[str]]]:
    """PEFT state-dict keys of A and B for every layer, per module (built once per model)."""
    if model._keys_cache is None:
        cfg = model.config
        model._keys_cache = {
            m: tuple([cfg.peft_key(m, layer, w) for layer in range(cfg.num_layers)] for w in ("A", "B"))
            for m in cfg.target_modules
        }
    return model._keys_cache
