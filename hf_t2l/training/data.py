"""Task collections: tasks with descriptions and prompt/response examples, read with `datasets`.

Layout (a local folder or a Hub dataset repo)::

    tasks/<split>.jsonl      {"task_id", "descriptions": [str, ...], "family"?, "metric"?, "labels"?}
    examples/<split>.jsonl   {"task_id", "prompt", "response"}

(``.parquet`` works too; a Hub dataset exposes the two as configs ``tasks`` and ``examples``.)
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import safetensors.torch  # save_file looked up at call time
import torch
from safetensors import safe_open

from ..chat import chat_prompt_ids
from ..errors import TaskDataError


@dataclass
class Task:
    task_id: str
    descriptions: list[str]
    examples: list[tuple[str, str]] = field(default_factory=list)
    family: str | None = None
    metric: str | None = None
    labels: list[str] | None = None


def _read(source: str, kind: str, split: str) -> list[dict[str, Any]]:
    folder = Path(source)
    if folder.is_dir():
        files = sorted((folder / kind).glob(f"{split}.*"))
        if not files:
            raise TaskDataError(
                f"{folder / kind} has no {split}.jsonl or {split}.parquet; see the task collection layout."
            )
        if all(f.suffix == ".jsonl" for f in files):  # local JSON lines need no `datasets`
            return [
                _json_line(f, n, line)
                for f in files
                for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip()
            ]
        import datasets

        builder = "parquet" if files[0].suffix == ".parquet" else "json"
        ds = datasets.load_dataset(builder, data_files=[str(f) for f in files], split="train")
    else:
        import datasets

        ds = datasets.load_dataset(source, kind, split=split)
    return ds.to_list()


def _json_line(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        raise TaskDataError(f"{path}, line {number}: not valid JSON ({e.msg}).") from None
    if not isinstance(row, dict):
        raise TaskDataError(f"{path}, line {number}: expected a JSON object, got {type(row).__name__}.")
    return row


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
        tasks[task_id] = Task(
            task_id,
            list(descriptions),
            family=row.get("family"),
            metric=row.get("metric"),
            labels=row.get("labels"),
        )
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


def encode_example(
    tokenizer: Any, prompt: str, response: str, max_length: int
) -> tuple[list[int], list[int]]:
    """Input ids and labels (-100 outside the response) of one chat-formatted example."""
    prefix = chat_prompt_ids(tokenizer, prompt)
    messages = [{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]
    full = list(tokenizer.apply_chat_template(messages, tokenize=True, return_dict=False))
    if full[: len(prefix)] != prefix:  # template renders the turn differently with an answer: fall back
        full = prefix + tokenizer(response, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    full = full[:max_length]
    labels = [-100] * min(len(prefix), len(full)) + full[len(prefix) :]
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


class DescriptionEmbeddings:
    """Precomputed task embeddings of description texts, used in place of the encoder in training.

    Written by :func:`save_description_embeddings` (``hf-t2l train embed CONFIG``) as safetensors:
    one tensor ``embeddings`` [N, E] with the texts and the encoder's name in the metadata. It lets
    a training machine skip the encoder (and its download) altogether.
    """

    def __init__(self, texts: list[str], embeddings: torch.Tensor, encoder: str, *, key: str = "") -> None:
        self.index = {t: i for i, t in enumerate(texts)}
        self.embeddings = embeddings
        self.encoder = encoder
        self.key = key  # the content key of a cached table (hf_t2l.training.embeddings); "" otherwise
        self.dim = int(embeddings.shape[1])

    @classmethod
    def load(cls, path: str | Path) -> DescriptionEmbeddings:
        path = Path(path)
        if not path.is_file():
            raise TaskDataError(
                f"Embeddings file {path} does not exist; write it with `hf-t2l train embed CONFIG`."
            )
        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata() or {}
            names = set(f.keys())
            if "embeddings" not in names or "texts" not in meta:
                raise TaskDataError(
                    f"{path} is not a description-embeddings file (no 'embeddings' tensor or 'texts')."
                )
            embeddings = f.get_tensor("embeddings")
        texts = json.loads(meta["texts"])
        if len(texts) != embeddings.shape[0]:
            raise TaskDataError(f"{path}: {len(texts)} texts but {embeddings.shape[0]} embeddings.")
        return cls(texts, embeddings, meta.get("encoder", "unknown"), key=meta.get("key", ""))

    def encode(self, texts: list[str]) -> torch.Tensor:
        missing = [t for t in texts if t not in self.index]
        if missing:
            raise TaskDataError(
                f"{len(missing)} description(s) have no precomputed embedding, e.g. {missing[0]!r}; "
                "rewrite the file with `hf-t2l train embed CONFIG` after changing the data."
            )
        return self.embeddings[[self.index[t] for t in texts]]


def save_description_embeddings(
    path: str | Path, texts: list[str], embeddings: torch.Tensor, encoder_name: str, *, key: str = ""
) -> Path:
    """Write ``embeddings`` (a row per text of ``texts``, no duplicates) for DescriptionEmbeddings."""
    unique = list(texts)
    if len(set(unique)) != len(unique) or len(unique) != embeddings.shape[0]:
        raise TaskDataError(
            f"{len(unique)} texts ({len(set(unique))} unique) for {embeddings.shape[0]} embedding rows."
        )
    embeddings = embeddings.float().cpu()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-", dir=path.parent)
    os.close(fd)
    try:  # written beside the target, then moved: never a half-written file at ``path``
        metadata = {"texts": json.dumps(unique), "encoder": encoder_name, "key": key}
        safetensors.torch.save_file({"embeddings": embeddings.contiguous()}, tmp, metadata=metadata)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def select_tasks(tasks: list[Task], task_ids: list[str] | None, skip_examples: int = 0) -> list[Task]:
    """The tasks named by ``task_ids`` (all when None), each without its first ``skip_examples`` examples.

    Raises:
        TaskDataError: an unknown task id, or a task left with no examples.
    """
    if task_ids is not None:
        known = {t.task_id: t for t in tasks}
        unknown = [i for i in task_ids if i not in known]
        if unknown:
            raise TaskDataError(f"Unknown task id(s) {unknown}; the split has e.g. {sorted(known)[:5]}.")
        tasks = [known[i] for i in dict.fromkeys(task_ids)]
    if skip_examples:
        tasks = [
            Task(t.task_id, t.descriptions, t.examples[skip_examples:], t.family, t.metric, t.labels)
            for t in tasks
        ]
        empty = [t.task_id for t in tasks if not t.examples]
        if empty:
            raise TaskDataError(f"skip_examples={skip_examples} leaves no examples for {empty[:5]}.")
    return tasks
