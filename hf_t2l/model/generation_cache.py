"""What generation keeps between calls, and the one rule that says when a kept value is stale.

Generation reuses values derived from the hypernetwork's fixed inputs (layer and module features,
bias + offset sums, "this offset is all zero", rotary tables) and, on a GPU, captured CUDA graphs.
Each is kept with a :class:`Stamp` of every tensor it was derived from: the tensor object itself
(a weak reference, so a freed tensor whose id or address comes back never matches), its data
pointer, version counter, dtype, device and shape. A kept value is used only while every source
still matches its stamp, so assigning a state dict (``assign=True``), replacing a parameter,
changing one in place, moving or casting the module all make the next call recompute it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

import torch

T = TypeVar("T")


def _mark(t: torch.Tensor) -> tuple:
    return (t.data_ptr(), t._version, t.dtype, t.device, t.shape)


class Stamp:
    """The identity and state of some tensors at one moment; see the module docstring."""

    __slots__ = ("_refs", "_marks", "trackable")

    def __init__(self, tensors: Sequence[torch.Tensor]) -> None:
        # inference tensors have no version counter: an in-place change could not be seen, so nothing
        # derived from them is ever reused
        self.trackable = not any(t.is_inference() for t in tensors)
        self._refs = tuple(weakref.ref(t) for t in tensors)
        self._marks = tuple(_mark(t) for t in tensors) if self.trackable else ()

    def matches(self, tensors: Sequence[torch.Tensor]) -> bool:
        """Whether ``tensors`` are the same objects as when stamped, in the same place and unchanged."""
        if not self.trackable or len(tensors) != len(self._refs):
            return False
        for ref, mark, t in zip(self._refs, self._marks, tensors):
            if ref() is not t or _mark(t) != mark:
                return False
        return True

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stamp) or not (self.trackable and other.trackable):
            return False
        return self._marks == other._marks and all(
            a() is not None and a() is b() for a, b in zip(self._refs, other._refs, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]


class DerivedCache:
    """Values derived from tensors, each kept with the :class:`Stamp` of its sources (thread-safe)."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[Stamp, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, sources: Sequence[torch.Tensor], compute: Callable[[], T]) -> T:
        """The value kept under ``key`` if ``sources`` still match its stamp, else ``compute()`` (kept)."""
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and hit[0].matches(sources):
            return hit[1]
        stamp = Stamp(sources)  # taken first: a change made while computing makes the next call recompute
        value = compute()
        if stamp.trackable:
            with self._lock:
                self._entries[key] = (stamp, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __getstate__(self) -> dict:  # copies and pickles of the module start empty
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]
