"""`hf-t2l train`: train from a YAML config (sft, recon, multitask-lora, embed) with --key=value overrides."""

from __future__ import annotations

import argparse

from .checks import check_train_config

NAME = "train"
#: `main` passes the options argparse does not know (``--key=value``) on as ``args.overrides``.
TAKES_OVERRIDES = True


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `train` with its options to the `hf-t2l` subcommands."""
    train = subparsers.add_parser(
        NAME,
        help="train from a YAML config (sft, recon, multitask-lora or embed); --key=value overrides it",
        epilog="Example (in a source checkout): hf-t2l train sft configs/smollm2-default.yaml "
        "--max_steps=2000 --output_dir=out",
    )
    train.add_argument(
        "kind",
        choices=("sft", "recon", "multitask-lora", "embed"),
        help="sft or recon: a hypernetwork; multitask-lora: the baseline LoRA on the same SFT data "
        "and budget; embed: write the SFT config's description embeddings to its `embeddings` file",
    )
    train.add_argument(
        "config", nargs="?", default=None, help="YAML file of options (see hf_t2l.training.SFTConfig)"
    )
    train.add_argument(
        "--resume", action="store_true", help="continue from the latest checkpoint in output_dir"
    )
    return train


def run(args: argparse.Namespace) -> None:
    """Train what ``args.kind`` names from ``args.config`` with ``args.overrides`` applied."""
    from ..training import load_config, train_recon, train_sft  # imports torch: `hf-t2l --help` loads this

    check_train_config(args.config)
    overrides = args.overrides
    if args.kind == "embed":
        from ..training.sft import embed_descriptions  # imports torch: as above

        path, count = embed_descriptions(load_config("sft", args.config, overrides))
        print(f"Wrote the embeddings of {count} descriptions to {path}")
        return
    if args.kind == "multitask-lora":
        from ..training.multitask import train_multitask_lora  # imports torch: as above

        cfg = load_config("sft", args.config, overrides)
        result = train_multitask_lora(cfg, cfg.output_dir, resume=args.resume)
        loss = "n/a" if result["final_loss"] is None else f"{result['final_loss']:.4f}"
        print(
            f"Trained the multi-task LoRA for {result['steps']} steps (final loss {loss}); "
            f"wrote {cfg.output_dir}"
        )
        return
    cfg = load_config(args.kind, args.config, overrides)
    result = (train_sft if args.kind == "sft" else train_recon)(cfg, resume=args.resume)
    print(
        f"Trained {result['step']} steps; best validation loss {result.get('best_eval_loss')}; "
        f"wrote {cfg.output_dir}"
    )
