"""Checks of command-line input for `hf-t2l`, run before anything is loaded, written or pushed.

Each check raises a named error (or, as an argparse ``type=``, makes argparse print one line and exit
with code 2), so a user's mistake ends in one line on stderr naming the problem and the fix, never
a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, NoReturn

from ..errors import HypernetworkNotFoundError, InvalidConfigError, InvalidRepoIdError, TaskDataError

#: The help of every command's ``--trust-remote-code``.
TRUST_HELP = (
    "allow Python code from the repos the hypernetwork or base names (encoder, base config) to run; "
    "only for repos you trust"
)


class DefaultsHelpFormatter(argparse.HelpFormatter):
    """Help that shows each option's default (``(default: 8000)``), unless its text already says it."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            not action.option_strings
            or default is None
            or default is False
            or default in (argparse.SUPPRESS, [])
            or "default" in text.lower()
        ):
            return action.help
        return f"{text} (default: %(default)s)".lstrip()


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are one line: ``hf-t2l CMD: error: ... (see --help)``;
    its help (and its subcommands') shows every option's default."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DefaultsHelpFormatter)
        super().__init__(*args, **kwargs)

    def _add_action(self, action: argparse.Action) -> argparse.Action:
        shown = action.default is not None and action.default is not False and action.default != []
        if action.help is None and action.option_strings and shown:
            action.help = "(default: %(default)s)"
        return super()._add_action(action)

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: error: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(2)


def one_line(error: BaseException) -> str:
    """The error's message on one line (messages quoting YAML or JSON errors span several)."""
    return " ".join(str(error).split())


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer; pass a whole number >= 1") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be >= 1")
    return value


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive finite number; pass e.g. 16")
    return value


def nonempty(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty path; pass a folder name")
    return text


def describe(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the description is empty; describe the task in a sentence")
    return text


def repo_id(text: str) -> str:
    """A Hub repo id, checked before anything is generated or written."""
    from ..hub.download import validate_repo_id

    try:
        validate_repo_id(text)
    except InvalidRepoIdError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


def check_output(path: str, *, overwrite: bool | None = None) -> None:
    """An output folder: it may exist (as a folder), but not as a file; with ``overwrite`` given, a
    folder that holds files only when it is True (see :func:`check_no_overwrite`)."""
    out = Path(path)
    if overwrite is not None:
        check_no_overwrite(path, overwrite)
    if out.exists() and not out.is_dir():
        raise InvalidConfigError(f"--output {path} exists and is not a folder; choose another output path.")
    for parent in out.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise InvalidConfigError(
                    f"--output {path}: {parent} is a file, not a folder; choose another path."
                )
            break


def check_no_overwrite(path: str, overwrite: bool) -> None:
    """An output folder that already holds files is replaced only when asked (``--overwrite``)."""
    out = Path(path)
    if overwrite or not out.is_dir():
        return
    present = sorted(p.name for p in out.iterdir())
    if present:
        shown = ", ".join(present[:4]) + (", ..." if len(present) > 4 else "")
        raise InvalidConfigError(
            f"--output {path} already holds files ({shown}); pass --overwrite to replace them, or choose "
            "another folder."
        )


def _looks_local(source: str) -> bool:
    return source.startswith((".", "/", "~", "\\")) or Path(source).exists() or "\\" in source


def check_source(source: str, option: str, what: str) -> str:
    """A local folder or a Hub repo id (as given to from_pretrained), checked before loading it."""
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    if _looks_local(source):
        if not Path(source).expanduser().is_dir():
            raise HypernetworkNotFoundError(
                f"{option} {source}: no such folder; pass {what} folder or a Hub id."
            )
        return source
    try:
        validate_repo_id(source)
    except HFValidationError:
        raise InvalidRepoIdError(
            f"{option} {source!r} is neither a folder nor a valid Hub repo id; pass {what} folder or an id "
            "like 'org/name'."
        ) from None
    return source


def read_base_config(base: str) -> Any:
    """The base model's transformers config (config.json only), or a named error saying what is wrong."""
    from transformers import AutoConfig

    check_source(base, "--base", "a base model")
    try:
        return AutoConfig.from_pretrained(base)
    except (OSError, ValueError) as e:
        raise InvalidConfigError(
            f"--base {base}: could not read the base model's config.json ({one_line(e)}); "
            "pass a model folder that holds config.json, or a Hub model id."
        ) from e


def check_train_config(path: str | None) -> None:
    if path is not None and not Path(path).is_file():
        raise TaskDataError(f"No training config file {path}; pass a YAML file (see configs/ for examples).")


def check_data(data: str) -> None:
    """A task collection: a local folder, or a Hub dataset id."""
    check_source(data, "--data", "a task collection")


#: The task suite of a source checkout, used by `hf-t2l eval` without --data.
SUITE = Path("tasks") / "t2l-tasks-v1"


def resolve_eval_data(data: str | None) -> str:
    """`hf-t2l eval --data`: as given (a folder or a Hub dataset id), or without it the task suite of
    the source checkout hf_t2l is installed from, wherever the command runs."""
    if data is not None:
        check_data(data)
        return data
    checkout = Path(__file__).resolve().parents[2] / SUITE  # hf_t2l/cli/checks.py -> the checkout
    if (checkout / "tasks").is_dir():
        return str(checkout)
    raise TaskDataError(
        f"No --data given and this install of hf_t2l has no task suite ({SUITE} comes with a source "
        "checkout); "
        "pass --data FOLDER_OR_DATASET_ID (a task collection: see tasks/README.md)."
    )
