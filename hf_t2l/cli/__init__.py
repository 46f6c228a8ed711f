"""The `hf-t2l` command line: the registry of its commands, the parser built from it, and `main`.

Each command is one module of this package with ``NAME``, ``add_parser(subparsers)`` (its options and
help; nothing heavy is imported, so `hf-t2l --help` stays torch-free) and ``run(args)`` (the work; a
`T2LError` it raises becomes one line on stderr and exit code 2). Adding a command = its module, its line
in ``COMMANDS`` and its test.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from ..errors import T2LError
from . import cache, convert, demo, generate, info, init, offline_models, push, serve, train
from . import eval as eval_command  # the module of `hf-t2l eval` (named after it, not the builtin)
from .checks import ArgumentParser, one_line

__all__ = ["COMMANDS", "build_parser", "main"]

#: The commands of `hf-t2l`, in the order `hf-t2l --help` lists them.
COMMANDS = (
    generate,
    init,
    convert,
    push,
    train,
    eval_command,
    offline_models,
    info,
    cache,
    serve,
    demo,
)


def build_parser(commands: Sequence = COMMANDS) -> ArgumentParser:
    """The `hf-t2l` parser with a subcommand for each module of ``commands``."""
    parser = ArgumentParser(
        prog="hf-t2l",
        description="Text-to-LoRA: turn a task description into a PEFT LoRA adapter.",
        epilog='Example: hf-t2l generate "Classify the sentiment of a movie review." '
        "--hypernetwork default --output ./lora",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO level)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in commands:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, commands: Sequence = COMMANDS) -> int:
    """Run `hf-t2l` with ``argv`` (default: the process's arguments); the exit code."""
    parser = build_parser(commands)
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(argv)
    args.argv = argv  # recorded with results (hf-t2l eval)
    command = {c.NAME: c for c in commands}[args.command]
    if extra and not getattr(command, "TAKES_OVERRIDES", False):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.overrides = extra
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        command.run(args)
    except T2LError as e:  # a user's mistake, named: one line, no traceback (other exceptions are bugs)
        print(f"hf-t2l {args.command}: error: {one_line(e)}", file=sys.stderr)
        return 2
    return 0
