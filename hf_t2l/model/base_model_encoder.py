"""The base LLM as its own description encoder (``encoder_name_or_path="base-model"``).

The reference system embeds descriptions with the base model itself when its ``emb_model`` is empty:
the final hidden state of the description's last token. Here the model read with is the one the
adapters are for, used in place (no second copy), with every PEFT adapter on it switched off while it
reads. Preprocessing and normalisation stay :class:`~hf_t2l.DescriptionEncoder`'s.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from ..offline.smollm2 import resolve_base_model
from ..quiet import loading_bars_off

if TYPE_CHECKING:  # pragma: no cover
    from .config import T2LConfig


def last_token(tokens: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The hidden state of each row's last real token (right padding)."""
    last = mask.sum(1).long() - 1
    return tokens[torch.arange(tokens.shape[0], device=tokens.device), last]


class BaseModelBackend:
    """The base LLM as its own description encoder: the final hidden state of the decoder (after its
    last norm) at every token, with any PEFT adapters switched off while it reads.

    ``model`` is the causal LM that the adapters are for (a ``PeftModel`` or a plain transformers
    model), used in place: no second copy is loaded. Texts are tokenised as the tokenizer does by
    default, truncated to the model's context, right-padded by hand (the tokenizer needs no pad token).
    """

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model
        self.tokenizer = tokenizer
        inner = model.get_base_model() if hasattr(model, "get_base_model") else model
        self.dim = int(inner.config.hidden_size)
        self.max_seq_length = getattr(inner.config, "max_position_embeddings", None)

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    @contextlib.contextmanager
    def _adapters_off(self) -> Iterator[None]:
        """Every PEFT tuner layer in the model switched off while it reads (also layers injected into a
        plain model, as a pool's slots are), then back as they were, trainability included."""
        from peft.tuners.tuners_utils import BaseTunerLayer  # peft's import is heavy: only when reading

        layers = [m for m in self.model.modules() if isinstance(m, BaseTunerLayer) and not m.disable_adapters]
        grads = {p: p.requires_grad for m in layers for p in m.parameters()}
        for m in layers:
            m.enable_adapters(False)
        try:
            yield
        finally:
            for m in layers:
                m.enable_adapters(True)
            for p, flag in grads.items():
                p.requires_grad_(flag)

    def embed(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        ids = self.tokenizer(
            texts, truncation=self.max_seq_length is not None, max_length=self.max_seq_length
        )["input_ids"]
        width = max(len(row) for row in ids)
        input_ids = torch.zeros(len(ids), width, dtype=torch.long)
        mask = torch.zeros(len(ids), width, dtype=torch.long)
        for r, row in enumerate(ids):
            input_ids[r, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[r, : len(row)] = 1
        input_ids, mask = input_ids.to(self.device), mask.to(self.device)
        inner = self.model.get_base_model() if hasattr(self.model, "get_base_model") else self.model
        decoder = inner.get_decoder() if hasattr(inner, "get_decoder") else None
        with self._adapters_off():
            # the decoder alone (no LM head over the vocabulary) where the model exposes it
            out = (
                None
                if decoder is None or decoder is inner
                else decoder(input_ids=input_ids, attention_mask=mask)
            )
            tokens = getattr(out, "last_hidden_state", None)
            if tokens is None:
                out = inner(input_ids=input_ids, attention_mask=mask, output_hidden_states=True)
                tokens = out.hidden_states[-1]
        tokens = tokens.float()
        return tokens, mask, last_token(tokens, mask)


def base_model_tokenizer(config: T2LConfig, trust_remote_code: bool) -> Any:
    """The tokenizer of the base model named in ``config``."""
    source = resolve_base_model(config.base_model_name_or_path)
    return AutoTokenizer.from_pretrained(
        source, revision=config.base_model_revision, trust_remote_code=trust_remote_code
    )


def load_base_model_encoder(
    config: T2LConfig, *, device: str | None = None, trust_remote_code: bool = False
) -> BaseModelBackend:
    """The base model named in ``config`` loaded as the encoder: for roads that were given no base model
    (``t2l.generate(...)`` on its own). Where a base model is at hand, pass it instead."""
    source = resolve_base_model(config.base_model_name_or_path)
    revision = config.base_model_revision
    with loading_bars_off():
        tokenizer = AutoTokenizer.from_pretrained(
            source, revision=revision, trust_remote_code=trust_remote_code
        )
        model = AutoModelForCausalLM.from_pretrained(
            source, revision=revision, dtype=torch.float32, trust_remote_code=trust_remote_code
        ).eval()
    if device is not None:
        model.to(device)
    model.requires_grad_(False)
    return BaseModelBackend(model, tokenizer)
