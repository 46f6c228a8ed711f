"""`hf-t2l serve`: its options, the request guard built from them, then the local or the vLLM engine."""

from __future__ import annotations

import argparse

from ..errors import InvalidConfigError, MissingDependencyError
from .checks import TRUST_HELP, nonempty, positive_float, positive_int

__all__ = ["NAME", "add_parser", "run"]

NAME = "serve"


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `serve` with its options (the server's, the request guard's, the vLLM engine's)."""
    srv = subparsers.add_parser(
        NAME, help="serve an OpenAI-compatible chat API, one generated adapter per request"
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
    srv.add_argument("--trust-remote-code", action="store_true", help=TRUST_HELP)
    srv.add_argument(
        "--dtype",
        choices=("auto", "float32", "bfloat16", "float16"),
        default="auto",
        help="base model dtype (the local engine; auto: float32 on the CPU)",
    )
    _add_guard_options(srv)
    _add_vllm_options(srv)
    return srv


def _add_guard_options(srv: argparse.ArgumentParser) -> None:
    """The options of the request guard (key, hosts, origins, body size) and of the queue."""
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


def _add_vllm_options(srv: argparse.ArgumentParser) -> None:
    """The engine choice and the options of ``--engine vllm``."""
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


def run(args: argparse.Namespace) -> None:
    """Run ``hf-t2l serve`` with the parsed ``args`` until interrupted.

    Raises:
        InvalidConfigError: an option the chosen engine needs is missing.
        MissingDependencyError: FastAPI, uvicorn or httpx is not installed.
    """
    if args.engine == "vllm" and not args.vllm_url:
        raise InvalidConfigError("--engine vllm needs --vllm-url, e.g. --vllm-url http://127.0.0.1:8001.")
    if args.engine == "local" and not args.base:
        raise InvalidConfigError("--base is required by the local engine (or use --engine vllm --vllm-url).")
    try:
        from ..serving.guard import ServeGuard, resolve_api_key  # imports FastAPI: `hf-t2l --help` loads this
        from ..serving.server import run_server  # imports FastAPI and torch: as above
        from ..serving.vllm_engine import run_vllm_server  # imports FastAPI and torch: as above
    except ImportError as e:
        if e.name not in ("fastapi", "uvicorn", "starlette", "httpx"):
            raise
        from ..extras import install_hint

        raise MissingDependencyError(
            f"`hf-t2l serve` needs FastAPI, uvicorn and httpx ({e.name} is not installed): "
            f"{install_hint('serve')}."
        ) from e

    guard = ServeGuard(
        bind_host=args.host,
        allowed_hosts=tuple(args.allowed_hosts),
        allowed_origins=tuple(args.allowed_origins),
        api_key=resolve_api_key(args.api_key),
        max_body_bytes=args.max_body_bytes,
    )
    if args.engine == "vllm":
        run_vllm_server(
            args.hypernetwork,
            vllm_url=args.vllm_url,
            api_key_env=args.vllm_api_key_env,
            adapter_dir=args.vllm_adapter_dir,
            host=args.host,
            port=args.port,
            max_tokens=args.max_tokens,
            timeout_s=args.vllm_timeout,
            max_reply_bytes=args.vllm_max_reply_bytes,
            max_lora_rank=args.vllm_max_lora_rank,
            cache_dir=args.cache_dir,
            trust_remote_code=args.trust_remote_code,
            guard=guard,
        )
        return
    run_server(
        args.base,
        args.hypernetwork,
        host=args.host,
        port=args.port,
        max_adapters=args.max_adapters,
        max_batch=args.max_batch,
        max_tokens=args.max_tokens,
        wait_ms=args.wait_ms,
        max_queue=args.max_queue,
        cache_dir=args.cache_dir,
        trust_remote_code=args.trust_remote_code,
        dtype=args.dtype,
        guard=guard,
    )
