"""Saving, loading and pushing a `TextToLoRA`: save_pretrained, from_pretrained, push_to_hub, the card."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from huggingface_hub import ModelCard

from ..constants import CARD_NAME
from ..errors import InvalidConfigError
from .atomic import atomic_directory
from .download import DownloadOptions, push_folder
from .loading import load_hypernetwork
from .model_card import hypernetwork_card
from .native_format import save_hypernetwork_files

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA

_FROM_PRETRAINED_ARGS = (
    "revision, subfolder, token, cache_dir, local_files_only, force_download, map_location, "
    "trust_remote_code, base_config"
)


class HypernetworkHubMixin:
    """The file and Hub I/O of `hf_t2l.TextToLoRA`, all of it in this class.

    The three public methods take the keyword arguments of huggingface_hub's ``PyTorchModelHubMixin``
    (plus ``overwrite_card`` and the loading options of `from_pretrained`) but do not inherit
    from it: each of that mixin's methods does work before or after its hooks that hf_t2l must not
    do. Its ``save_pretrained`` deletes config.json from the target folder before its
    ``_save_pretrained`` hook runs (hf_t2l swaps a staging folder in whole instead); its
    ``from_pretrained`` downloads and reads config.json, and builds the config from it, before its
    ``_from_pretrained`` hook runs (hf_t2l downloads with timeouts and retries and checks every file
    first); its ``push_to_hub`` takes no ``overwrite_card`` and commits without retries.
    """

    # --- saving -------------------------------------------------------------------------------
    def save_pretrained(
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

        Everything is written into a hidden sibling folder that then replaces ``save_directory``
        whole (see `hf_t2l.hub.atomic`): a failure leaves the previous folder exactly as it was.
        Files the save does not write (``.git``, and a README.md already in the folder, which is kept
        as it is) stay.

        Args:
            save_directory: The folder to write (created if missing).
            config: Accepted for huggingface_hub's signature; config.json always holds this network's
                own config, so only that config (or its dict) is accepted.
            repo_id: With ``push_to_hub=True``, the repo to push to (default: the folder's name).
            push_to_hub: Then push with `push_to_hub`.
            model_card_kwargs: Go to `generate_model_card` (``repo_id``, ``license``,
                ``training_summary``...), for a folder without a README.md.
            push_to_hub_kwargs: With ``push_to_hub=True``, go to `push_to_hub`.

        Returns:
            The commit URL with ``push_to_hub=True``, else None.

        Raises:
            SaveError: a full disk, no permission, or a file at ``save_directory``.
            InvalidConfigError: ``config`` is not this network's config.
        """
        self._check_config(config)
        save_directory = Path(save_directory)
        with atomic_directory(save_directory) as tmp:
            save_hypernetwork_files(self, tmp)  # type: ignore[arg-type]
            card = save_directory / CARD_NAME
            if card.is_file():  # a README.md in the folder is kept as it is
                shutil.copy2(card, tmp / CARD_NAME)
            else:
                self.generate_model_card(**(model_card_kwargs or {})).save(tmp / CARD_NAME)
        if push_to_hub:
            return self.push_to_hub(
                repo_id or save_directory.name, model_card_kwargs=model_card_kwargs, **push_to_hub_kwargs
            )
        return None

    def _check_config(self, config: Any) -> None:
        own = self.config  # type: ignore[attr-defined]
        if config is None or config == own or config == own.to_dict():
            return
        got = type(config).__name__
        raise InvalidConfigError(
            f"save_pretrained/push_to_hub got a config ({got}) that is not this hypernetwork's own: "
            "config.json always describes the saved weights. "
            "Leave config out, or build TextToLoRA(new_config) to change it."
        )

    def generate_model_card(self, *args: Any, **kwargs: Any) -> ModelCard:
        """The hypernetwork's card (see `hf_t2l.hub.model_card.hypernetwork_card`): its metadata,
        ``self.card_data``, then ``kwargs`` (``repo_id`` and any
        `hf_t2l.hub.model_card.T2LCardData` field)."""
        return hypernetwork_card(self, *args, **kwargs)  # type: ignore[arg-type]

    # --- pushing ------------------------------------------------------------------------------
    def push_to_hub(
        self,
        repo_id: str,
        *,
        config: Any = None,
        commit_message: str | None = None,
        private: bool | None = None,
        token: str | None = None,
        branch: str | None = None,
        create_pr: bool | None = None,
        allow_patterns: list[str] | str | None = None,
        ignore_patterns: list[str] | str | None = None,
        delete_patterns: list[str] | str | None = None,
        model_card_kwargs: dict[str, Any] | None = None,
        overwrite_card: bool = False,
    ) -> str:
        """Push config.json, model.safetensors and the card to ``repo_id`` in one commit.

        huggingface_hub's arguments, plus ``overwrite_card``. The repo is created if needed, ``branch``
        too (from main). Temporary Hub errors are retried (see `hf_t2l.hub.http`).

        Args:
            repo_id: ``owner/name``.
            config: As in `save_pretrained`: only this network's own config is accepted.
            commit_message: The commit's message.
            private: Whether a repo created here is private.
            token: The Hub token (default: the one of ``hf auth login``).
            branch: The branch to commit to (default: main).
            create_pr: Open a pull request with the commit instead.
            allow_patterns: Only files that match are pushed.
            ignore_patterns: Files that match are not pushed.
            delete_patterns: Files on the Hub that match are deleted in the same commit.
            model_card_kwargs: Go to `generate_model_card`.
            overwrite_card: Replace a README.md that a person edited on the Hub (kept by default).

        Returns:
            The URL of the commit (of the pull request with ``create_pr=True``).

        Raises:
            InvalidRepoIdError: a malformed repo id (before any network call).
            HubAuthenticationError: not logged in, wrong token, or no write access.
            HubError: the Hub failed (after retries); nothing was committed.
        """
        self._check_config(config)
        card = {"repo_id": repo_id, **(model_card_kwargs or {})}
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "hypernetwork"
            self.save_pretrained(folder, model_card_kwargs=card)
            return push_folder(
                folder,
                repo_id,
                token=token,
                private=private,
                revision=branch,
                create_pr=create_pr,
                allow_patterns=allow_patterns,
                ignore_patterns=ignore_patterns,
                delete_patterns=delete_patterns,
                commit_message=commit_message or "Upload Text-to-LoRA hypernetwork with hf_t2l",
                overwrite_card=overwrite_card,
            )

    # --- loading ------------------------------------------------------------------------------
    @classmethod
    def from_pretrained(
        cls,
        pretrained_model_name_or_path: str | Path,
        *,
        force_download: bool = False,
        token: str | bool | None = None,
        cache_dir: str | Path | None = None,
        local_files_only: bool = False,
        revision: str | None = None,
        subfolder: str | None = None,
        map_location: str | torch.device = "cpu",
        trust_remote_code: bool = False,
        base_config: Any = None,
        **unknown: Any,
    ) -> TextToLoRA:
        """Load a hypernetwork from a local folder or a Hub repo.

        Native folders hold config.json + model.safetensors. Folders of the reference release
        (hypermod.pt + args.yaml + adapter_config.json, e.g. ``SakanaAI/text-to-lora`` with
        ``subfolder="trained_t2l/mistral_7b_t2l"``) are detected and loaded safely
        (``weights_only=True``). Downloads have timeouts and retries, and every file (config.json's
        types and bounds, the weights' headers) is checked before anything is built (see
        `hf_t2l.hub.loading.load_hypernetwork`).

        Args:
            pretrained_model_name_or_path: A folder or a Hub repo id.
            force_download: Download again even if the files are cached.
            token: The Hub token (default: the one of ``hf auth login``).
            cache_dir: The Hugging Face cache to use.
            local_files_only: Use only the cache, never the network.
            revision: A branch, tag or commit of the repo.
            subfolder: The folder inside the repo or folder.
            map_location: Where the weights are loaded ("cpu" by default).
            trust_remote_code: Allow Python code from the repos this hypernetwork names (its encoder,
                e.g. gte-large-en-v1.5, and a reference folder's base config) to run. Only this
                argument allows it; a config.json that asks for it gets RemoteCodeNotTrustedError.
            base_config: The base model's config for a reference folder (else args.yaml's
                ``model_dir`` config, else the checkpoint's own tensors give the shapes).

        Raises:
            HypernetworkNotFoundError: the folder or repo has no hypernetwork.
            CheckpointError: model.safetensors is corrupt, truncated or does not match config.json.
            InvalidConfigError: an argument this method does not take.
        """
        if unknown:
            raise InvalidConfigError(
                f"TextToLoRA.from_pretrained got unknown arguments {sorted(unknown)}; "
                f"it takes {_FROM_PRETRAINED_ARGS}. config.json is read from the folder or repo: "
                "to change the config, build TextToLoRA(new_config)."
            )
        options = DownloadOptions(
            revision=revision,
            subfolder=subfolder,
            token=token,
            cache_dir=cache_dir,
            local_files_only=local_files_only,
            force_download=force_download,
        )
        return load_hypernetwork(
            cls,  # type: ignore[arg-type]
            str(pretrained_model_name_or_path),
            options=options,
            map_location=map_location,
            trust_remote_code=trust_remote_code,
            base_config=base_config,
        )


__all__ = ["HypernetworkHubMixin"]
