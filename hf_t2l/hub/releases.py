"""The release catalogue: the released hypernetworks, their names and the base models they fit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..constants import DEFAULT_HYPERNETWORK, REFERENCE_REPO, SMOLLM2_ID
from ..errors import HypernetworkNotFoundError

__all__ = ["RELEASED", "SHIPPED_DEFAULT", "ReleasedHypernetwork", "released_by_name", "released_for"]


@dataclass(frozen=True)
class ReleasedHypernetwork:
    """A released reference hypernetwork and the base model it was trained for."""

    base_model: str
    subfolder: str | None
    model_type: str
    num_layers: int
    hidden_size: int
    repo_id: str = REFERENCE_REPO

    @property
    def name(self) -> str:
        """What ``hypernetwork=`` may say for it: the subfolder's last part, or ``"default"`` (shipped)."""
        return self.subfolder.rsplit("/", 1)[-1] if self.subfolder else self.repo_id


RELEASED = (
    ReleasedHypernetwork(
        "mistralai/Mistral-7B-Instruct-v0.2", "trained_t2l/mistral_7b_t2l", "mistral", 32, 4096
    ),
    ReleasedHypernetwork("meta-llama/Llama-3.1-8B-Instruct", "trained_t2l/llama_8b_t2l", "llama", 32, 4096),
    ReleasedHypernetwork("google/gemma-2-2b-it", "trained_t2l/gemma_2b_t2l", "gemma2", 26, 2304),
)
"""The released checkpoints (reference §4), with the shapes that identify their base models.

Each is a ``ReleasedHypernetwork``: ``base_model`` (its Hub id), ``repo_id`` and ``subfolder`` (where the
checkpoint is), ``name`` (what ``hypernetwork=`` may say for it, e.g. ``"mistral_7b_t2l"``), and the
``model_type``, ``num_layers`` and ``hidden_size`` a base model must have for ``hypernetwork=None`` to
pick it. They load with ``trust_remote_code=True`` (their gte encoder runs its own code).

Examples:
    >>> [rel.name for rel in hf_t2l.RELEASED]
    ['mistral_7b_t2l', 'llama_8b_t2l', 'gemma_2b_t2l']
"""
#: The hypernetwork shipped inside hf_t2l, picked the same way for its base model.
SHIPPED_DEFAULT = ReleasedHypernetwork(SMOLLM2_ID, None, "llama", 30, 576, repo_id=DEFAULT_HYPERNETWORK)


def released_by_name(name: str) -> ReleasedHypernetwork | None:
    """The released checkpoint called ``name`` (its subfolder's last part, e.g. ``"mistral_7b_t2l"``).

    None for any other name (``"default"``, the shipped one, has its own road in the loader).
    """
    return next((rel for rel in RELEASED if rel.name == name), None)


def released_for(model_config: Any) -> ReleasedHypernetwork:
    """The released hypernetwork for a base model config, matched on its name and its shapes.

    SmolLM2-135M-Instruct gets the hypernetwork shipped inside hf_t2l (``repo_id="default"``).

    Raises:
        HypernetworkNotFoundError: no released hypernetwork fits; the message lists the known pairs.
    """
    name = str(getattr(model_config, "_name_or_path", "") or getattr(model_config, "name_or_path", "") or "")
    for rel in (*RELEASED, SHIPPED_DEFAULT):
        if (
            name.rstrip("/").endswith(rel.base_model.split("/")[-1])
            and getattr(model_config, "model_type", None) == rel.model_type
            and getattr(model_config, "num_hidden_layers", None) == rel.num_layers
            and getattr(model_config, "hidden_size", None) == rel.hidden_size
        ):
            return rel
    known = "; ".join(
        f"{r.base_model} -> {r.repo_id}" + (f" (subfolder {r.subfolder})" if r.subfolder else "")
        for r in (*RELEASED, SHIPPED_DEFAULT)
    )
    raise HypernetworkNotFoundError(
        f"No released hypernetwork is known for this base model ({name or 'unnamed'}, "
        f"{getattr(model_config, 'model_type', '?')}, "
        f"{getattr(model_config, 'num_hidden_layers', '?')} layers). "
        f"Known pairs: {known}. "
        "Pass hypernetwork=... (a folder or Hub repo id), or train one with `hf-t2l train`."
    )
