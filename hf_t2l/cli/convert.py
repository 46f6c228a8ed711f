"""`hf-t2l convert`: convert a reference T2L checkpoint (hypermod.pt + args.yaml) to hf_t2l's format."""

from __future__ import annotations

import argparse

from ..errors import InvalidConfigError
from .checks import TRUST_HELP, check_output, nonempty, repo_id

NAME = "convert"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `convert` with its options to the `hf-t2l` subcommands."""
    conv = subparsers.add_parser(
        NAME, help="convert a reference T2L checkpoint (hypermod.pt + args.yaml) to hf_t2l's format"
    )
    conv.add_argument(
        "source", help="reference folder, or Hub repo id (e.g. SakanaAI/text-to-lora with --subfolder)"
    )
    conv.add_argument("--subfolder", default=None, help="e.g. trained_t2l/mistral_7b_t2l")
    conv.add_argument("--revision", default=None)
    conv.add_argument(
        "--output",
        required=True,
        type=nonempty,
        help="folder to write config.json + model.safetensors + README.md",
    )
    conv.add_argument(
        "--push-to-hub", default=None, type=repo_id, metavar="REPO_ID", help="also push the converted folder"
    )
    conv.add_argument("--private", action="store_true")
    conv.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    return conv


def run(args: argparse.Namespace) -> None:
    """Load the reference checkpoint ``args.source`` and save it (and push it) in hf_t2l's format."""
    from ..model.hypernetwork import TextToLoRA  # imports torch: `hf-t2l --help` loads this module

    check_output(args.output)
    t2l = TextToLoRA.from_pretrained(
        args.source,
        subfolder=args.subfolder,
        revision=args.revision,
        trust_remote_code=args.trust_remote_code,
    )
    if t2l.provenance.get("layout") != "reference":
        raise InvalidConfigError(f"{args.source} is already in hf_t2l's format; nothing to convert.")
    origin = args.source + (f"/{args.subfolder}" if args.subfolder else "")
    card = {
        "origin": origin,
        "origin_revision": t2l.provenance.get("revision"),
        "origin_license": "that of the origin repository (see its card and license)",
        "license": "other",
        "repo_id": args.push_to_hub,
    }
    t2l.save_pretrained(args.output, model_card_kwargs=card)
    print(
        f"Wrote {args.output} (variant {t2l.config.variant}, {t2l.num_parameters():,} parameters) "
        f"from {origin}"
    )
    if args.push_to_hub:
        url = t2l.push_to_hub(args.push_to_hub, private=args.private or None, model_card_kwargs=card)
        print(f"Pushed to {url}")
