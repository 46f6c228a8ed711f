"""`hf-t2l cache`: list or remove generated adapters in the on-disk adapter cache."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

from ..errors import InvalidConfigError

if TYPE_CHECKING:  # pragma: no cover
    from ..adapters.cache import AdapterCache

NAME = "cache"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `cache` with its options to the `hf-t2l` subcommands."""
    cache = subparsers.add_parser(NAME, help="list or remove generated adapters in the on-disk adapter cache")
    cache.add_argument("action", choices=("ls", "rm"), help="ls: list the cached adapters; rm: remove some")
    cache.add_argument("ids", nargs="*", metavar="ID", help="adapter ids to remove (rm)")
    cache.add_argument("--all", action="store_true", help="rm: remove every cached adapter")
    cache.add_argument("--cache-dir", default=None, help="cache folder (default $HF_HOME/hf_t2l/adapters)")
    return cache


def run(args: argparse.Namespace) -> None:
    """List the cache (``ls``) or remove the adapters ``args.ids`` or ``--all`` of it (``rm``)."""
    from ..adapters.cache import AdapterCache  # imports torch: `hf-t2l --help` loads this module

    cache = AdapterCache(args.cache_dir, max_bytes=None)
    if args.action == "ls":
        if args.ids or args.all:
            raise InvalidConfigError("`hf-t2l cache ls` takes no ids and no --all.")
        print_cache(cache)
    elif args.all == bool(args.ids):
        raise InvalidConfigError("`hf-t2l cache rm` needs adapter ids or --all (not both).")
    elif args.all:
        print(f"Removed {cache.clear()} adapters from {cache.root}")
    else:
        for adapter_id in args.ids:
            cache.remove(adapter_id)
            print(f"Removed {adapter_id}")


def print_cache(cache: AdapterCache) -> None:
    """One line per cached adapter (id, size, last use, description), then the total."""
    entries = cache.ls()
    for e in entries:
        when = datetime.datetime.fromtimestamp(e.last_used).isoformat(sep=" ", timespec="seconds")
        text = (e.description or "")[:60] + ("..." if e.description and len(e.description) > 60 else "")
        print(f"{e.adapter_id}  {e.size_bytes / 2**20:8.2f} MB  {when}  {text!r}")
    total = sum(e.size_bytes for e in entries)
    print(f"{len(entries)} adapters, {total / 2**20:.2f} MB in {cache.root}")
