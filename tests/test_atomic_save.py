"""Overwriting a saved folder: a failure at any step leaves the complete old or the complete new folder."""

import contextlib
import errno
import os
import shutil
import subprocess

import pytest
import safetensors
import safetensors.torch
import torch
from conftest import make_hypernetwork, tiny_llama
from peft import PeftModel

import hf_t2l  # noqa: F401
from hf_t2l import TextToLoRA
from hf_t2l.errors import SaveError
from hf_t2l.hub.atomic import STAGING_PREFIX

DESC = "Answer with the capital city of the given country."


def snapshot(folder):
    """Every file under ``folder`` with its content (safetensors: metadata and tensors; their header
    order varies from one write to the next)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix == ".safetensors":
            with safetensors.safe_open(str(p), "pt") as f:
                tensors = {k: f.get_tensor(k).numpy().tobytes() for k in f.keys()}  # noqa: SIM118
                out[str(p.relative_to(folder))] = (f.metadata(), tensors)
        elif p.is_file():
            out[str(p.relative_to(folder))] = p.read_bytes()
    return out


def leftovers(folder):
    """Staging folders left inside or next to ``folder``."""
    near = list(folder.parent.iterdir()) + (list(folder.iterdir()) if folder.is_dir() else [])
    return [p.name for p in near if p.name.startswith(STAGING_PREFIX) or ".old" in p.name]


class FailAt:
    """Raise a disk-full OSError at the k-th call of any patched file operation (once)."""

    def __init__(self, k):
        self.k, self.calls, self.fired = k, 0, False

    def wrap(self, fn):
        def wrapper(*args, **kwargs):
            self.calls += 1
            if self.calls == self.k:
                self.fired = True
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            return fn(*args, **kwargs)

        return wrapper


STEPS = [
    (os, "rename"),
    (os, "replace"),
    (os, "link"),
    (os, "mkdir"),
    (shutil, "rmtree"),
    (shutil, "copy2"),
    (safetensors.torch, "save_file"),
]


# writers: (save the "old" content, overwrite with the "new" content), each given the target folder
def _hypernetwork_writers():
    old, new = make_hypernetwork(seed=1), make_hypernetwork(seed=2)
    return (lambda d: old.save_pretrained(d)), (lambda d: new.save_pretrained(d))


def _adapter_writers():
    t2l = make_hypernetwork()
    old, new = t2l.generate("Reply in French."), t2l.generate(DESC)
    return (lambda d: old.save_pretrained(d)), (lambda d: new.save_pretrained(d))


def _peft_model_writers():
    t2l = make_hypernetwork()
    old = PeftModel.from_description(tiny_llama(), "Reply in French.", hypernetwork=t2l)
    new = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    new.load_description("Count the words.", adapter_name="second")
    return (lambda d: hf_t2l.save_adapter(old, str(d))), (lambda d: hf_t2l.save_adapter(new, str(d)))


WRITERS = {
    "hypernetwork": _hypernetwork_writers,
    "adapter": _adapter_writers,
    "peft_model": _peft_model_writers,
}


@contextlib.contextmanager
def tmpfs(path, size):
    """A real tmpfs of ``size`` mounted at ``path`` (a mount point; its own, small disk)."""
    path.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]
    if subprocess.run(mount, capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


@pytest.fixture(params=["sibling", "mount_point"])
def target(request, tmp_path):
    """The folder to overwrite: a plain folder, or a real (tmpfs) mount point where no sibling works."""
    if request.param == "sibling":
        yield tmp_path / "out" / "saved"
        return
    with tmpfs(tmp_path / "mnt", "16m") as mnt:
        yield mnt


def _restore(folder, content):
    if folder.is_dir() and not os.path.ismount(folder):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for entry in list(folder.iterdir()):  # a mount point cannot be removed: empty it
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for name, data in content.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_failure_at_each_step_leaves_old_or_new_content(writer, target, tmp_path, monkeypatch):
    save_old, save_new = WRITERS[writer]()
    save_old(target)
    (target / "notes.txt").write_text("kept: a file the save does not write")
    old = snapshot(target)
    old_files = {str(p.relative_to(target)): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    save_new(target)  # a clean overwrite gives the expected new content
    new = snapshot(target)
    assert new != old and new["notes.txt"] == old["notes.txt"]
    assert snapshot(target) == new  # (the snapshot itself is deterministic)

    k = 0
    while True:
        k += 1
        _restore(target, old_files)
        fail = FailAt(k)
        with monkeypatch.context() as m:
            for module, name in STEPS:
                m.setattr(module, name, fail.wrap(getattr(module, name)))
            try:
                save_new(target)
                error = None
            except SaveError as e:
                error = e
        got = snapshot(target)
        assert got in (old, new), f"failure at step {k}: the folder holds a mix of old and new files"
        assert not leftovers(target), f"failure at step {k} left {leftovers(target)}"
        if error is not None:
            assert got == old and error.errno == errno.ENOSPC and "disk is full" in str(error)
        if not fail.fired:
            break
    assert got == new and k > 4  # the last run (no failure left to inject) completed the save


def test_full_disk_on_a_mount_point_keeps_the_old_folder(tmp_path):
    def q_weight(folder):
        return TextToLoRA.from_pretrained(str(folder)).heads["q_proj"].weight

    with tmpfs(tmp_path / "mnt", "2m") as mnt:
        small = make_hypernetwork(seed=1)
        small.save_pretrained(mnt)
        old = snapshot(mnt)
        big = make_hypernetwork(seed=2, latent_size=512, head_in_size=512)  # more than the disk holds
        with pytest.raises(SaveError, match="disk is full") as info:
            big.save_pretrained(mnt)
        assert info.value.errno == errno.ENOSPC and isinstance(info.value, OSError)
        assert snapshot(mnt) == old and not leftovers(mnt)
        assert torch.equal(q_weight(mnt), small.heads["q_proj"].weight)
        other = make_hypernetwork(seed=3)  # fits: the save swaps the files inside the mount point
        other.save_pretrained(mnt)
        assert torch.equal(q_weight(mnt), other.heads["q_proj"].weight) and not leftovers(mnt)


def test_a_file_in_the_way_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "saved"
    path.write_text("a file")
    with pytest.raises(SaveError, match="is a file, not a folder"):
        make_hypernetwork().save_pretrained(path)
    assert path.read_text() == "a file" and not leftovers(path)


def test_a_resave_keeps_an_edited_readme_and_replaces_the_weights(tmp_path):
    """save_pretrained over a folder keeps its README.md (the mixin's rule) but writes new weights."""
    folder = tmp_path / "t2l"
    make_hypernetwork(seed=1).save_pretrained(folder)
    (folder / "README.md").write_text("# My own card\n", encoding="utf-8")
    (folder / "notes.txt").write_text("kept too", encoding="utf-8")
    newer = make_hypernetwork(seed=2)
    newer.save_pretrained(folder)
    assert (folder / "README.md").read_text(encoding="utf-8") == "# My own card\n"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "kept too"
    again = TextToLoRA.from_pretrained(folder)
    for key, value in newer.state_dict().items():
        assert torch.equal(again.state_dict()[key], value), key
    assert leftovers(folder) == []
