"""`hf-t2l info`: describe a hypernetwork folder or repo."""

from __future__ import annotations

import argparse

from .checks import TRUST_HELP

NAME = "info"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `info` with its options to the `hf-t2l` subcommands."""
    info = subparsers.add_parser(NAME, help="describe a hypernetwork folder or repo")
    info.add_argument("hypernetwork")
    info.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    return info


def run(args: argparse.Namespace) -> None:
    """Print the base model, target modules, variant, LoRA settings and encoder of ``args.hypernetwork``."""
    from ..model.hypernetwork import TextToLoRA  # imports torch: `hf-t2l --help` loads this module

    t2l = TextToLoRA.from_pretrained(args.hypernetwork, trust_remote_code=args.trust_remote_code)
    c = t2l.config
    print(f"base model:     {c.base_model_name_or_path} ({c.num_layers} layers)")
    for m in c.target_modules:
        print(f"  {m:<12} {c.in_features[m]} -> {c.out_features[m]}   at {c.module_paths[m]}")
    print(
        f"variant:        {c.variant} (D={c.latent_size}, H={c.head_in_size}), "
        f"{t2l.num_parameters():,} parameters"
    )
    print(
        f"LoRA:           r={c.rank}, alpha={c.lora_alpha}, "
        f"{'rsLoRA' if c.use_rslora else 'standard'} scaling {c.scaling:.3f}"
    )
    print(f"encoder:        {c.encoder_name_or_path} ({c.embedding_dim}-d, pooling={c.pooling})")
