"""Talking to the Hugging Face Hub: downloading hypernetwork files (only those needed)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..constants import CARD_NAME, CONFIG_NAME, REFERENCE_FILES, WEIGHTS_NAME
from ..errors import HubAuthenticationError, HubError, HypernetworkNotFoundError, InvalidRepoIdError
from .http import hub_call
from .model_card import is_unedited_generated_card

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DownloadOptions:
    """Where and how to fetch a hypernetwork's files: huggingface_hub's download arguments, in one object.

    Built once from ``TextToLoRA.from_pretrained``'s keyword arguments and passed down whole. The token
    is left out of ``repr`` (so it never reaches a log or an error message).
    """

    revision: str | None = None
    subfolder: str | None = None
    token: str | bool | None = field(default=None, repr=False)
    cache_dir: str | Path | None = None
    local_files_only: bool = False
    force_download: bool = False

    def __post_init__(self) -> None:
        if self.cache_dir is not None:  # a Path is accepted, as by huggingface_hub
            object.__setattr__(self, "cache_dir", str(self.cache_dir))

    def hf_hub_download_kwargs(self) -> dict[str, Any]:
        """The keyword arguments of ``hf_hub_download`` (all fields)."""
        return {
            "revision": self.revision,
            "subfolder": self.subfolder,
            "token": self.token,
            "cache_dir": self.cache_dir,
            "local_files_only": self.local_files_only,
            "force_download": self.force_download,
        }


def download_hypernetwork(repo_id: str, options: DownloadOptions) -> tuple[Path, dict[str, Any]]:
    """Download a hypernetwork's files into the standard cache: config.json + model.safetensors, or,
    for the reference layout, hypermod.pt + args.yaml + adapter_config.json.

    Returns (folder in the cache, provenance with the resolved commit sha and the layout). Each file's
    download has a timeout and retries (see :mod:`hf_t2l.hub.http`).
    """
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import (
        EntryNotFoundError,
        HfHubHTTPError,
        HFValidationError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    kwargs = {"repo_id": repo_id, **options.hf_hub_download_kwargs()}
    revision, subfolder = options.revision, options.subfolder
    where = (
        repo_id
        + (f" (subfolder {subfolder!r})" if subfolder else "")
        + (f" at revision {revision!r}" if revision else "")
    )

    def fetch(names: tuple[str, ...]) -> list[Path]:
        return [
            hub_call(
                lambda name=name: Path(hf_hub_download(filename=name, **kwargs)),
                repo_id=repo_id,
                action="download from",
            )
            for name in names
        ]

    try:
        try:
            files, layout = fetch((CONFIG_NAME, WEIGHTS_NAME)), "native"
        except LocalEntryNotFoundError:
            raise
        except EntryNotFoundError:
            try:
                files, layout = fetch(REFERENCE_FILES), "reference"
            except LocalEntryNotFoundError:
                raise
            except EntryNotFoundError as e:
                raise HypernetworkNotFoundError(
                    f"{where} holds no hypernetwork: neither {CONFIG_NAME} + {WEIGHTS_NAME} nor the "
                    f"reference T2L files ({', '.join(REFERENCE_FILES)})."
                ) from e
    except HFValidationError as e:
        raise HypernetworkNotFoundError(
            f"{repo_id!r} is neither a local folder nor a valid Hub repo id: {e}"
        ) from e
    except RepositoryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"Hub repo {repo_id!r} not found "
            "(or it is private: log in with `hf auth login` or pass token=...)."
        ) from e
    except RevisionNotFoundError as e:
        raise HypernetworkNotFoundError(f"Revision {revision!r} not found in Hub repo {repo_id!r}.") from e
    except LocalEntryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"{where} is not in the local cache and the Hub cannot be reached (offline mode or no network). "
            "Download it once while online, or pass a local folder."
        ) from e
    except HfHubHTTPError as e:  # what hub_call does not name: an unexpected HTTP status
        raise hub_error(e, repo_id, "download from") from None
    folder = files[0].parent
    provenance = {
        "hypernetwork": repo_id,
        "subfolder": subfolder,
        "revision": _commit_from_cache_path(files[0]) or revision,
        "layout": layout,
    }
    return folder, provenance


def _commit_from_cache_path(path: Path) -> str | None:
    """The commit sha in a cache path ``.../snapshots/<sha>/...``."""
    parts = path.parts
    if "snapshots" in parts:
        i = parts.index("snapshots")
        if i + 1 < len(parts):
            return parts[i + 1]
    return None


def download_files(repo_id: str, names: tuple[str, ...], *, revision: str | None = None) -> Path:
    """Download ``names`` from a Hub repo (timeout and retries as for hypernetworks); return the folder."""
    from huggingface_hub import hf_hub_download

    paths = [
        hub_call(
            lambda name=name: Path(hf_hub_download(repo_id, name, revision=revision)),
            repo_id=repo_id,
            action="download from",
        )
        for name in names
    ]
    return paths[0].parent


# --- pushing ------------------------------------------------------------------------------------


def validate_repo_id(repo_id: str) -> None:
    """Reject a malformed repo id before any network call."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id as _validate

    if not isinstance(repo_id, str):
        raise InvalidRepoIdError(f"A repo id must be a str like 'user/name'; got {type(repo_id).__name__}.")
    try:
        _validate(repo_id)
    except HFValidationError as e:
        raise InvalidRepoIdError(
            f"{repo_id!r} is not a valid Hub repo id ({e}); use 'user/name' or 'org/name'."
        ) from e


