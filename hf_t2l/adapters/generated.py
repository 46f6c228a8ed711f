"""`GeneratedAdapter`: a LoRA adapter written by the hypernetwork, in plain PEFT form."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import safetensors.torch  # save_file looked up at call time
import torch

from .._version import __version__
from ..constants import ADAPTER_WEIGHTS_NAME, CARD_NAME
from ..hub.atomic import atomic_directory
from ..hub.download import push_folder
from ..hub.model_card import adapter_card
from ..model.config import lora_scaling
from .integrity import (
    DIGEST_KEY,
    LORA_KEY,
    content_digest,
    lora_config_from_settings,
    lora_settings,
    lora_settings_for,
)

if TYPE_CHECKING:  # pragma: no cover
    from peft import LoraConfig

    from ..model.config import T2LConfig
    from ..model.task_index import NearestTask


class LayerStackStateDict(Mapping):
    """A PEFT state dict over per-module stacks of layers, made into per-layer views on first use.

    ``parts`` holds, per module, (A keys, B keys, A [L, r, in], B [L, out, r]). Generating many
    adapters then costs no per-layer Python work until an adapter is read, saved or loaded.
    """

    __slots__ = ("_parts", "_items")

    def __init__(
        self, parts: Sequence[tuple[Sequence[str], Sequence[str], torch.Tensor, torch.Tensor]]
    ) -> None:
        self._parts = parts
        self._items: dict[str, torch.Tensor] | None = None

    def _materialize(self) -> dict[str, torch.Tensor]:
        if self._items is None:
            items: dict[str, torch.Tensor] = {}
            for keys_a, keys_b, A, B in self._parts:
                items.update(zip(keys_a, A.unbind(0)))
                items.update(zip(keys_b, B.unbind(0)))
            self._items, self._parts = items, ()
        return self._items

    def __getitem__(self, key: str) -> torch.Tensor:
        return self._materialize()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._materialize())

    def __len__(self) -> int:
        return len(self._materialize())

    def __repr__(self) -> str:
        return f"LayerStackStateDict({len(self)} tensors)"


@dataclass
class GeneratedAdapter:
    """One generated LoRA adapter.

    Attributes:
        state_dict: Tensors keyed exactly as in a PEFT ``adapter_model.safetensors``
            (``base_model.model.<path>.lora_A.weight`` [r, in], ``...lora_B.weight`` [out, r]).
        lora_config: The ``peft.LoraConfig`` to load it with.
        description: The description it was generated from (None when made from an embedding).
        provenance: Where it came from: hypernetwork repo/path and revision, encoder, variant,
            scaling, hf_t2l version.
        nearest_tasks: The hypernetwork's training tasks nearest the description, most similar first
            (None when the hypernetwork ships no task index).
    """

    state_dict: Mapping[str, torch.Tensor]
    lora_config: LoraConfig
    description: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    nearest_tasks: list[NearestTask] | None = None

    @classmethod
    def from_state_dict(
        cls,
        state_dict: Mapping[str, torch.Tensor],
        *,
        config: T2LConfig,
        description: str | None,
        provenance: dict[str, Any],
        use_rslora: bool | None = None,
    ) -> GeneratedAdapter:
        rslora = config.use_rslora if use_rslora is None else use_rslora
        lora_config = lora_config_from_settings(lora_settings_for(config, use_rslora=rslora))
        info = {
            "encoder": config.encoder_name_or_path,
            "variant": config.variant,
            "scaling": lora_scaling(config.lora_alpha, config.rank, use_rslora=rslora),
            "hf_t2l_version": __version__,
            **provenance,
        }
        return cls(state_dict=state_dict, lora_config=lora_config, description=description, provenance=info)

    @property
    def scaling(self) -> float:
        """The factor PEFT multiplies B @ A by: alpha/sqrt(r) with rsLoRA, else alpha/r."""
        c = self.lora_config
        return lora_scaling(c.lora_alpha, c.r, use_rslora=c.use_rslora)

    @property
    def num_parameters(self) -> int:
        return sum(t.numel() for t in self.state_dict.values())

    @property
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self.state_dict.values())

    def metadata(self, tensors: Mapping[str, torch.Tensor] | None = None) -> dict[str, str]:
        """String metadata stored in the safetensors header (so the file alone tells its origin): the
        provenance, description, id, LoRA settings, and a content hash over them and ``tensors`` (default:
        the state dict) that a reader checks (:mod:`hf_t2l.adapters.integrity`)."""
        meta = {"format": "pt", "hf_t2l": json.dumps(self.provenance, sort_keys=True, default=str)}
        if self.description is not None:
            meta["hf_t2l_description"] = self.description
        if "adapter_id" in self.provenance:  # content-addressed id (hf_t2l.adapters.ids)
            meta["hf_t2l_adapter_id"] = str(self.provenance["adapter_id"])
        meta[LORA_KEY] = json.dumps(lora_settings(self.lora_config), sort_keys=True, default=str)
        meta[DIGEST_KEY] = content_digest(self.state_dict if tensors is None else tensors, meta)
        return meta

    def save_pretrained(
        self, save_directory: str | Path, *, write_card: bool = True, repo_id: str | None = None
    ) -> Path:
        """Write a plain PEFT adapter folder: ``adapter_config.json``, ``adapter_model.safetensors``
        and a ``README.md`` card (description, provenance, how to load and regenerate it).

        The folder is written in a temporary sibling first and swapped in as a whole (see
        :mod:`hf_t2l.hub.atomic`): a failure leaves the previous folder exactly as it was, never a mix.
        It loads with ``PeftModel.from_pretrained(base, save_directory)``.

        Raises:
            SaveError: a full disk, no permission, or a file at ``save_directory``.
        """
        with atomic_directory(save_directory) as tmp:
            self.lora_config.save_pretrained(str(tmp))
            if write_card:
                adapter_card(self, repo_id=repo_id).save(tmp / CARD_NAME)
            tensors = {k: v.detach().to("cpu").contiguous().clone() for k, v in self.state_dict.items()}
            safetensors.torch.save_file(
                tensors, str(tmp / ADAPTER_WEIGHTS_NAME), metadata=self.metadata(tensors)
            )
        return Path(save_directory)

    def push_to_hub(
        self,
        repo_id: str,
        *,
        token: str | bool | None = None,
        private: bool | None = None,
        commit_message: str = "Upload Text-to-LoRA adapter with hf_t2l",
        revision: str | None = None,
        create_pr: bool | None = None,
        overwrite_card: bool = False,
    ) -> str:
        """Push this adapter to ``repo_id`` as a plain PEFT LoRA with its card, in one commit.

        The commit holds what :meth:`save_pretrained` writes (the card names ``repo_id``). A README.md
        edited by a person on the Hub is kept unless ``overwrite_card``. ``revision`` is the branch to
        push to (created if missing); ``create_pr=True`` opens a pull request.

        Returns:
            The URL of the commit (of the pull request with ``create_pr=True``).

        Raises:
            InvalidRepoIdError: a malformed repo id (before any network call).
            HubAuthenticationError / HubError: the Hub refused the push or could not take it.

        Example:
            >>> t2l.generate("Reply in French.").push_to_hub("me/french-lora")  # doctest: +SKIP
        """
        with tempfile.TemporaryDirectory() as tmp:
            folder = self.save_pretrained(Path(tmp) / "adapter", repo_id=repo_id)
            return push_folder(
                folder,
                repo_id,
                token=token,
                private=private,
                revision=revision,
                create_pr=create_pr,
                commit_message=commit_message,
                overwrite_card=overwrite_card,
            )

    def __repr__(self) -> str:
        desc = (
            None
            if self.description is None
            else (self.description[:60] + ("..." if len(self.description) > 60 else ""))
        )
        return (
            f"GeneratedAdapter(description={desc!r}, r={self.lora_config.r}, scaling={self.scaling:.3f}, "
            f"tensors={len(self.state_dict)}, parameters={self.num_parameters})"
        )
