"""Atomic folder writes: a save either replaces the whole folder or leaves it exactly as it was.

Overwriting file by file can leave a config from one network beside the weights of another, which
then loads without a word. :func:`atomic_directory` instead writes everything into a staging folder
and swaps whole folders:

1. the staging folder is a hidden sibling of the target (same file system, so renames are atomic);
2. files of the old folder that the save does not write (a README.md a person edited, ``.git``...)
   are hard-linked (or copied) into the staging folder, so they are kept;
3. the old folder is renamed aside, the staging folder renamed in, and the old one deleted. If
   renaming in fails, the old folder is renamed back.

A target that is a mount point (or whose parent is read-only, or that cannot be renamed) cannot be
swapped as a whole: then the staging folder is made hidden *inside* the target, and each entry the
save writes is swapped (old entries moved aside into a second hidden folder, new ones moved in), with
every move undone if one fails. The result is the same on any error; only a crash of the process
between two renames could leave a mix (in the sibling case, the old folder stays next to the target).

A write error (a full disk, no permission) raises :class:`~hf_t2l.errors.SaveError`, the target is
left as it was and no staging folder remains.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import SaveError, T2LError

__all__ = ["atomic_directory", "STAGING_PREFIX"]

logger = logging.getLogger(__name__)

STAGING_PREFIX = ".hf_t2l-staging-"
_CANNOT_MOVE = {errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES, errno.EROFS, errno.EINVAL}
_RUST_IO_ERROR = re.compile(r"os error (\d+)")


@contextlib.contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends without error, it becomes ``target``.

    On an exception nothing of the block's output reaches ``target`` and the staging folder is removed.

    Raises:
        SaveError: ``target`` is a file, or writing/swapping failed (full disk, no permission);
            ``target`` is left as it was.
    """
    target = _resolve(Path(target))
    leftovers: list[Path] = []
    try:
        with _as_save_error(target):
            staging, inside = _make_staging(target)
        leftovers.append(staging)
        with _as_save_error(target):
            yield staging
        with _as_save_error(target):
            _publish(target, staging, inside=inside, leftovers=leftovers)
    finally:
        for path in reversed(leftovers):
            _remove(path)


@contextlib.contextmanager
def _as_save_error(target: Path) -> Iterator[None]:
    """Raise an I/O error (also safetensors' "os error N") as SaveError; let any other error pass."""
    try:
        yield
    except Exception as e:
        if isinstance(e, T2LError) or _errno(e) is None and not isinstance(e, OSError):
            raise
        raise _save_error(target, e) from e


def _resolve(target: Path) -> Path:
    """Follow a symlink to the folder it names (the link stays); refuse an existing file."""
    if target.is_symlink() and target.is_dir():
        target = target.resolve()
    if target.exists() and not target.is_dir():
        raise SaveError(
            f"Cannot save to {target}: it exists and is a file, not a folder. Choose another output path, "
            "or delete the file first.",
            code=errno.ENOTDIR,
        )
    return target


def _make_staging(target: Path) -> tuple[Path, bool]:
    """A hidden sibling of ``target`` (False), or a hidden folder inside it (True) where no sibling can be."""
    exists = target.is_dir()
    if exists and os.path.ismount(target):
        logger.debug("%s is a mount point: staging the save inside it", target)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target)), True
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent)), False
    except OSError as e:
        if not exists or e.errno not in _CANNOT_MOVE:
            raise
        logger.debug("Cannot write next to %s (%s): staging the save inside it", target, e)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target)), True


def _publish(target: Path, staging: Path, *, inside: bool, leftovers: list[Path]) -> None:
    _default_permissions(staging)
    if inside:
        _swap_entries(target, staging, sorted(os.listdir(staging)), leftovers=leftovers)
        return
    if not os.path.lexists(target):
        os.rename(staging, target)
        return
    written = sorted(os.listdir(staging))
    _keep_other_entries(target, staging)
    shutil.copymode(target, staging)
    old = staging.with_name(staging.name + ".old")
    try:
        os.rename(target, old)
    except OSError as e:
        if e.errno not in _CANNOT_MOVE:
            raise
        # e.g. a bind mount: stage again inside the target and swap entry by entry
        logger.debug("Cannot rename %s aside (%s): swapping its entries instead", target, e)
        inner = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
        leftovers.append(inner)
        for name in written:
            _copy_entry(staging / name, inner / name)
        _swap_entries(target, inner, written, leftovers=leftovers)
        return
    leftovers.append(old)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(old, target)
        raise


def _swap_entries(target: Path, staging: Path, names: list[str], *, leftovers: list[Path]) -> None:
    """Replace the ``names`` entries of ``target`` by those of ``staging``; undo every move on failure."""
    old = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=target))
    leftovers.append(old)
    moved_old: list[str] = []
    moved_new: list[str] = []
    try:
        for name in names:
            if os.path.lexists(target / name):
                os.rename(target / name, old / name)
                moved_old.append(name)
        for name in names:
            os.rename(staging / name, target / name)
            moved_new.append(name)
    except BaseException:
        for name in reversed(moved_new):
            os.rename(target / name, staging / name)
        for name in reversed(moved_old):
            os.rename(old / name, target / name)
        raise


def _keep_other_entries(target: Path, staging: Path) -> None:
    """Link (or copy) into ``staging`` what ``target`` holds and the save did not write."""
    for entry in os.listdir(target):
        if not os.path.lexists(staging / entry) and not entry.startswith(STAGING_PREFIX):
            _copy_entry(target / entry, staging / entry, link=True)


def _copy_entry(src: Path, dst: Path, *, link: bool = False) -> None:
    def copy_file(s: str, d: str) -> None:
        if link:
            try:
                os.link(s, d)
                return
            except OSError:
                pass  # another file system, or no hard links there: copy
        shutil.copy2(s, d)

    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=copy_file)
    else:
        copy_file(str(src), str(dst))


def _default_permissions(folder: Path) -> None:
    """mkdtemp makes a 0700 folder (and some writers 0600 files): give them the usual umask modes."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def _remove(path: Path) -> None:
    """Delete a staging or old folder (two tries); a folder that stays is named in a warning."""
    for _ in range(2):
        if not os.path.lexists(path):
            return
        try:
            shutil.rmtree(path)
        except OSError:
            continue
    if os.path.lexists(path):
        logger.warning("Could not delete the temporary folder %s; it can be deleted by hand.", path)


def _errno(error: BaseException) -> int | None:
    if isinstance(error, OSError):
        return error.errno
    match = _RUST_IO_ERROR.search(str(error))  # safetensors reports I/O errors as "... (os error 28)"
    return int(match.group(1)) if match else None


def _save_error(target: Path, error: BaseException) -> SaveError:
    code = _errno(error)
    if code in (errno.ENOSPC, errno.EDQUOT):
        problem, fix = "the disk is full", "free some space, or save to another disk, and save again"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        problem, fix = "no permission to write there", "choose a folder you can write to"
    else:
        problem, fix = "writing failed", "check the path and the disk, and save again"
    state = "was left as it was" if target.exists() else "was not created"
    return SaveError(
        f"Could not save to {target}: {problem} ({type(error).__name__}: {error}). {target} {state}; {fix}.",
        code=code,
    )
