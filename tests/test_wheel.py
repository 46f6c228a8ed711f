"""The built wheel works on its own: installed (not editable) into a fresh venv, run outside the repo."""

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
