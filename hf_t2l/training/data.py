"""Task collections: tasks with descriptions and prompt/response examples, read with `datasets`.

Layout (a local folder or a Hub dataset repo)::

    tasks/<split>.jsonl      {"task_id", "descriptions": [str, ...], "family"?, "metric"?, "labels"?}
    examples/<split>.jsonl   {"task_id", "prompt", "response"}

(``.parquet`` works too; a Hub dataset exposes the two as configs ``tasks`` and ``examples``.)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from ..errors import TaskDataError

logger = logging.getLogger(__name__)


@dataclass
class Task:
    task_id: str
    descriptions: list[str]
    examples: list[tuple[str, str]] = field(default_factory=list)
    family: str | None = None
    metric: str | None = None
    labels: list[str] | None = None


def _read(source: str, kind: str, split: str) -> list[dict[str, Any]]:
    import datasets

    folder = Path(source)
    if folder.is_dir():
        files = sorted((folder / kind).glob(f"{split}.*"))
        if not files:
            raise TaskDataError(f"{folder / kind} has no {split}.jsonl or {split}.parquet; see the task collection layout.")
        builder = "parquet" if files[0].suffix == ".parquet" else "json"
        ds = datasets.load_dataset(builder, data_files=[str(f) for f in files], split="train")
    else:
        ds = datasets.load_dataset(source, kind, split=split)
    return ds.to_list()


def load_task_collection(source: str, split: str = "train") -> list[Task]:
    """Load and check the tasks of one split.

    Raises:
        TaskDataError: a task without descriptions or examples, a missing field, an empty
            response, or an example of an unknown task (the message names the task).
    """
    tasks: dict[str, Task] = {}
    for i, row in enumerate(_read(source, "tasks", split)):
        task_id = row.get("task_id")
        if not isinstance(task_id, str) or not task_id:
            raise TaskDataError(f"Task #{i} of split {split!r} has no task_id.")
        descriptions = row.get("descriptions")
        if isinstance(descriptions, str):
            descriptions = [descriptions]
        if not descriptions or not all(isinstance(d, str) and d.strip() for d in descriptions):
            raise TaskDataError(f"Task {task_id!r} has no (or an empty) description; give it at least one.")
        if task_id in tasks:
            raise TaskDataError(f"Task {task_id!r} appears twice in split {split!r}.")
        tasks[task_id] = Task(task_id, list(descriptions), family=row.get("family"), metric=row.get("metric"),
                              labels=row.get("labels"))
    for i, row in enumerate(_read(source, "examples", split)):
        task_id = row.get("task_id")
        task = tasks.get(task_id)
        if task is None:
            raise TaskDataError(f"Example #{i} of split {split!r} belongs to unknown task {task_id!r}.")
        prompt, response = row.get("prompt"), row.get("response")
        if not isinstance(prompt, str) or not isinstance(response, str):
            raise TaskDataError(f"Example #{i} of task {task_id!r} lacks a 'prompt' or 'response' string.")
        if not response.strip():
            raise TaskDataError(f"Example #{i} of task {task_id!r} has an empty response.")
        task.examples.append((prompt, response))
    empty = [t.task_id for t in tasks.values() if not t.examples]
    if empty:
        raise TaskDataError(f"Task(s) {empty[:5]} have no examples in split {split!r}.")
    if not tasks:
        raise TaskDataError(f"Split {split!r} of {source} has no tasks.")
    return list(tasks.values())


def chat_prefix_ids(tokenizer: Any, prompt: str) -> list[int]:
    """Token ids of the chat-formatted user turn up to the assistant's answer."""
    messages = [{"role": "user", "content": prompt}]
    return list(tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True, return_dict=False))


def encode_example(tokenizer: Any, prompt: str, response: str, max_length: int) -> tuple[list[int], list[int]]:
    """Input ids and labels (-100 outside the response) of one chat-formatted example."""
    prefix = chat_prefix_ids(tokenizer, prompt)
    messages = [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]
    full = list(tokenizer.apply_chat_template(messages, tokenize=True, return_dict=False))
    if full[: len(prefix)] != prefix:  # template renders the turn differently with an answer: fall back
        full = prefix + tokenizer(response, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    full = full[:max_length]
    labels = [-100] * min(len(prefix), len(full)) + full[len(prefix):]
    return full, labels


def collate(batch: list[tuple[list[int], list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Right-pad a list of (input_ids, labels) into tensors."""
    width = max(len(ids) for ids, _ in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (ids, lab) in enumerate(batch):
        input_ids[i, : len(ids)] = torch.tensor(ids)
        labels[i, : len(lab)] = torch.tensor(lab)
        mask[i, : len(ids)] = 1
    return {"input_ids": input_ids, "labels": labels, "attention_mask": mask}
