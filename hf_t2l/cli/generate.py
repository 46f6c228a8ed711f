"""`hf-t2l generate`: write the LoRA adapter for a description into a PEFT folder (and push it)."""

from __future__ import annotations

import argparse

from .checks import TRUST_HELP, check_output, nonempty, repo_id

NAME = "generate"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `generate` with its options to the `hf-t2l` subcommands."""
    gen = subparsers.add_parser(NAME, help="write the LoRA adapter for a description into a PEFT folder")
    gen.add_argument("description", help="the task in plain words")
    gen.add_argument(
        "--hypernetwork",
        default="default",
        help="hypernetwork folder, Hub repo id, or 'default': the one shipped for "
        "SmolLM2-135M-Instruct (the default)",
    )
    gen.add_argument("--revision", default=None, help="branch, tag or commit of a Hub hypernetwork")
    gen.add_argument("--subfolder", default=None, help="subfolder of the hypernetwork inside its repo")
    gen.add_argument(
        "--output",
        required=True,
        type=nonempty,
        help="folder to write adapter_config.json + adapter_model.safetensors",
    )
    gen.add_argument(
        "--push-to-hub",
        default=None,
        type=repo_id,
        metavar="REPO_ID",
        help="also push the adapter (with its card)",
    )
    gen.add_argument("--private", action="store_true", help="create the pushed repo as private")
    gen.add_argument(
        "--overwrite", action="store_true", help="replace the files of an existing, non-empty --output folder"
    )
    gen.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    gen.add_argument(
        "--scaling",
        choices=("rslora", "standard"),
        default=None,
        help="LoRA scaling written to the adapter: alpha/sqrt(r) (rslora) or alpha/r (standard); "
        "default: the hypernetwork's",
    )
    return gen


def run(args: argparse.Namespace) -> None:
    """Generate the adapter for ``args.description``, save it to ``args.output``, push it if asked."""
    from ..adapters.ids import (  # imports torch: `hf-t2l --help` loads this module
        adapter_id,
        stamp_adapter_id,
    )
    from ..model.hypernetwork import TextToLoRA  # imports torch: as above

    check_output(args.output, overwrite=args.overwrite)
    t2l = TextToLoRA.from_pretrained(
        args.hypernetwork,
        revision=args.revision,
        subfolder=args.subfolder,
        trust_remote_code=args.trust_remote_code,
    )
    use_rslora = None if args.scaling is None else args.scaling == "rslora"
    adapter = t2l.generate(args.description, use_rslora=use_rslora)
    # the id goes into the card and the safetensors metadata: a pushed adapter can be traced
    stamp_adapter_id(adapter, adapter_id(t2l, args.description, use_rslora=use_rslora))
    path = adapter.save_pretrained(args.output, repo_id=args.push_to_hub)
    print(f"Wrote {adapter!r} to {path}")
    if args.push_to_hub:
        from ..hub.download import push_folder  # imports huggingface_hub: only when pushing

        url = push_folder(
            path,
            args.push_to_hub,
            private=args.private or None,
            commit_message="Upload Text-to-LoRA adapter with hf_t2l",
        )
        print(f"Pushed to {url}")
