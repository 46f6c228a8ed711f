"""Adds `PeftModel.from_description` / `load_description` once peft is imported, before or after hf_t2l."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from typing import Any

_lock = threading.Lock()
_registered = False


def _register() -> None:
    global _registered
    with _lock:
        if _registered:
            return
        _registered = True
    from .integration import register  # imports torch: `import hf_t2l` loads this module

    register()


class _AfterPeftLoader(importlib.abc.Loader):
    """Runs peft's own loader, then registers hf_t2l's methods on ``peft.PeftModel``."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        return self._loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        self._loader.exec_module(module)
        sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _PeftFinder)]
        _register()


class _PeftFinder(importlib.abc.MetaPathFinder):
    """Finds ``peft`` with the other finders and wraps its loader. A spec looked up without an import
    (``importlib.util.find_spec``, as transformers does) changes nothing: the finder stays until peft runs."""

    def __init__(self) -> None:
        self._busy = threading.local()

    def find_spec(
        self, fullname: str, path: Any, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "peft" or getattr(self._busy, "on", False):
            return None
        self._busy.on = True
        try:
            spec = importlib.util.find_spec(fullname)  # the other finders (this one answers None meanwhile)
        finally:
            self._busy.on = False
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _AfterPeftLoader(spec.loader)
        return spec


def register_when_peft_is_imported() -> None:
    """Register now if peft is imported already, else right after peft's own import finishes."""
    if "peft" in sys.modules:
        _register()
    elif not any(isinstance(f, _PeftFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _PeftFinder())
