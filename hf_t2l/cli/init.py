"""`hf-t2l init`: build a fresh (untrained) hypernetwork for a base model."""

from __future__ import annotations

import argparse

from ..constants import HYPERNETWORK_DEFAULTS as DEFAULTS
from ..model.variants import variant_names
from .checks import (
    TRUST_HELP,
    check_output,
    check_source,
    nonempty,
    positive_float,
    positive_int,
    read_base_config,
)

NAME = "init"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `init` with its options to the `hf-t2l` subcommands."""
    init = subparsers.add_parser(NAME, help="build a fresh (untrained) hypernetwork for a base model")
    init.add_argument("--base", required=True, help="base model id or folder (only its config is read)")
    init.add_argument("--base-model-id", default=None, help="Hub id to record when --base is a local folder")
    init.add_argument(
        "--encoder",
        default=DEFAULTS.encoder,
        help="sentence-transformers id or path, or base-model (the base LLM reads the descriptions)",
    )
    init.add_argument("--variant", default=DEFAULTS.variant, choices=variant_names())
    init.add_argument("--rank", type=positive_int, default=DEFAULTS.rank)
    init.add_argument("--lora-alpha", type=positive_float, default=DEFAULTS.lora_alpha)
    init.add_argument(
        "--target-modules",
        default=None,
        help="comma-separated Linear module names (default: PEFT's default LoRA targets for the base's "
        f"model_type, else {','.join(DEFAULTS.target_modules)})",
    )
    init.add_argument("--latent-size", type=positive_int, default=DEFAULTS.latent_size)
    init.add_argument("--head-in-size", type=positive_int, default=DEFAULTS.head_in_size)
    init.add_argument("--seed", type=int, default=0)
    init.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    init.add_argument("--output", required=True, type=nonempty)
    return init


def run(args: argparse.Namespace) -> None:
    """Build an untrained hypernetwork for ``args.base`` and save it to ``args.output``."""
    import torch

    from ..model.config import T2LConfig
    from ..model.hypernetwork import TextToLoRA  # imports torch: `hf-t2l --help` loads this module

    check_output(args.output)
    base = read_base_config(args.base)
    torch.manual_seed(args.seed)
    config = T2LConfig.from_base_model(
        base,
        encoder=check_source(args.encoder, "--encoder", "a sentence-transformers model"),
        variant=args.variant,
        rank=args.rank,
        lora_alpha=args.lora_alpha,
        target_modules=None
        if args.target_modules is None  # the base's model_type picks them (hf_t2l.base_models)
        else [m.strip() for m in args.target_modules.split(",") if m.strip()],
        latent_size=args.latent_size,
        head_in_size=args.head_in_size,
        base_model_name_or_path=args.base_model_id or args.base,
        trust_remote_code=args.trust_remote_code,
    )
    model = TextToLoRA(config)
    model.save_pretrained(args.output)
    print(
        f"Wrote an untrained {config.variant} hypernetwork ({model.num_parameters():,} parameters) "
        f"to {args.output}"
    )
