"""Talking to the Hugging Face Hub: downloading hypernetwork files (only those needed)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .errors import HypernetworkNotFoundError

logger = logging.getLogger(__name__)


def download_hypernetwork(
    repo_id: str,
    *,
    revision: str | None,
    subfolder: str | None,
    token: str | bool | None,
    cache_dir: str | None,
    local_files_only: bool,
    force_download: bool,
) -> tuple[Path, dict[str, Any]]:
    """Download a hypernetwork's files into the standard cache: config.json + model.safetensors, or,
    for the reference layout, hypermod.pt + args.yaml + adapter_config.json.

    Returns (folder in the cache, provenance with the resolved commit sha and the layout).
    """
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import (
        EntryNotFoundError,
        HFValidationError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    from .persistence import CONFIG_NAME, WEIGHTS_NAME
    from .reference import REFERENCE_FILES

    kwargs = dict(
        repo_id=repo_id, revision=revision, subfolder=subfolder, token=token, cache_dir=cache_dir,
        local_files_only=local_files_only, force_download=force_download,
    )
    where = repo_id + (f" (subfolder {subfolder!r})" if subfolder else "") + (f" at revision {revision!r}" if revision else "")

    def fetch(names: tuple[str, ...]) -> list[Path]:
        return [Path(hf_hub_download(filename=name, **kwargs)) for name in names]

    try:
        try:
            files, layout = fetch((CONFIG_NAME, WEIGHTS_NAME)), "native"
        except EntryNotFoundError:
            try:
                files, layout = fetch(REFERENCE_FILES), "reference"
            except EntryNotFoundError as e:
                raise HypernetworkNotFoundError(
                    f"{where} holds no hypernetwork: neither {CONFIG_NAME} + {WEIGHTS_NAME} nor the reference "
                    f"T2L files ({', '.join(REFERENCE_FILES)})."
                ) from e
    except HFValidationError as e:
        raise HypernetworkNotFoundError(f"{repo_id!r} is neither a local folder nor a valid Hub repo id: {e}") from e
    except RepositoryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"Hub repo {repo_id!r} not found (or it is private: log in with `hf auth login` or pass token=...)."
        ) from e
    except RevisionNotFoundError as e:
        raise HypernetworkNotFoundError(f"Revision {revision!r} not found in Hub repo {repo_id!r}.") from e
    except LocalEntryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"{where} is not in the local cache and the Hub cannot be reached (offline mode or no network). "
            "Download it once while online, or pass a local folder."
        ) from e
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
