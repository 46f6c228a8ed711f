"""Content-addressed adapter ids and the on-disk adapter cache (real files, real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import torch
from conftest import logits, make_hypernetwork, tiny_llama
from peft import PeftModel
from safetensors import safe_open

from hf_t2l import cli
from hf_t2l.adapters.cache import AdapterCache, default_cache_dir
from hf_t2l.adapters.ids import adapter_id, hypernetwork_digest, stamp_adapter_id
from hf_t2l.errors import InvalidAdapterIdError, InvalidLimitError, UnknownAdapterError

TESTS = Path(__file__).resolve().parent
DESC = "Answer with the capital city of the given country."


def _generated(t2l, description=DESC):
    return stamp_adapter_id(t2l.generate(description), adapter_id(t2l, description))


def test_id_is_stable_for_equal_inputs_and_differs_otherwise():
    t2l = make_hypernetwork()
    base = adapter_id(t2l, DESC)
    assert len(base) == 32 and int(base, 16) >= 0
    assert adapter_id(t2l, "  " + DESC + "\n") == base  # as the encoder sees it: stripped
    assert adapter_id(t2l, DESC[:-1]) == base  # the full stop the encoder adds
    assert adapter_id(make_hypernetwork(), DESC) == base  # another object with equal weights
    assert adapter_id(t2l, "Answer with the capital city of the given state.") != base
    assert adapter_id(t2l, DESC, use_rslora=False) != base
    assert adapter_id(t2l, DESC, use_rslora=True) == base  # the config's own scaling, said explicitly
    assert adapter_id(make_hypernetwork(seed=1), DESC) != base
    assert adapter_id(make_hypernetwork(rank=4), DESC) != base


def test_digest_follows_every_weight_change():
    t2l = make_hypernetwork()
    first = hypernetwork_digest(t2l)
    assert hypernetwork_digest(t2l) == first
    before = adapter_id(t2l, DESC)
    with torch.no_grad():
        t2l.mixer[1].weight[0, 0] += 1e-3  # in place: the same tensor object
    assert hypernetwork_digest(t2l) != first and adapter_id(t2l, DESC) != before
    with torch.no_grad():
        t2l.mixer[1].weight[0, 0] -= 1e-3
    offset = t2l.AB_offset.B[t2l.config.target_modules[0]]
    offset.data = torch.ones_like(offset)
    assert hypernetwork_digest(t2l) != first  # a replaced tensor


def test_id_is_stable_across_processes():
    script = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(TESTS)!r})
        from conftest import make_hypernetwork
        from hf_t2l.adapters.ids import adapter_id
        print(adapter_id(make_hypernetwork(), {DESC!r}))
    """)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # another string-hash order than this process
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == adapter_id(make_hypernetwork(), DESC)


def test_put_get_round_trip_records_the_id(tmp_path):
    t2l = make_hypernetwork()
    cache = AdapterCache(tmp_path)
    adapter = _generated(t2l)
    aid = adapter.provenance["adapter_id"]
    assert cache.get(aid) is None and aid not in cache
    folder = cache.put(adapter)
    assert folder == tmp_path / aid and aid in cache
    back = cache.get(aid)
    assert back.description == DESC and back.provenance["adapter_id"] == aid
    assert all(torch.equal(back.state_dict[k], v) for k, v in adapter.state_dict.items())
    with safe_open(str(folder / "adapter_model.safetensors"), framework="pt") as f:
        meta = f.metadata()
    assert meta["hf_t2l_adapter_id"] == aid and json.loads(meta["hf_t2l"])["adapter_id"] == aid
    assert f"| adapter id | `{aid}`" in (folder / "README.md").read_text()
    # a plain PEFT folder: PEFT loads it and gives the generated adapter's logits
    ours = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    peft = PeftModel.from_pretrained(tiny_llama(), folder)
    assert torch.equal(logits(ours), logits(peft))


def test_default_folder_is_under_hf_home():
    assert default_cache_dir() == Path(os.environ["HF_HOME"]) / "hf_t2l" / "adapters"
    assert AdapterCache().root == default_cache_dir()


def test_damaged_entry_is_a_miss(tmp_path):
    cache = AdapterCache(tmp_path)
    adapter = _generated(make_hypernetwork())
    folder = cache.put(adapter)
    weights = folder / "adapter_model.safetensors"
    weights.write_bytes(weights.read_bytes()[:100])
    assert cache.get(adapter.provenance["adapter_id"]) is None


def test_size_bound_evicts_least_recently_used(tmp_path):
    t2l = make_hypernetwork()
    a, b, c = (_generated(t2l, f"Task number {i}.") for i in range(3))
    probe = AdapterCache(tmp_path / "probe", max_bytes=None)
    one = sum(p.stat().st_size for p in probe.put(a).iterdir())
    cache = AdapterCache(tmp_path / "cache", max_bytes=int(2.5 * one))
    ids = [x.provenance["adapter_id"] for x in (a, b, c)]
    cache.put(a), cache.put(b)
    now = time.time()
    os.utime(cache.path(ids[0]), (now - 100, now - 100))  # a used long ago, b less long ago ...
    os.utime(cache.path(ids[1]), (now - 50, now - 50))
    assert cache.get(ids[0]) is not None  # ... then a is read: b is now the least recently used
    cache.put(c)
    assert sorted(e.adapter_id for e in cache.ls()) == sorted([ids[0], ids[2]])
    assert cache.size_bytes() <= 2.5 * one
    assert cache.ls()[0].adapter_id == ids[2]  # most recently used first


