"""The training tasks in memory: examples tokenised on first use, description embeddings, sampling.

Sampling draws, per micro-batch, ``n`` tasks x ``k`` examples, each with one of the task's
descriptions chosen at random (paraphrase sampling). With ``description_dropout = p`` a sampled
description is, with probability p, replaced by a copy missing some of its words, which is encoded
afresh (by ``variant_encoder``: with precomputed embeddings of the descriptions, the encoder
itself): the hypernetwork then cannot rely on any one word or phrasing.
"""

from __future__ import annotations

import random
from typing import Any

import torch

from .data import Task, encode_example

#: Share of words a dropped-out description loses (each word independently; at least one word stays).
WORD_DROP_RATE = 0.25


def drop_words(text: str, rng: random.Random, rate: float = WORD_DROP_RATE) -> str:
    """``text`` with each word left out with probability ``rate``; never empty (one word stays)."""
    words = text.split()
    kept = [w for w in words if rng.random() >= rate]
    if not kept and words:
        kept = [words[rng.randrange(len(words))]]
    return " ".join(kept)


class TaskBank:
    """Tasks of a collection, their description embeddings, and examples tokenised when first drawn.

    Tokenising on first use keeps the start of a run short for a suite of 100,000+ examples; an
    example is tokenised once and kept.
    """

    def __init__(
        self,
        tasks: list[Task],
        tokenizer: Any,
        encoder: Any,
        max_length: int,
        *,
        description_dropout: float = 0.0,
        variant_encoder: Any = None,
    ) -> None:
        self.tasks = tasks
        self.variant_encoder = variant_encoder if variant_encoder is not None else encoder
        self.description_dropout = description_dropout
        self._tokenizer, self._max_length = tokenizer, max_length
        self._encoded: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        texts = [d for t in tasks for d in t.descriptions]
        embeddings = torch.cat([encoder.encode(texts[i : i + 256]) for i in range(0, len(texts), 256)])
        self.embeddings: list[torch.Tensor] = []
        offset = 0
        for t in tasks:
            self.embeddings.append(embeddings[offset : offset + len(t.descriptions)])
            offset += len(t.descriptions)

    def example(self, task: int, index: int) -> tuple[list[int], list[int]]:
        """Input ids and labels of example ``index`` of task ``task`` (tokenised once)."""
        key = (task, index)
        if key not in self._encoded:
            prompt, response = self.tasks[task].examples[index]
            self._encoded[key] = encode_example(self._tokenizer, prompt, response, self._max_length)
        return self._encoded[key]

    def sample(self, rng: random.Random, n_tasks: int, k: int) -> tuple[list, torch.Tensor]:
        """``n_tasks`` random tasks x ``k`` random examples, each with a random description's embedding."""
        items, embs, dropped = [], [], []
        for _ in range(n_tasks):
            t = rng.randrange(len(self.tasks))
            for _ in range(k):
                items.append(self.example(t, rng.randrange(len(self.tasks[t].examples))))
                d = rng.randrange(len(self.embeddings[t]))
                embs.append(self.embeddings[t][d])
                if self.description_dropout and rng.random() < self.description_dropout:
                    dropped.append((len(embs) - 1, drop_words(self.tasks[t].descriptions[d], rng)))
        if dropped:  # one encoder call for all the dropped-out variants of this micro-batch
            fresh = self.variant_encoder.encode([text for _, text in dropped])
            for (position, _), emb in zip(dropped, fresh):
                embs[position] = emb.to(embs[position].dtype)
        return items, torch.stack(embs)
