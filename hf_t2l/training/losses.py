"""The training loss of a causal LM: cross-entropy over the response tokens only."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def response_loss(
    model: torch.nn.Module, batch: dict[str, torch.Tensor], *, label_smoothing: float = 0.0
) -> torch.Tensor:
    """Mean cross-entropy over response tokens (labels != -100); the LM head runs on those positions only."""
    labels = batch["labels"][:, 1:]
    keep = labels != -100
    decoder = model.get_decoder() if hasattr(model, "get_decoder") else None
    head = model.get_output_embeddings()
    softcap = getattr(model.config, "final_logit_softcapping", None)
    if decoder is not None and head is not None and not softcap:
        out = decoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        hidden = out.last_hidden_state
        logits = head(hidden[:, :-1][keep])
    else:
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
        logits = out.logits[:, :-1][keep]
    return F.cross_entropy(logits.float(), labels[keep], label_smoothing=label_smoothing)