def _status(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def hub_error(error: BaseException, repo_id: str, action: str) -> Exception:
    """Turn a huggingface_hub error into an hf_t2l one; the token never appears in the message."""
    from huggingface_hub.errors import RepositoryNotFoundError, RevisionNotFoundError

    status = _status(error)
    if status in (401, 403):
        return HubAuthenticationError(
            f"The Hub refused to {action} {repo_id!r} ({status}): log in with `hf auth login` "
            "or pass token=... with write access to that namespace."
        )
    if isinstance(error, RepositoryNotFoundError):
        return HubError(f"Hub repo {repo_id!r} not found while trying to {action} it.")
    if isinstance(error, RevisionNotFoundError):
        return HubError(f"Branch or revision not found in {repo_id!r} while trying to {action} it.")
    return HubError(f"Could not {action} {repo_id!r}: {type(error).__name__} (HTTP {status}).")


def push_folder(
    folder: str | Path,
    repo_id: str,
    *,
    token: str | bool | None = None,
    private: bool | None = None,
    commit_message: str,
    revision: str | None = None,
    create_pr: bool | None = None,
    allow_patterns: list[str] | str | None = None,
    ignore_patterns: list[str] | str | None = None,
    delete_patterns: list[str] | str | None = None,
    overwrite_card: bool = False,
) -> str:
    """Create the repo if needed and upload ``folder`` in ONE commit; return the commit URL.

    This is the one place a push validates the repo id (before any network call). ``revision`` is the
    branch to commit to (created from main if missing); with ``create_pr=True`` the commit opens a pull
    request against it instead and the URL of that pull request is returned. ``allow_patterns``,
    ``ignore_patterns`` and ``delete_patterns`` are ``HfApi.upload_folder``'s.

    A README.md on the Hub that a person edited (it lacks hf_t2l's intact generated-card stamp) is
    kept unless ``overwrite_card=True``. Temporary Hub errors (5xx, dropped connections, timeouts) are
    retried with backoff (see :mod:`hf_t2l.hub.http`); a commit either lands whole or not at all.
    """
    from huggingface_hub import HfApi
    from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RevisionNotFoundError

    validate_repo_id(repo_id)
    api = HfApi(token=token)
    folder = Path(folder)

    def call(fn):
        return hub_call(fn, repo_id=repo_id, action="push to", after="nothing was committed")

    try:
        call(lambda: api.create_repo(repo_id, private=private, exist_ok=True))
        if revision not in (None, "main") and not create_pr:
            call(lambda: api.create_branch(repo_id, branch=revision, exist_ok=True))
        ignore = [ignore_patterns] if isinstance(ignore_patterns, str) else list(ignore_patterns or [])
        if (folder / CARD_NAME).exists() and not overwrite_card:
            try:
                remote = Path(
                    call(
                        lambda: api.hf_hub_download(
                            repo_id, CARD_NAME, revision=revision, force_download=True
                        )
                    )
                )
                if not is_unedited_generated_card(remote.read_text(encoding="utf-8")):
                    logger.warning(
                        "Keeping the README.md edited on the Hub in %s (pass overwrite_card=True "
                        "to replace it)",
                        repo_id,
                    )
                    ignore.append(CARD_NAME)
            except (EntryNotFoundError, RevisionNotFoundError):
                pass
        info = call(
            lambda: api.upload_folder(
                repo_id=repo_id,
                folder_path=str(folder),
                commit_message=commit_message,
                revision=revision,
                create_pr=create_pr,
                allow_patterns=allow_patterns,
                ignore_patterns=ignore or None,
                delete_patterns=delete_patterns,
            )
        )
    except HfHubHTTPError as e:
        raise hub_error(e, repo_id, "push to") from None
    if create_pr and getattr(info, "pr_url", None):
        return str(info.pr_url)
    return str(getattr(info, "commit_url", info))
