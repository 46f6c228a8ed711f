"""Replaying the hypernetwork's forward as a CUDA graph at generation time.

On a GPU one adapter is a few dozen small kernels (trunk, heads, offsets), and launching them from
Python costs more than running them. A captured graph launches them all at once. One graph is kept
per (batch size, input dtype, device), up to a few, captured on the second call with that key (a
single call is cheaper eagerly than captured); a graph is captured again when any parameter or
buffer no longer matches the stamp taken at capture (the rule of ``_cache.py``: replaced, loaded
into new tensors, changed in place, moved or cast), so replays always see the module's current
weights. A new graph is replayed once and compared with an eager pass before it is used; any
failure there turns graphs off for the module (with a warning) and generation continues eagerly.
Outputs are copied out of the graph's static buffers, so every returned adapter owns its tensors.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import torch

from .generation_cache import Stamp

logger = logging.getLogger(__name__)

Weights = dict[str, tuple[torch.Tensor, torch.Tensor]]


class _Captured:
    def __init__(self, signature: Stamp, graph: Any, static_in: torch.Tensor, static_out: Weights):
        self.signature = signature
        self.graph = graph
        self.static_in = static_in
        self.static_out = static_out


class GraphedForward:
    """Captured ``forward(dense=True)`` graphs of one module, keyed by input shape, dtype and device."""

    max_graphs = 4
    max_batch = (
        64  # larger batches are compute-bound (launches no longer matter) and their graphs' buffers large
    )

    def __init__(self) -> None:
        self._graphs: OrderedDict[tuple, _Captured] = OrderedDict()
        self._lock = threading.Lock()
        self._seen: set[tuple] = set()
        self._watched: list[tuple[dict, str, object]] | None = None
        self._tensors: list[torch.Tensor] = []
        self.failed = False

    def __getstate__(self) -> dict:  # copies and pickles of the module start without graphs
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]

    def clear(self) -> None:
        self._graphs.clear()
        self._watched = None

    def tensors(self, module: torch.nn.Module) -> list[torch.Tensor]:
        """Every parameter and buffer of the module, as it is now.

        The module tree is walked once; later calls only check that no submodule, parameter or buffer
        was replaced (an identity test per entry).
        """
        if self._watched is None or not all(d.get(name) is obj for d, name, obj in self._watched):
            subs = list(module.modules())
            self._watched = [
                (d, name, obj)
                for m in subs
                for d in (m._modules, m._parameters, m._buffers)
                for name, obj in d.items()
            ]
            self._tensors = [obj for _, _, obj in self._watched if isinstance(obj, torch.Tensor)]
        return self._tensors

    def signature(self, module: torch.nn.Module) -> Stamp:
        """The stamp of every parameter and buffer (identity, pointer, version, dtype, device, shape)."""
        return Stamp(self.tensors(module))

    def usable(self, x: torch.Tensor) -> bool:
        return (
            not self.failed
            and self._device_ok(x)
            and 0 < x.shape[0] <= self.max_batch
            and not torch.is_grad_enabled()
        )

    def _device_ok(self, x: torch.Tensor) -> bool:
        return x.is_cuda

    def __call__(
        self, module: torch.nn.Module, forward: Callable[[torch.Tensor], Weights], x: torch.Tensor
    ) -> Weights:
        key = (tuple(x.shape), x.dtype, x.device)
        with self._lock:
            tensors = self.tensors(module)
            entry = self._graphs.get(key)
            if entry is None and key not in self._seen:  # a one-off call (a CLI run) is not worth a capture
                self._seen.add(key)
                return forward(x)
            if entry is None or not entry.signature.matches(tensors):
                self._graphs.pop(key, None)
                signature = Stamp(tensors)
                if not signature.trackable:  # inference tensors: in-place changes cannot be seen
                    return forward(x)
                try:
                    entry = self._capture(forward, x, signature)
                    _check_replay(entry, forward, x)
                except Exception as e:  # noqa: BLE001 - any capture failure falls back to eager
                    self.failed = True
                    self._graphs.clear()
                    logger.warning(
                        "CUDA graph capture failed (%s: %s); generating without graphs.", type(e).__name__, e
                    )
                    return forward(x)
                self._graphs[key] = entry
                while len(self._graphs) > self.max_graphs:
                    self._graphs.popitem(last=False)
            else:
                self._graphs.move_to_end(key)
            entry.static_in.copy_(x)
            entry.graph.replay()
            return {m: (A.clone(), B.clone()) for m, (A, B) in entry.static_out.items()}

    def _capture(
        self, forward: Callable[[torch.Tensor], Weights], x: torch.Tensor, signature: Stamp
    ) -> _Captured:
        return _capture_cuda(forward, x, signature)


def _check_replay(entry: _Captured, forward: Callable[[torch.Tensor], Weights], x: torch.Tensor) -> None:
    """Replay a fresh graph once and compare it with an eager pass on the same input."""
    entry.static_in.copy_(x)
    entry.graph.replay()
    expected = forward(x)
    for m, pair in expected.items():
        for got, want in zip(entry.static_out[m], pair):
            tol = 1e-4 if want.dtype in (torch.float32, torch.float64) else 1e-2
            if got.shape != want.shape or not torch.allclose(got, want, rtol=tol, atol=tol * 1e-2):
                raise RuntimeError(f"a replay of the captured graph differs from eager generation ({m})")


def _capture_cuda(forward: Callable[[torch.Tensor], Weights], x: torch.Tensor, signature: Stamp) -> _Captured:
    static_in = x.clone()
    side = torch.cuda.Stream(x.device)
    side.wait_stream(torch.cuda.current_stream(x.device))
    with torch.cuda.stream(
        side
    ):  # warm-up fills the module's caches (zero offsets, bias sums, trunk inputs, rotary tables)
        for _ in range(2):
            forward(static_in)
    torch.cuda.current_stream(x.device).wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(
        graph, capture_error_mode="thread_local"
    ):  # other threads may use the GPU meanwhile
        static_out = forward(static_in)
    return _Captured(signature, graph, static_in, static_out)
