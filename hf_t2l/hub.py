"""Talking to the Hugging Face Hub: downloading hypernetwork files (only those needed)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .errors import HypernetworkNotFoundError

logger = logging.getLogger(__name__)


def download_hypernetwork_files(
    repo_id: str,
    *,
    revision: str | None,
    subfolder: str | None,
    token: str | bool | None,
    cache_dir: str | None,
    local_files_only: bool,
    force_download: bool,
) -> tuple[Path, Path, dict[str, Any]]:
    """Download config.json and model.safetensors of a hypernetwork repo into the standard cache.

    Returns (config path, weights path, provenance with the resolved commit sha).
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

    kwargs = dict(
        repo_id=repo_id,
        revision=revision,
        subfolder=subfolder,
        token=token,
        cache_dir=cache_dir,
        local_files_only=local_files_only,
        force_download=force_download,
    )
    where = f"{repo_id}" + (f" (subfolder {subfolder!r})" if subfolder else "") + (f" at revision {revision!r}" if revision else "")
    try:
        config_file = Path(hf_hub_download(filename=CONFIG_NAME, **kwargs))
        weights_file = Path(hf_hub_download(filename=WEIGHTS_NAME, **kwargs))
    except HFValidationError as e:
        raise HypernetworkNotFoundError(f"{repo_id!r} is neither a local folder nor a valid Hub repo id: {e}") from e
    except RepositoryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"Hub repo {repo_id!r} not found (or it is private: log in with `hf auth login` or pass token=...)."
        ) from e
    except RevisionNotFoundError as e:
        raise HypernetworkNotFoundError(f"Revision {revision!r} not found in Hub repo {repo_id!r}.") from e
    except EntryNotFoundError as e:
        raise HypernetworkNotFoundError(f"{where} has no {CONFIG_NAME}/{WEIGHTS_NAME}: not a hf_t2l hypernetwork.") from e
    except LocalEntryNotFoundError as e:
        raise HypernetworkNotFoundError(
            f"{where} is not in the local cache and the Hub cannot be reached (offline mode or no network). "
            "Download it once while online, or pass a local folder."
        ) from e
    return config_file, weights_file, {
        "hypernetwork": repo_id,
        "subfolder": subfolder,
        "revision": _commit_from_cache_path(config_file) or revision,
    }


def _commit_from_cache_path(path: Path) -> str | None:
    """The commit sha in a cache path ``.../snapshots/<sha>/...``."""
    parts = path.parts
    if "snapshots" in parts:
        i = parts.index("snapshots")
        if i + 1 < len(parts):
            return parts[i + 1]
    return None
