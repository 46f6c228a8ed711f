"""An on-disk cache of generated adapters, keyed by their content-addressed id (:mod:`hf_t2l.adapters.ids`).

Layout: ``$HF_HOME/hf_t2l/adapters/<id>/``, each a plain PEFT folder (``adapter_config.json``,
``adapter_model.safetensors``, ``README.md``) that ``PeftModel.from_pretrained`` loads as it is.

- Shared by every process that uses the same ``HF_HOME``.
- Safe under concurrent writers: an adapter is written completely into a private hidden folder and
  then renamed to ``<id>``; a rename onto an existing ``<id>`` fails, and since equal ids mean equal
  content, the first writer wins and the others discard their copy. Readers never see a partial folder.
- Removal renames the folder to a hidden name first, so a reader sees either the whole folder or none.
- Untrusted: what another process wrote is checked before it is used (:mod:`hf_t2l.adapters.integrity`:
  the id, LoRA settings, ``adapter_config.json``, tensor keys, shapes, dtypes, finiteness and the
  content hash written with it). An entry that fails is a miss: it is set aside under a hidden name
  (removed an hour later) with a warning in the log.
- Only saves time: a cache folder that cannot be written (read-only, a file in its place, a full disk)
  makes :meth:`AdapterCache.put` log a warning and return None, never fail the caller.
- Bounded: after each write the least recently used adapters (by the folder's modification time,
  which every read and write sets) are removed until the total size is within ``max_bytes``; the
  adapter just written always stays.

CLI: ``hf-t2l cache ls`` and ``hf-t2l cache rm ID [ID ...] | --all``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import constants
from safetensors import safe_open

from ..constants import ADAPTER_WEIGHTS_NAME
from ..errors import (
    AdapterCacheCorruptError,
    AdapterCacheUnavailableError,
    IncompatibleAdapterError,
    InvalidLimitError,
    UnknownAdapterError,
)
from .generated import GeneratedAdapter
from .ids import ADAPTER_ID_PATTERN, check_adapter_id
from .integrity import AdapterSpec, read_verified

__all__ = ["AdapterCache", "CacheEntry", "default_cache_dir", "DEFAULT_MAX_BYTES"]

logger = logging.getLogger(__name__)

#: Default bound of the cache's total size (2 GiB: about a thousand adapters for a 7B model, r=8, q+v).
DEFAULT_MAX_BYTES = 2 * 2**30
_WRITING, _TRASH, _DAMAGED = ".writing-", ".trash-", ".damaged-"
_STALE_S = 3600.0  # hidden folders (left by a crashed process, or damaged entries) are removed after an hour


def default_cache_dir() -> Path:
    """``$HF_HOME/hf_t2l/adapters`` (HF_HOME as huggingface_hub resolves it; ``~/.cache/huggingface`` by
    default)."""
    return Path(constants.HF_HOME) / "hf_t2l" / "adapters"


@dataclass(frozen=True)
class CacheEntry:
    """One cached adapter, as :meth:`AdapterCache.ls` lists it."""

    adapter_id: str
    path: Path
    size_bytes: int
    last_used: float  # seconds since the epoch
    description: str | None


class AdapterCache:
    """Generated adapters on disk, by content-addressed id, bounded in size (least recently used go first).

    Args:
        root: The cache folder (default :func:`default_cache_dir`).
        max_bytes: Bound of the total size on disk; None for no bound.

    Raises:
        InvalidLimitError: ``max_bytes`` is not a positive int.

    Example:
        >>> cache = AdapterCache()
        >>> adapter = cache.get(adapter_id(t2l, "Reply in French.")) or t2l.generate("Reply in French.")
    """

    def __init__(self, root: str | Path | None = None, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> None:
        if max_bytes is not None and (
            isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0
        ):
            raise InvalidLimitError(
                f"max_bytes must be a positive int (bytes) or None for no bound; got {max_bytes!r}. "
                f"The default is {DEFAULT_MAX_BYTES}."
            )
        self.root = Path(root) if root is not None else default_cache_dir()
        self.max_bytes = max_bytes

    def path(self, adapter_id: str) -> Path:
        """The folder of ``adapter_id`` (whether or not it is cached)."""
        return self.root / check_adapter_id(adapter_id)

    def __contains__(self, adapter_id: str) -> bool:
        return (self.path(adapter_id) / ADAPTER_WEIGHTS_NAME).is_file()

    def get(self, adapter_id: str, *, expect: AdapterSpec | None = None) -> GeneratedAdapter | None:
        """The cached adapter ``adapter_id`` (its use time is updated); None if it is not cached, cannot be
        read, or fails a check (then it is set aside, see :meth:`read`).

        Args:
            expect: What the adapter must be (tensor keys, shapes, dtype, LoRA settings), e.g.
                :meth:`AdapterSpec.for_config <hf_t2l.adapters.integrity.AdapterSpec.for_config>` of the
                hypernetwork that the id belongs to; None checks the entry against itself only.
        """
        try:
            return self.read(adapter_id, expect=expect)
        except UnknownAdapterError:  # AdapterCacheCorruptError too: logged where it was found
            return None

    def read(self, adapter_id: str, *, expect: AdapterSpec | None = None) -> GeneratedAdapter:
        """:meth:`get`, with an error naming the id instead of None.

        Raises:
            InvalidAdapterIdError: not an adapter id.
            UnknownAdapterError: no adapter ``adapter_id`` is cached (or it cannot be read).
            AdapterCacheCorruptError: the cached adapter failed a check of
                :mod:`hf_t2l.adapters.integrity`; it was set aside (a warning says why) and is not read again.
        """
        folder = self.path(adapter_id)
        missing = UnknownAdapterError(
            f"No adapter {adapter_id} is in the adapter cache; load it from its description (or use an id "
            "that `hf-t2l cache ls` lists)."
        )
        if not (folder / ADAPTER_WEIGHTS_NAME).is_file():
            raise missing
        try:
            state, lora_config, meta = read_verified(folder, adapter_id, expect)
        except OSError as e:  # removed meanwhile, or no permission: a miss, the entry is left alone
            if folder.exists():
                logger.warning("Cannot read the cached adapter %s (%s: %s)", folder, type(e).__name__, e)
            raise missing from None
        except Exception as e:  # noqa: BLE001 - IncompatibleAdapterError, or a file no reader expects
            reason = str(e) if isinstance(e, IncompatibleAdapterError) else f"{type(e).__name__}: {e}"
            _set_aside(self.root, folder, reason)
            raise AdapterCacheCorruptError(
                f"The cached adapter {adapter_id} is not what its id promises ({reason[:300]}), so it was "
                "not used and was set aside; load it again from its description to generate it anew."
            ) from None
        self._touch(folder)
        return GeneratedAdapter(
            state_dict=state,
            lora_config=lora_config,
            description=meta.get("hf_t2l_description"),
            provenance=json.loads(meta["hf_t2l"]),
        )

    def put(self, adapter: GeneratedAdapter) -> Path | None:
        """Write ``adapter`` (which must carry its id, see
        :func:`~hf_t2l.adapters.ids.stamp_adapter_id`) unless it is already cached, then bound the cache's
        size. Returns its folder, or None if it could not be
        written (a full disk, no permission, a file in the cache's place): a warning is logged, nothing is
        left behind, and the caller goes on without the cache.

        Raises:
            InvalidAdapterIdError: the adapter carries no id.
        """
        final = self.path(adapter.provenance.get("adapter_id"))  # type: ignore[arg-type]
        try:
            return self._write(adapter, final)
        except OSError as e:  # SaveError too
            logger.warning(
                "Could not write adapter %s to the adapter cache at %s (%s: %s); it is used, not cached",
                final.name,
                self.root,
                type(e).__name__,
                e,
            )
            return None

    def _write(self, adapter: GeneratedAdapter, final: Path) -> Path:
        if (final / ADAPTER_WEIGHTS_NAME).is_file():
            self._touch(final)
            return final
        self.root.mkdir(parents=True, exist_ok=True)
        private = Path(tempfile.mkdtemp(prefix=_WRITING, dir=self.root))
        try:
            adapter.save_pretrained(private / final.name)
            try:
                os.rename(private / final.name, final)
            except OSError:
                if not (final / ADAPTER_WEIGHTS_NAME).is_file():
                    raise
                logger.debug("%s was written by another process meanwhile; keeping that one", final)
        finally:
            shutil.rmtree(private, ignore_errors=True)
        self._touch(final)
        self.prune(keep=final.name)
        return final

    def ls(self) -> list[CacheEntry]:
        """Every cached adapter, most recently used first."""
        entries = []
        for entry in self._scan():
            try:
                with safe_open(str(entry.path / ADAPTER_WEIGHTS_NAME), framework="pt") as f:
                    description = (f.metadata() or {}).get("hf_t2l_description")
            except Exception:  # removed meanwhile, or damaged: listed without a description
                if not entry.path.exists():
                    continue
                description = None
            entries.append(
                CacheEntry(entry.adapter_id, entry.path, entry.size_bytes, entry.last_used, description)
            )
        return entries

    def size_bytes(self) -> int:
        """Total size of the cached adapters."""
        return sum(e.size_bytes for e in self._scan())

    def remove(self, adapter_id: str) -> None:
        """Remove one cached adapter.

        Raises:
            InvalidAdapterIdError: not an adapter id.
            UnknownAdapterError: no adapter with that id is cached.
        """
        if not self._remove_folder(self.path(adapter_id)):
            raise UnknownAdapterError(
                f"No adapter {adapter_id} in the cache at {self.root}; `hf-t2l cache ls` lists the cached "
                "ids."
            )

    def clear(self) -> int:
        """Remove every cached adapter; returns how many were removed."""
        return sum(self._remove_folder(folder) for folder in self._folders())

    def prune(self, *, max_bytes: int | None = None, keep: str | None = None) -> list[str]:
        """Remove least recently used adapters until the total size is within ``max_bytes`` (default: the
        cache's bound); ``keep`` is never removed. Also removes hidden folders a crashed writer left. Returns
        the removed ids."""
        self._remove_stale()
        bound = self.max_bytes if max_bytes is None else max_bytes
        if bound is None:
            return []
        entries = self._scan()
        total = sum(e.size_bytes for e in entries)
        removed = []
        for entry in reversed(entries):  # least recently used first
            if total <= bound:
                break
            if entry.adapter_id == keep:
                continue
            if self._remove_folder(entry.path):
                removed.append(entry.adapter_id)
            total -= entry.size_bytes
        if removed:
            logger.info("Removed %d least recently used adapters from %s", len(removed), self.root)
        return removed

    # --- internals ------------------------------------------------------------------------------
    def _scan(self) -> list[CacheEntry]:
        """Ids, sizes and use times (no file is opened), most recently used first."""
        entries = []
        for folder in self._folders():
            try:
                size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
                entries.append(CacheEntry(folder.name, folder, size, folder.stat().st_mtime, None))
            except OSError:  # removed meanwhile
                continue
        return sorted(entries, key=lambda e: e.last_used, reverse=True)

    def _folders(self) -> list[Path]:
        """The entries' folders; none if the cache folder does not exist yet.

        Raises:
            AdapterCacheUnavailableError: the cache folder is not a folder, or cannot be listed.
        """
        try:
            if not self.root.exists():
                return []
            return [p for p in self.root.iterdir() if ADAPTER_ID_PATTERN.fullmatch(p.name) and p.is_dir()]
        except OSError as e:
            raise self._unavailable(e) from None

    def _unavailable(self, e: OSError) -> AdapterCacheUnavailableError:
        return AdapterCacheUnavailableError(
            f"The adapter cache folder {self.root} cannot be used ({e.strerror or type(e).__name__}); give "
            "another folder (--cache-dir, or HF_HOME), or remove what is in its place."
        )

    @staticmethod
    def _touch(folder: Path) -> None:
        try:
            os.utime(folder)
        except OSError:  # removed meanwhile, or a read-only cache: the use time is only a hint
            pass

    def _remove_folder(self, folder: Path) -> bool:
        """Rename ``folder`` aside (atomic: readers see it whole or not at all), then delete it."""
        trash = self.root / f"{_TRASH}{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
        try:
            os.rename(folder, trash)
        except FileNotFoundError:
            return False
        except OSError as e:
            raise self._unavailable(e) from None
        shutil.rmtree(trash, ignore_errors=True)
        return True

    def _remove_stale(self) -> None:
        if not self.root.is_dir():
            return
        now = time.time()
        for p in self.root.iterdir():
            if p.name.startswith((_WRITING, _TRASH, _DAMAGED)):
                try:
                    if now - p.stat().st_mtime > _STALE_S:
                        shutil.rmtree(p, ignore_errors=True)
                except OSError:
                    pass


def _set_aside(root: Path, folder: Path, reason: str) -> None:
    """Rename a damaged entry to a hidden name (not read again; removed with the stale folders)."""
    aside = root / f"{_DAMAGED}{folder.name}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        os.rename(folder, aside)
        done = f"was set aside as {aside.name}"
    except OSError as e:  # a read-only cache: it stays, and is checked (and refused) again next time
        done = f"could not be set aside ({type(e).__name__}: {e})"
    logger.warning("The cached adapter %s is not used: %s; it %s", folder, reason, done)
