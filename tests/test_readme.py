"""The code of README.md and of every docs page, run verbatim: every ```python and ```bash block, offline.

Each page runs in its own temporary folder. A page's Python blocks run in order in one process (later
blocks use what earlier ones define, as a reader would); each shell block runs on its own with
``bash -e``. A block right after ``<!-- readme-test: hub|gpu|slow|skip (reason) -->`` is skipped, with
that reason in pytest's report.
Before anything runs, the bundled models are placed into a fresh Hugging Face cache of this test, as
``make install`` does, so the pages' Hub ids resolve offline.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = REPO / "docs"
MARKER = re.compile(r"<!--\s*readme-test:\s*(\w+)\s*(?:\((.*)\))?\s*-->")
FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Block:
    lang: str
    line: int  # 1-based line of the opening fence
    code: str
    skip: str | None  # why it does not run here, or None
    page: str = "README.md"  # the file it is in, relative to the repository

    @property
    def name(self) -> str:
        return f"{self.page}-{self.lang}-line{self.line}"


def readme_blocks(text: str, page: str = "README.md") -> list[Block]:
    """The fenced python/bash blocks of a markdown text, with the skip reason of a marker before each."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start, lang = i, match.group(1)
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        previous = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        marker = MARKER.search(previous)
        skip = None
        if marker:
            skip = f"{page} marks it {marker.group(1)}" + (f": {marker.group(2)}" if marker.group(2) else "")
        if lang in ("python", "bash"):
            blocks.append(Block(lang, start + 1, "\n".join(lines[start + 1 : end]) + "\n", skip, page))
        i = end + 1
    return blocks


PAGES = [README, *sorted(DOCS.rglob("*.md"))]
BLOCKS = [
    block
    for path in PAGES
    for block in readme_blocks(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
]
PYTHON = [b for b in BLOCKS if b.lang == "python" and b.skip is None]
PYTHON_PAGES = sorted({b.page for b in PYTHON}, key=[p.relative_to(REPO).as_posix() for p in PAGES].index)
# What a page's Python blocks write into its folder (a page not listed here writes nothing checked).
WRITES = {
    "README.md": ("french-lora",),
    "docs/getting-started.md": ("french-lora",),
    "docs/guides/from-description.md": ("french-lora", "sort-lora", "my-t2l"),
}

_RUNNER = """
import sys
namespace = {"__name__": "__main__"}
for path in sys.argv[1:]:
    print(f"--- running {path}", file=sys.stderr, flush=True)
    with open(path, encoding="utf-8") as f:
        exec(compile(f.read(), path, "exec"), namespace)
"""


@pytest.fixture(scope="module")
def readme_env(tmp_path_factory):
    """A temporary working folder, an ``hf-t2l`` command on PATH, offline, bundled models in the cache.

    The Hugging Face cache is a fresh one, as on a new machine: other tests put tiny models under real
    Hub ids into the session's shared cache, and the README must not read those.
    """
    from hf_t2l.offline.bundled import install_offline_models

    home = tmp_path_factory.mktemp("hf-home")
    install_offline_models(cache_dir=home / "hub")  # what `make install` does
    work = tmp_path_factory.mktemp("readme")
    bin_dir = tmp_path_factory.mktemp("bin")
    shim = bin_dir / "hf-t2l"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m hf_t2l.cli "$@"\n')
    shim.chmod(0o755)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HF_HOME": str(home),
        "HF_HUB_CACHE": str(home / "hub"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "PATH": os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
    }
    return work, env


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _page_folder(work: Path, page: str) -> Path:
    folder = work / page.replace("/", "__").removesuffix(".md")
    folder.mkdir(exist_ok=True)
    return folder


def test_readme_has_runnable_blocks():
    """The parser finds the blocks of the README and the docs; the usage examples are among those that run."""
    assert len(PYTHON) >= 2 and any(b.lang == "bash" and b.skip is None for b in BLOCKS)
    assert any("from_description" in b.code for b in PYTHON if b.page == "README.md")
    assert any(b.page.startswith("docs/") for b in PYTHON)
    # each page whose effects are checked still runs Python blocks (a moved example moves its checks)
    assert set(WRITES) <= set(PYTHON_PAGES), set(WRITES) - set(PYTHON_PAGES)
    skipped = [b for b in BLOCKS if b.skip]
    print("\n".join(f"skipped {b.name}: {b.skip}" for b in skipped))


@pytest.mark.parametrize("page", PYTHON_PAGES)
def test_readme_python_blocks_run_verbatim(page, readme_env):
    work, env = readme_env
    work = _page_folder(work, page)
    paths = []
    for b in PYTHON:
        if b.page != page:
            continue
        path = work / f"{b.name.replace('/', '__')}.py"
        path.write_text(b.code, encoding="utf-8")
        paths.append(str(path))
    result = _run([sys.executable, "-c", _RUNNER, *paths], cwd=work, env=env)
    assert result.returncode == 0, f"a python block of {page} failed:\n{result.stderr[-6000:]}"
    # what the blocks claim they wrote
    for folder in WRITES.get(page, ()):
        assert (work / folder).is_dir(), f"{folder} missing after the blocks of {page}"
    if "french-lora" in WRITES.get(page, ()):
        assert (work / "french-lora" / "adapter_model.safetensors").is_file()
    # nothing of hf_t2l's own doing is printed (transformers' deprecation via PEFT, PEFT's offline check)
    assert "is_gradient_checkpointing" not in result.stderr
    assert "Could not find a config file" not in result.stderr


@pytest.mark.parametrize(
    "block",
    [
        pytest.param(b, id=b.name, marks=[pytest.mark.skip(reason=b.skip)] if b.skip else [])
        for b in BLOCKS
        if b.lang == "bash"
    ],
)
def test_readme_shell_block_runs_verbatim(block, readme_env):
    work, env = readme_env
    result = _run(["bash", "-e", "-c", block.code], cwd=_page_folder(work, block.page), env=env)
    assert result.returncode == 0, (
        f"{block.page} line {block.line} failed (exit {result.returncode}):\n{block.code}\n"
        f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    )


@pytest.mark.parametrize(
    "block", [pytest.param(b, id=b.name) for b in BLOCKS if b.lang == "python" and b.skip]
)
def test_readme_python_block_not_run_here(block):
    """Python blocks marked hub/gpu: listed in the report with the page's reason."""
    pytest.skip(block.skip)


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readmes_links_point_at_files_that_exist():
    """The README is the front page of the docs: each of its links into the repository names a real file."""
    targets = [t for t in LINK.findall(README.read_text(encoding="utf-8")) if "://" not in t]
    assert any(t.startswith("docs/") for t in targets)
    missing = [t for t in targets if not (REPO / t).exists()]
    assert not missing, f"README.md links to missing files: {missing}"
