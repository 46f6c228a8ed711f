"""`hf-t2l push`: push a hypernetwork or adapter folder to the Hub in one commit."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..constants import ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME, CONFIG_NAME, WEIGHTS_NAME
from ..errors import InvalidConfigError
from .checks import repo_id

NAME = "push"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `push` with its options to the `hf-t2l` subcommands."""
    push = subparsers.add_parser(NAME, help="push a hypernetwork or adapter folder to the Hub in one commit")
    push.add_argument("folder")
    push.add_argument("repo_id", type=repo_id)
    push.add_argument("--private", action="store_true")
    push.add_argument("--overwrite-card", action="store_true", help="replace a README.md edited on the Hub")
    return push


def run(args: argparse.Namespace) -> None:
    """Push ``args.folder`` (an adapter or a hypernetwork, told by its files) to ``args.repo_id``."""
    from ..hub.download import push_folder  # imports huggingface_hub: `hf-t2l --help` loads this module

    folder = Path(args.folder)
    if (folder / ADAPTER_CONFIG_NAME).is_file() and (folder / ADAPTER_WEIGHTS_NAME).is_file():
        kind = "adapter"
    elif (folder / CONFIG_NAME).is_file() and (folder / WEIGHTS_NAME).is_file():
        kind = "hypernetwork"
    else:
        raise InvalidConfigError(
            f"{folder} is neither an adapter folder (adapter_config.json + adapter_model.safetensors) nor a "
            "hypernetwork folder (config.json + model.safetensors)."
        )
    url = push_folder(
        folder,
        args.repo_id,
        private=args.private or None,
        overwrite_card=args.overwrite_card,
        commit_message=f"Upload Text-to-LoRA {kind} with hf_t2l",
    )
    print(f"Pushed the {kind} in {folder} to {url}")
