"""Saving, loading and pushing a `TextToLoRA`: config.json + model.safetensors, atomically, one commit a push."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from huggingface_hub import PyTorchModelHubMixin

from .atomic import atomic_directory
from .checkpoint import save_hypernetwork_files
from .hub import push_folder, validate_repo_id
from .model_card import hypernetwork_card
from .persistence import load_hypernetwork

if TYPE_CHECKING:  # pragma: no cover
    from .hypernetwork import TextToLoRA


class HypernetworkHubMixin(PyTorchModelHubMixin):
    """The file and Hub I/O of :class:`~hf_t2l.TextToLoRA` (huggingface_hub's mixin, hf_t2l's formats)."""

    # --- persistence ----------------------------------------------------------------------------
    def save_pretrained(  # type: ignore[override]
        self,
        save_directory: str | Path,
        *,
        config: Any = None,
        repo_id: str | None = None,
        push_to_hub: bool = False,
        model_card_kwargs: dict[str, Any] | None = None,
        **push_to_hub_kwargs: Any,
    ) -> str | None:
        """Save config.json, model.safetensors and a model card into ``save_directory``.

        Written into a temporary folder first and swapped in as a whole (see :mod:`hf_t2l.atomic`):
        a failure leaves the previous folder exactly as it was. Files the save does not write (a
        README.md already in the folder, ``.git``) are kept. ``model_card_kwargs`` go to
        :func:`hf_t2l.model_card.hypernetwork_card` (e.g. ``repo_id``, ``license``, ``training_summary``).

        Raises:
            SaveError: a full disk, no permission, or a file at ``save_directory``.
        """
        save_directory = Path(save_directory)
        with atomic_directory(save_directory) as tmp:
            self._save_pretrained(tmp)
            if not (save_directory / "README.md").exists():
                hypernetwork_card(self, **(model_card_kwargs or {})).save(tmp / "README.md")
        if push_to_hub:
            return self.push_to_hub(repo_id or save_directory.name, model_card_kwargs=model_card_kwargs, **push_to_hub_kwargs)
        return None

    def push_to_hub(  # type: ignore[override]
        self,
        repo_id: str,
        *,
        commit_message: str | None = None,
        private: bool | None = None,
        token: str | bool | None = None,
        revision: str | None = None,
        model_card_kwargs: dict[str, Any] | None = None,
        overwrite_card: bool = False,
        **_: Any,
    ) -> str:
        """Push config.json, model.safetensors and the card to ``repo_id`` in one commit.

        Creates the repo if needed. A README.md that a person edited on the Hub is kept unless
        ``overwrite_card=True``.

        Returns:
            The URL of the commit.

        Raises:
            InvalidRepoIdError: a malformed repo id (before any network call).
            HubAuthenticationError: not logged in, wrong token, or no write access.
            HubError: the Hub failed (after retries); nothing was committed.
        """
        validate_repo_id(repo_id)
        card = {"repo_id": repo_id, **(model_card_kwargs or {})}
        with tempfile.TemporaryDirectory() as tmp:
            self.save_pretrained(Path(tmp) / "hypernetwork", model_card_kwargs=card)
            return push_folder(
                Path(tmp) / "hypernetwork", repo_id, token=token, private=private, revision=revision,
                commit_message=commit_message or "Upload Text-to-LoRA hypernetwork with hf_t2l",
                overwrite_card=overwrite_card,
            )

    def _save_pretrained(self, save_directory: Path) -> None:
        save_hypernetwork_files(self, save_directory)

    @classmethod
    def from_pretrained(  # type: ignore[override]
        cls,
        pretrained_model_name_or_path: str | Any,
        *,
        revision: str | None = None,
        subfolder: str | None = None,
        token: str | bool | None = None,
        cache_dir: str | None = None,
        local_files_only: bool = False,
        force_download: bool = False,
        map_location: str | torch.device = "cpu",
        trust_remote_code: bool = False,
        base_config: Any = None,
    ) -> TextToLoRA:
        """Load a hypernetwork from a local folder or a Hub repo.

        Native folders hold config.json + model.safetensors. Folders of the reference release
        (hypermod.pt + args.yaml + adapter_config.json, e.g. ``SakanaAI/text-to-lora`` with
        ``subfolder="trained_t2l/mistral_7b_t2l"``) are detected and loaded safely
        (``weights_only=True``); their base shapes come from ``base_config`` or args.yaml's
        ``model_dir`` config, else from the checkpoint's own tensors.

        Args:
            trust_remote_code: Allow Python code from the repos this hypernetwork names (its encoder,
                e.g. gte-large-en-v1.5, and a reference folder's base config) to run. Only this
                argument allows it; a config.json that asks for it gets RemoteCodeNotTrustedError.

        Raises:
            HypernetworkNotFoundError: the folder or repo has no hypernetwork.
            CheckpointError: model.safetensors is corrupt, truncated or does not match config.json.
        """
        return load_hypernetwork(
            cls,
            str(pretrained_model_name_or_path),
            revision=revision,
            subfolder=subfolder,
            token=token,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            force_download=force_download,
            map_location=map_location,
            trust_remote_code=trust_remote_code,
            base_config=base_config,
        )