_WRITER = """
import sys, time, os; sys.path.insert(0, {tests!r})
from conftest import make_hypernetwork
from hf_t2l.adapters.cache import AdapterCache
from hf_t2l.adapters.ids import adapter_id, stamp_adapter_id
t2l = make_hypernetwork()
adapters = [stamp_adapter_id(t2l.generate(d), adapter_id(t2l, d)) for d in {descriptions!r}]
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.001)
cache = AdapterCache(sys.argv[1])
for a in adapters:
    cache.put(a)
print("ok")
"""


def test_concurrent_writers_leave_one_valid_folder(tmp_path):
    descriptions = [f"Concurrent task {i}." for i in range(6)]
    script = _WRITER.format(tests=str(TESTS), descriptions=descriptions)
    go = tmp_path / "go"
    args = [
        [sys.executable, "-c", script, str(tmp_path / "cache"), str(tmp_path / f"ready{i}"), str(go)]
        for i in range(2)
    ]
    procs = [subprocess.Popen(a, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a in args]
    deadline = time.monotonic() + 600
    while not all((tmp_path / f"ready{i}").exists() for i in range(2)):  # both ready: start them together
        alive = all(p.poll() is None for p in procs)
        assert time.monotonic() < deadline and alive, [p.communicate() for p in procs]
        time.sleep(0.01)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0 and out.strip() == "ok", err[-2000:]
    t2l = make_hypernetwork()
    cache = AdapterCache(tmp_path / "cache")
    ids = {adapter_id(t2l, d) for d in descriptions}
    assert set(os.listdir(tmp_path / "cache")) == ids  # no staging or trash folders left
    for d in descriptions:
        back = cache.get(adapter_id(t2l, d))
        fresh = t2l.generate(d)
        assert back.description == d
        assert all(torch.equal(back.state_dict[k], v) for k, v in fresh.state_dict.items())


def test_cli_ls_and_rm(tmp_path, capsys):
    t2l = make_hypernetwork()
    cache = AdapterCache(tmp_path)
    ids = [cache.put(_generated(t2l, f"Cli task {i}.")).name for i in range(3)]
    assert cli.main(["cache", "ls", "--cache-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert all(i in out for i in ids) and "'Cli task 0.'" in out and "3 adapters" in out
    assert cli.main(["cache", "rm", ids[0], "--cache-dir", str(tmp_path)]) == 0
    assert sorted(e.adapter_id for e in cache.ls()) == sorted(ids[1:])
    assert cli.main(["cache", "rm", ids[0], "--cache-dir", str(tmp_path)]) == 2  # already gone
    assert "No adapter" in capsys.readouterr().err
    assert cli.main(["cache", "rm", "../../etc", "--cache-dir", str(tmp_path)]) == 2
    assert "32 lowercase hex digits" in capsys.readouterr().err
    assert cli.main(["cache", "rm", "--cache-dir", str(tmp_path)]) == 2  # neither ids nor --all
    assert cli.main(["cache", "rm", "--all", "--cache-dir", str(tmp_path)]) == 0
    assert cache.ls() == [] and "Removed 2 adapters" in capsys.readouterr().out


@pytest.mark.parametrize("bad", [0, -1, 1.5, "10", True])
def test_bad_cache_size_is_refused(tmp_path, bad):
    with pytest.raises(InvalidLimitError, match="max_bytes must be a positive int"):
        AdapterCache(tmp_path, max_bytes=bad)


def test_bad_or_unknown_ids_are_refused(tmp_path):
    cache = AdapterCache(tmp_path)
    for bad in ("../x", "ABCDEF" * 6, "", None, "0" * 31):
        with pytest.raises(InvalidAdapterIdError):
            cache.get(bad)
    with pytest.raises(UnknownAdapterError, match="hf-t2l cache ls"):
        cache.remove("0" * 32)
    adapter = make_hypernetwork().generate(DESC)
    with pytest.raises(InvalidAdapterIdError):  # put needs an adapter that carries its id
        cache.put(adapter)


def test_cli_generate_writes_the_id(tmp_path):
    t2l = make_hypernetwork()
    t2l.save_pretrained(tmp_path / "t2l")
    args = ["generate", DESC, "--hypernetwork", str(tmp_path / "t2l"), "--output", str(tmp_path / "out")]
    assert cli.main(args) == 0
    aid = adapter_id(t2l, DESC)
    with safe_open(str(tmp_path / "out" / "adapter_model.safetensors"), framework="pt") as f:
        assert f.metadata()["hf_t2l_adapter_id"] == aid
    assert f"`{aid}`" in (tmp_path / "out" / "README.md").read_text()
