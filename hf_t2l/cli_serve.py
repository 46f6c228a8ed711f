"""`hf-t2l serve`: the request guard built from the arguments, then the local or the vLLM engine."""

from __future__ import annotations

import argparse

from .errors import InvalidConfigError, MissingDependencyError

__all__ = ["serve"]


def serve(args: argparse.Namespace) -> None:
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
        from .serve import run_server  # imports FastAPI and torch: `hf-t2l --help` loads this module
        from .serve_guard import ServeGuard, resolve_api_key  # imports FastAPI: as above
        from .serve_vllm import run_vllm_server  # imports FastAPI and torch: as above
    except ImportError as e:
        if e.name not in ("fastapi", "uvicorn", "starlette", "httpx"):
            raise
        from .extras import install_hint

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
