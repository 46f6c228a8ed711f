"""`hf-t2l eval`: score a task split under base, description-in-prompt, T2L and baselines; `summarize`."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..errors import InvalidConfigError
from .checks import TRUST_HELP, check_output, nonempty, positive_int, resolve_eval_data

NAME = "eval"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `eval` (and its `summarize`) with their options to the `hf-t2l` subcommands."""
    ev = subparsers.add_parser(
        NAME, help="score a task split under base / description-in-prompt / T2L / baselines"
    )
    ev.add_argument(
        "--hypernetwork",
        default=None,
        help="hypernetwork folder, Hub repo id or 'default' (default: the shipped default)",
    )
    ev.add_argument(
        "--data",
        default=None,
        help="task collection folder or Hub dataset id (default: the suite tasks/t2l-tasks-v1 of "
        "the source checkout hf_t2l runs from)",
    )
    ev.add_argument("--split", default="heldout")
    ev.add_argument(
        "--conditions",
        default="base,base+description,t2l,t2l-random",
        help="comma-separated: base, base+description, t2l, t2l+description, router (the adapter when "
        "the description is familiar, else the description in the prompt), t2l-random",
    )
    ev.add_argument(
        "--lora", action="append", default=[], metavar="NAME=FOLDER", help="a fixed PEFT LoRA to score too"
    )
    ev.add_argument("--oracle-dir", default=None, help="folder of per-task LoRAs named by task_id")
    ev.add_argument("--max-examples", type=positive_int, default=32)
    ev.add_argument(
        "--seeds",
        type=positive_int,
        default=3,
        help="descriptions per task for T2L (spread reported; >= 3 adds robustness: best minus worst)",
    )
    ev.add_argument("--max-new-tokens", type=positive_int, default=16, help="greedy answer length limit")
    ev.add_argument("--tasks", default=None, help="comma-separated task ids (default: all)")
    ev.add_argument(
        "--batch-size", type=positive_int, default=64, help="rows decoded together (across tasks, conditions)"
    )
    ev.add_argument(
        "--dtype",
        choices=["float32", "bfloat16"],
        default="float32",
        help="the base model's dtype (bfloat16: several times faster on CPUs with AMX/AVX512-BF16)",
    )
    ev.add_argument(
        "--output", type=nonempty, help="folder for results.md, results.json, per_task.svg (required)"
    )
    ev.add_argument(
        "--update-card",
        action="store_true",
        help="also record the results in the model-index of the --hypernetwork folder's README.md",
    )
    ev.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    ev_sub = ev.add_subparsers(dest="eval_action", metavar="summarize")
    summ = ev_sub.add_parser(
        "summarize",
        help="one markdown table of several evaluations (command, training budget, held-out scores)",
        epilog="Example: hf-t2l eval summarize results/smollm2-v2-cpu/heldout results/smollm2-v2-gpu/heldout",
    )
    summ.add_argument("folders", nargs="+", metavar="FOLDER", help="folders written by hf-t2l eval --output")
    return ev


def _checked(args: argparse.Namespace) -> tuple[str, tuple[str, ...]]:
    """The task data and the conditions of ``args``, checked (with --output) before anything loads."""
    from ..evaluation.evaluate import CONDITIONS  # imports torch: `hf-t2l --help` loads this module

    if args.output is None:
        raise InvalidConfigError(
            "the following arguments are required: --output (the folder for results.md and results.json)"
        )
    check_output(args.output)
    if args.update_card and not (args.hypernetwork and Path(args.hypernetwork).is_dir()):
        raise InvalidConfigError(
            f"--update-card writes into the evaluated hypernetwork's folder; got --hypernetwork "
            f"{args.hypernetwork or 'default'!r}, which is no local folder: pass the folder (e.g. runs/NAME)."
        )
    data = resolve_eval_data(args.data)
    conditions = tuple(c.strip() for c in args.conditions.split(",") if c.strip())
    if not conditions or set(conditions) - set(CONDITIONS):
        raise InvalidConfigError(
            f"--conditions {args.conditions!r}: use a comma-separated list of {', '.join(CONDITIONS)}."
        )
    return data, conditions


def run(args: argparse.Namespace) -> None:
    """Evaluate ``args.hypernetwork`` on ``args.data`` and write the report, or summarize reports."""
    if args.eval_action == "summarize":
        from ..evaluation.summary import summarize  # imports the report modules: only for this action

        print(summarize(args.folders), end="")
        return
    from ..evaluation.evaluate import evaluate  # imports torch: `hf-t2l --help` loads this module

    data, conditions = _checked(args)
    hypernetwork = args.hypernetwork
    if hypernetwork is None:
        from ..offline.bundled import default_hypernetwork  # imports torch: as above

        hypernetwork, trained = default_hypernetwork()
        if not trained:
            print("note: the embedded default hypernetwork is untrained; T2L will equal the base model")
    elif args.trust_remote_code:
        from ..model.hypernetwork import TextToLoRA  # imports torch: as above

        hypernetwork = TextToLoRA.from_pretrained(hypernetwork, trust_remote_code=True)
    loras = {}
    for item in args.lora:
        name, sep, folder = item.partition("=")
        if not sep:
            raise InvalidConfigError(f"--lora {item!r} is not NAME=FOLDER.")
        loras[name] = folder
    report = evaluate(
        data,
        split=args.split,
        hypernetwork=hypernetwork,
        conditions=conditions,
        loras=loras,
        oracle_dir=args.oracle_dir,
        max_examples=args.max_examples,
        seeds=args.seeds,
        tasks=args.tasks.split(",") if args.tasks else None,
        max_new_tokens=args.max_new_tokens,
        batch_size=args.batch_size,
        dtype=args.dtype,
    )
    report.run.update(command="hf-t2l " + shlex.join(args.argv), hypernetwork=args.hypernetwork or "default")
    if args.hypernetwork and Path(args.hypernetwork).is_dir():
        from ..evaluation.summary import training_budget  # imports the report modules: as above

        report.run["training"] = training_budget(args.hypernetwork)
    folder = report.save(args.output)
    print(report.to_markdown())
    print(f"Wrote {folder}/results.md, results.json and per_task.svg")
    if args.update_card:
        from ..hub.model_card import write_eval_results  # imports huggingface_hub: only with --update-card

        card = write_eval_results(args.hypernetwork, [report])
        print(f"Recorded the results in the model-index of {card}")
