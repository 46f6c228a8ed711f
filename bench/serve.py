"""The server under load on loopback: SmolLM2-135M + the default hypernetwork, users with their own tasks.

    python -m bench.serve [REQUESTS_PER_USER] [MAX_TOKENS]

For 1, 4 and 16 concurrent users (each sends its requests one after another), once with a distinct
description per user and once with all users sharing one description: requests/s and p50/p95
latency. Every scenario uses descriptions not seen before (its adapters are generated during the
run) and a fresh disk cache, and sends a bounded number of requests; the run stops by itself.
Prints one JSON line; bench/run.py prints it as a table.
"""

from __future__ import annotations

import json
import socket
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import torch

USERS = (1, 4, 16)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(app, port: int):
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return server, thread


def _scenario(url: str, users: int, per_user: int, max_tokens: int, descriptions: list[str]) -> dict:
    import httpx

    def user(u: int) -> list[float]:
        times = []
        with httpx.Client(base_url=url, timeout=600) as client:
            for k in range(per_user):
                body = {
                    "model": "t2l",
                    "description": descriptions[u],
                    "max_tokens": max_tokens,
                    "messages": [{"role": "user", "content": f"Name a country, request {k}."}],
                }
                start = time.perf_counter()
                r = client.post("/v1/chat/completions", json=body)
                r.raise_for_status()
                times.append(time.perf_counter() - start)
        return times

    start = time.perf_counter()
    with ThreadPoolExecutor(users) as ex:
        latencies = [t for ts in ex.map(user, range(users)) for t in ts]
    wall = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=20, method="inclusive") if len(latencies) > 1 else latencies * 19
    return {
        "users": users,
        "requests": len(latencies),
        "requests_per_s": len(latencies) / wall,
        "p50_s": statistics.median(latencies),
        "p95_s": cuts[18],
    }


def measure(per_user: int = 2, max_tokens: int = 8) -> dict:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l import AdapterPool
    from hf_t2l.adapters.cache import AdapterCache
    from hf_t2l.offline.bundled import default_hypernetwork, smollm2_path
    from hf_t2l.serving.server import create_app

    t2l, _ = default_hypernetwork()
    t2l.generate("Warm the encoder.")
    tokenizer = AutoTokenizer.from_pretrained(smollm2_path())
    model = AutoModelForCausalLM.from_pretrained(smollm2_path(), dtype=torch.float32).eval()
    rows = []
    with tempfile.TemporaryDirectory() as cache_dir:
        pool = AdapterPool(model, t2l, max_adapters=max(USERS), cache=AdapterCache(cache_dir))
        app = create_app(pool, tokenizer, max_tokens=max_tokens, max_batch=max(USERS), wait_ms=5)
        port = _free_port()
        server, thread = _start(app, port)
        url = f"http://127.0.0.1:{port}"
        try:
            for users in USERS:
                for kind in ("distinct", "shared"):
                    descriptions = [
                        f"Answer with a country's capital. Run {users}-{kind}-"
                        f"{u if kind == 'distinct' else 0}."
                        for u in range(users)
                    ]
                    row = _scenario(url, users, per_user, max_tokens, descriptions)
                    rows.append({"adapters": kind, **row})
        finally:
            server.should_exit = True
            thread.join(timeout=60)
    return {
        "per_user": per_user,
        "max_tokens": max_tokens,
        "rows": rows,
        "batch_sizes": app.state.t2l.scheduler.batch_sizes,
    }


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(measure(*args)))
