"""Saving, loading and pushing a `TextToLoRA` through huggingface_hub's PyTorchModelHubMixin."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from huggingface_hub import ModelCard, PyTorchModelHubMixin

from ..constants import CARD_NAME
from ..errors import InvalidConfigError
from .atomic import atomic_directory
from .download import DownloadOptions, push_folder
from .loading import load_hypernetwork
from .model_card import hypernetwork_card
from .native_format import save_hypernetwork_files

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA


class HypernetworkHubMixin(PyTorchModelHubMixin):
    """The file and Hub I/O of :class:`~hf_t2l.TextToLoRA`: huggingface_hub's mixin with hf_t2l's formats.

    The formats live in ``_save_pretrained`` / ``_from_pretrained`` and the card in
    ``generate_model_card``, as the mixin intends. Three public methods keep the mixin's signatures and
    wrap it for what hf_t2l promises: ``save_pretrained`` runs the mixin's save in a staging folder that
    is swapped in whole (the mixin writes into the folder file by file, after deleting its
    config.json); ``from_pretrained`` skips the mixin's unchecked first read of config.json (no
    retries, raw errors offline, no validation) and calls the mixin's ``_from_pretrained`` hook
    directly; ``push_to_hub`` saves through ``save_pretrained`` and commits with retries, keeping a
    README.md edited on the Hub.
    """

    # --- persistence ----------------------------------------------------------------------------
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

        Written into a temporary folder first and swapped in as a whole (see :mod:`hf_t2l.hub.atomic`):
        a failure leaves the previous folder exactly as it was. Files the save does not write (a
        README.md already in the folder, ``.git``) are kept. ``model_card_kwargs`` go to
        :meth:`generate_model_card` (e.g. ``repo_id``, ``license``, ``training_summary``).

        Args:
            config: The mixin's argument; config.json always holds this network's own config, so only
                that config (or its dict) is accepted.
            push_to_hub, repo_id, push_to_hub_kwargs: Then push (see :meth:`push_to_hub`); the repo id
                defaults to the folder's name.

        Raises:
            SaveError: a full disk, no permission, or a file at ``save_directory``.
            InvalidConfigError: ``config`` is not this network's config.
        """
        # Override: atomic saves (the mixin's save runs in a staging folder that replaces the target whole).
        self._check_config(config)
        save_directory = Path(save_directory)
        with atomic_directory(save_directory) as tmp:
            card = save_directory / CARD_NAME
            if card.is_file():  # the mixin keeps a README.md it finds; show it the one in the target
                shutil.copy2(card, tmp / CARD_NAME)
            super().save_pretrained(tmp, model_card_kwargs=model_card_kwargs)
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

    def _save_pretrained(self, save_directory: Path) -> None:
        save_hypernetwork_files(self, save_directory)

    def generate_model_card(self, *args: Any, **kwargs: Any) -> ModelCard:
        """The hypernetwork's card: the class's metadata, ``self.card_data``, then ``kwargs``
        (``repo_id`` and any :class:`~hf_t2l.hub.model_card.T2LCardData` field)."""
        return hypernetwork_card(self, *args, **kwargs)  # type: ignore[arg-type]

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

        The mixin's arguments, plus one: a README.md that a person edited on the Hub is kept unless
        ``overwrite_card=True``. The repo is created if needed; ``branch`` too (from main).

        Returns:
            The URL of the commit (of the pull request with ``create_pr=True``).

        Raises:
            InvalidRepoIdError: a malformed repo id (before any network call).
            HubAuthenticationError: not logged in, wrong token, or no write access.
            HubError: the Hub failed (after retries); nothing was committed.
        """
        # Override: the mixin's push has no retries, no named errors and replaces a README edited on the Hub.
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
        **model_kwargs: Any,
    ) -> Any:
        """Load a hypernetwork from a local folder or a Hub repo.

        Native folders hold config.json + model.safetensors. Folders of the reference release
        (hypermod.pt + args.yaml + adapter_config.json, e.g. ``SakanaAI/text-to-lora`` with
        ``subfolder="trained_t2l/mistral_7b_t2l"``) are detected and loaded safely
        (``weights_only=True``); their base shapes come from ``base_config`` or args.yaml's
        ``model_dir`` config, else from the checkpoint's own tensors.

        Args:
            model_kwargs: ``subfolder``, ``map_location`` (default "cpu"), ``base_config`` and
                ``trust_remote_code``: allow Python code from the repos this hypernetwork names (its
                encoder, e.g. gte-large-en-v1.5, and a reference folder's base config) to run. Only this
                argument allows it; a config.json that asks for it gets RemoteCodeNotTrustedError.

        Raises:
            HypernetworkNotFoundError: the folder or repo has no hypernetwork.
            CheckpointError: model.safetensors is corrupt, truncated or does not match config.json.
        """
        # Override: checked downloads with retries (the mixin first reads config.json unchecked, once).
        return cls._from_pretrained(
            model_id=str(pretrained_model_name_or_path),
            revision=revision,
            cache_dir=cache_dir,
            force_download=force_download,
            local_files_only=local_files_only,
            token=token,
            **model_kwargs,
        )

    @classmethod
    def _from_pretrained(
        cls,
        *,
        model_id: str,
        revision: str | None,
        cache_dir: str | Path | None,
        force_download: bool,
        local_files_only: bool,
        token: str | bool | None,
        subfolder: str | None = None,
        map_location: str | torch.device = "cpu",
        trust_remote_code: bool = False,
        base_config: Any = None,
        **unused: Any,
    ) -> TextToLoRA:
        """Native files, else the reference layout (see :func:`hf_t2l.hub.loading.load_hypernetwork`)."""
        unused.pop("config", None)  # what the mixin read from config.json: loaded and checked below instead
        if unused:
            raise InvalidConfigError(
                f"TextToLoRA.from_pretrained got unknown arguments {sorted(unused)}; "
                "it takes revision, subfolder, token, cache_dir, local_files_only, force_download, "
                "map_location, trust_remote_code, base_config."
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
            model_id,
            options=options,
            map_location=map_location,
            trust_remote_code=trust_remote_code,
            base_config=base_config,
        )


__all__ = ["HypernetworkHubMixin"]
