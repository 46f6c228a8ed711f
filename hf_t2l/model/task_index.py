"""What a hypernetwork was trained on: an index of its training tasks, to tell which ones a
description is near.

A hypernetwork only knows the tasks it was trained on. A description far from all of them (emoji only,
another language, a kind of task it never saw) still yields an adapter, usually one for some trained
task. The index holds one unit vector per training task (the mean direction of that task's description
embeddings, in the hypernetwork's own embedding space) and a similarity threshold calibrated on
validation families: tasks never trained on, but of the kind the suite covers. ``generate`` reports the
nearest training tasks of each description and warns with :class:`UnfamiliarDescriptionWarning` below
the threshold.

Files, beside ``config.json`` and ``model.safetensors``: ``task_index.safetensors`` (``centroids``,
float16 [n_tasks, dim]) and ``task_index.json`` (task ids, families, one description each, threshold,
encoder). A few hundred KB for a thousand tasks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import safetensors.torch  # save_file looked up at call time
import torch
from safetensors import SafetensorError, safe_open

from ..constants import INDEX_META_NAME, INDEX_WEIGHTS_NAME
from ..errors import CheckpointError, InvalidConfigError

__all__ = ["INDEX_WEIGHTS_NAME", "INDEX_META_NAME", "NearestTask", "TaskIndex"]

_MAX_TASKS = 100_000  # a bound on what a downloaded index may declare
_MAX_META_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class NearestTask:
    """A training task near a description: its id, family, one of its descriptions and the
    cosine similarity."""

    task_id: str
    family: str
    similarity: float
    description: str

    def to_dict(self) -> dict[str, str | float]:
        return {
            "task_id": self.task_id,
            "family": self.family,
            "similarity": round(self.similarity, 4),
            "description": self.description,
        }


class TaskIndex:
    """Unit vectors of a hypernetwork's training tasks, and the similarity below which a description
    is unfamiliar.

    Args:
        centroids: [n_tasks, dim] task directions (normalised here).
        task_ids / families / descriptions: one entry per row.
        threshold: cosine similarity under which :meth:`is_unfamiliar` is true (None: never).
        encoder: the encoder whose embedding space this is (checked against the hypernetwork's).

    Example:
        >>> index = TaskIndex.build({"reverse": emb_a, "upper": emb_b}, families={...}, descriptions={...})
        >>> index.nearest(t2l.get_encoder().encode("Write the word backwards."))[0][0].task_id
        'reverse'
    """

    def __init__(
        self,
        centroids: torch.Tensor,
        task_ids: Sequence[str],
        families: Sequence[str],
        descriptions: Sequence[str],
        *,
        threshold: float | None = None,
        encoder: str = "",
    ) -> None:
        if (
            not isinstance(centroids, torch.Tensor)
            or centroids.dim() != 2
            or not centroids.is_floating_point()
        ):
            raise InvalidConfigError(
                f"centroids must be a 2-d float tensor [n_tasks, dim]; got {_describe(centroids)}."
            )
        n = centroids.shape[0]
        if not (len(task_ids) == len(families) == len(descriptions) == n) or n == 0:
            raise InvalidConfigError(
                f"A task index needs one task id, family and description per centroid row; got {n} rows, "
                f"{len(task_ids)} ids, {len(families)} families, {len(descriptions)} descriptions."
            )
        if not bool(torch.isfinite(centroids).all()):
            raise CheckpointError("The task index holds non-finite values (NaN or inf); rebuild it.")
        if threshold is not None and not (isinstance(threshold, (int, float)) and -1.0 <= threshold <= 1.0):
            raise InvalidConfigError(
                f"threshold={threshold!r} must be a cosine similarity in [-1, 1] or None."
            )
        self.centroids = torch.nn.functional.normalize(centroids.float(), dim=-1)
        self.task_ids = [str(t) for t in task_ids]
        self.families = [str(f) for f in families]
        self.descriptions = [str(d) for d in descriptions]
        self.threshold = None if threshold is None else float(threshold)
        self.encoder = encoder

    def __len__(self) -> int:
        return len(self.task_ids)

    def __repr__(self) -> str:
        return (
            f"TaskIndex({len(self)} tasks, dim={self.dim}, threshold={self.threshold}, "
            f"encoder={self.encoder!r})"
        )

    @property
    def dim(self) -> int:
        return int(self.centroids.shape[1])

    @classmethod
    def build(
        cls,
        embeddings: Mapping[str, torch.Tensor],
        *,
        families: Mapping[str, str],
        descriptions: Mapping[str, str],
        encoder: str = "",
        threshold: float | None = None,
    ) -> TaskIndex:
        """One centroid per task from its description embeddings (task id -> [k, dim])."""
        ids = list(embeddings)
        rows = [
            torch.nn.functional.normalize(
                embeddings[t].float().reshape(-1, embeddings[t].shape[-1]), dim=-1
            ).mean(0)
            for t in ids
        ]
        return cls(
            torch.stack(rows),
            ids,
            [families[t] for t in ids],
            [descriptions[t] for t in ids],
            threshold=threshold,
            encoder=encoder,
        )

    @classmethod
    def from_descriptions(
        cls,
        encoder: Any,
        tasks: Sequence[tuple[str, str, Sequence[str]]],
        *,
        validation: Sequence[str] = (),
        quantile: float = 0.05,
        encoder_name: str = "",
    ) -> TaskIndex:
        """Encode every (task id, family, descriptions) of a training suite; calibrate on
        ``validation`` texts.

        ``encoder`` is the hypernetwork's :class:`~hf_t2l.DescriptionEncoder` (``t2l.get_encoder()``).
        """
        texts = [d for _, _, descriptions in tasks for d in descriptions]
        emb = torch.cat([encoder.encode(texts[i : i + 256]) for i in range(0, len(texts), 256)])
        per_task, start = {}, 0
        for task_id, _, descriptions in tasks:
            per_task[task_id], start = emb[start : start + len(descriptions)], start + len(descriptions)
        index = cls.build(
            per_task,
            families={t: f for t, f, _ in tasks},
            descriptions={t: d[0] for t, _, d in tasks},
            encoder=encoder_name,
        )
        if validation:
            index.calibrate(
                torch.cat(
                    [encoder.encode(list(validation[i : i + 256])) for i in range(0, len(validation), 256)]
                ),
                quantile=quantile,
            )
        return index

    def similarities(self, embeddings: torch.Tensor) -> torch.Tensor:
        """Cosine similarity of each embedding (row) with each training task: [n, n_tasks]."""
        x = embeddings.reshape(-1, embeddings.shape[-1]) if embeddings.dim() == 1 else embeddings
        if x.shape[-1] != self.dim:
            raise InvalidConfigError(
                f"Embeddings of size {x.shape[-1]} cannot be compared with a task index of size {self.dim}; "
                "the index belongs to a hypernetwork with another encoder."
            )
        x = torch.nn.functional.normalize(x.detach().float().to(self.centroids.device), dim=-1)
        return x @ self.centroids.T

    def nearest(self, embeddings: torch.Tensor, k: int = 3) -> list[list[NearestTask]]:
        """The k most similar training tasks of each embedding, most similar first."""
        sims = self.similarities(embeddings)
        values, rows = sims.topk(min(k, len(self)), dim=-1)
        return [
            [
                NearestTask(self.task_ids[j], self.families[j], float(v), self.descriptions[j])
                for v, j in zip(vals.tolist(), idx.tolist())
            ]
            for vals, idx in zip(values, rows)
        ]

    def is_unfamiliar(self, nearest: Sequence[NearestTask]) -> bool:
        return self.threshold is not None and bool(nearest) and nearest[0].similarity < self.threshold

    def calibrate(self, embeddings: torch.Tensor, *, quantile: float = 0.05) -> float:
        """Set the threshold to the ``quantile`` of the best similarity of held-apart (validation)
        descriptions.

        With the default, 5% of descriptions of tasks the hypernetwork never trained on, but of the kinds
        it did, would be called unfamiliar; descriptions further out than that are flagged.
        """
        if not 0.0 <= quantile < 1.0:
            raise InvalidConfigError(f"quantile={quantile!r} must be in [0, 1).")
        best = self.similarities(embeddings).max(dim=-1).values
        self.threshold = float(torch.quantile(best, quantile))
        return self.threshold

    # --- files ------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        folder = Path(folder)
        safetensors.torch.save_file(
            {"centroids": self.centroids.to(torch.float16).contiguous()}, str(folder / INDEX_WEIGHTS_NAME)
        )
        meta = {
            "task_ids": self.task_ids,
            "families": self.families,
            "descriptions": self.descriptions,
            "threshold": self.threshold,
            "encoder": self.encoder,
        }
        (folder / INDEX_META_NAME).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: str | Path) -> TaskIndex | None:
        """The index saved in ``folder``, or None when it has none. Every value is checked before use."""
        folder = Path(folder)
        weights, meta_path = folder / INDEX_WEIGHTS_NAME, folder / INDEX_META_NAME
        if not weights.is_file() and not meta_path.is_file():
            return None
        if not (weights.is_file() and meta_path.is_file()):
            raise CheckpointError(
                f"{folder} holds only one of {INDEX_WEIGHTS_NAME} and {INDEX_META_NAME}; "
                "save the hypernetwork again (or delete both to go without an index)."
            )
        if meta_path.stat().st_size > _MAX_META_BYTES:
            raise CheckpointError(
                f"{meta_path} is {meta_path.stat().st_size} bytes, over the {_MAX_META_BYTES} allowed."
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CheckpointError(f"{meta_path} is not valid JSON ({e}).") from e
        lists = ("task_ids", "families", "descriptions")
        if not isinstance(meta, dict) or not all(
            isinstance(meta.get(k), list) and all(isinstance(v, str) for v in meta[k]) for k in lists
        ):
            raise CheckpointError(f"{meta_path} must hold lists of strings under {', '.join(lists)}.")
        threshold = meta.get("threshold")
        if threshold is not None and (
            not isinstance(threshold, (int, float))
            or isinstance(threshold, bool)
            or not math.isfinite(threshold)
        ):
            raise CheckpointError(f"{meta_path}: threshold must be a number or null; got {threshold!r}.")
        n = len(meta["task_ids"])
        if not 0 < n <= _MAX_TASKS:
            raise CheckpointError(f"{meta_path} declares {n} tasks; a task index holds 1 to {_MAX_TASKS}.")
        centroids = _read_centroids(weights, n)
        try:
            return cls(
                centroids,
                meta["task_ids"],
                meta["families"],
                meta["descriptions"],
                threshold=threshold,
                encoder=str(meta.get("encoder") or ""),
            )
        except InvalidConfigError as e:
            raise CheckpointError(f"{folder}: the task index does not fit together: {e}") from e


def _read_centroids(path: Path, n: int) -> torch.Tensor:
    try:
        with safe_open(str(path), framework="pt") as f:
            if list(f.keys()) != ["centroids"]:
                raise CheckpointError(
                    f"{path} must hold exactly one tensor, 'centroids'; got {list(f.keys())[:5]}."
                )
            shape = f.get_slice("centroids").get_shape()
            if len(shape) != 2 or shape[0] != n or not 0 < shape[1] <= 65536:
                raise CheckpointError(
                    f"{path}: centroids of shape {shape} do not match the {n} tasks of its JSON."
                )
            return f.get_tensor("centroids")
    except SafetensorError as e:
        raise CheckpointError(f"{path} is not a readable safetensors file ({e}).") from e


def _describe(x: object) -> str:
    if isinstance(x, torch.Tensor):
        return f"a {x.dim()}-d {x.dtype} tensor of shape {tuple(x.shape)}"
    return f"a {type(x).__name__}"
