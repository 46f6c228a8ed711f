"""`hf-t2l demo`: run the main job offline on SmolLM2-135M-Instruct + all-MiniLM-L6-v2."""

from __future__ import annotations

import argparse

from .checks import describe, positive_int

NAME = "demo"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `demo` with its options to the `hf-t2l` subcommands."""
    demo = subparsers.add_parser(
        NAME, help="run the main job offline on SmolLM2-135M-Instruct + all-MiniLM-L6-v2"
    )
    demo.add_argument(
        "--description",
        default=None,
        type=describe,
        help="describe your own task instead of the held-out one (then no accuracy is scored; "
        "give your inputs with --input)",
    )
    demo.add_argument(
        "--input",
        action="append",
        default=[],
        type=describe,
        metavar="TEXT",
        help="an input to answer with and without the adapter (repeat it for several; default: the first "
        "examples of the held-out task)",
    )
    demo.add_argument(
        "--max-examples", type=positive_int, default=32, help="examples of the held-out task to score"
    )
    return demo


def run(args: argparse.Namespace) -> None:
    """Run the demo on the held-out task, or on ``args.description`` with ``args.input``."""
    from ..demo import run_demo  # imports torch: `hf-t2l --help` loads this module

    run_demo(args.description, tuple(args.input), emit=print, max_examples=args.max_examples)
