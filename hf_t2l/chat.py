"""Chat prompts and greedy answers: how the demo, evaluation, the Space and training talk to a model."""

from __future__ import annotations

from typing import Any

import torch


def chat_prompt_ids(tokenizer: Any, prompt: str) -> list[int]:
    """Token ids of one user turn, chat-formatted up to where the assistant's answer starts.

    A tokenizer without a chat template gets the prompt as plain text (with its special tokens).

    Example:
        >>> ids = chat_prompt_ids(tokenizer, "France")  # doctest: +SKIP
    """
    if not getattr(tokenizer, "chat_template", None):
        return list(tokenizer(prompt)["input_ids"])
    messages = [{"role": "user", "content": prompt}]
    ids = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, tokenize=True, return_dict=False
    )
    return list(ids)


def pad_token_id(tokenizer: Any) -> int:
    """The tokenizer's padding id, its end-of-sequence id when it has none."""
    return tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id


@torch.no_grad()
def greedy_answer(
    model: torch.nn.Module,
    tokenizer: Any,
    prompts: list[str],
    *,
    max_new_tokens: int = 24,
    batch_size: int = 32,
) -> list[str]:
    """Greedy answers of a chat model to user messages, batched (left-padded), special tokens stripped.

    Args:
        model: A causal LM (or a PeftModel), answering with whatever adapter is active.
        tokenizer: Its tokenizer; it is not changed.
        prompts: One user message per answer.
        max_new_tokens: Longest answer, in tokens.
        batch_size: Prompts decoded together.

    Returns:
        One answer per prompt, in order, stripped of surrounding whitespace.

    Example:
        >>> greedy_answer(model, tokenizer, ["France"], max_new_tokens=8)  # doctest: +SKIP
        ['Paris']
    """
    pad = pad_token_id(tokenizer)
    device = next(model.parameters()).device
    answers: list[str] = []
    for start in range(0, len(prompts), batch_size):
        rows = [chat_prompt_ids(tokenizer, p) for p in prompts[start : start + batch_size]]
        width = max(len(r) for r in rows)
        input_ids = torch.tensor([[pad] * (width - len(r)) + r for r in rows], device=device)
        mask = torch.tensor([[0] * (width - len(r)) + [1] * len(r) for r in rows], device=device)
        out = model.generate(
            input_ids=input_ids,
            attention_mask=mask,
            max_new_tokens=max_new_tokens,
            do_sample=False,
            pad_token_id=pad,
        )
        answers += [tokenizer.decode(row[width:], skip_special_tokens=True).strip() for row in out]
    return answers


def stop_token_ids(tokenizer: Any, model: Any) -> set[int]:
    """The ids that end an answer: the tokenizer's and the generation config's end-of-sequence ids."""
    ids: set[int] = set()
    for value in (
        getattr(tokenizer, "eos_token_id", None),
        getattr(getattr(model, "generation_config", None), "eos_token_id", None),
    ):
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, (list, tuple)):
            ids.update(v for v in value if isinstance(v, int))
    return ids
