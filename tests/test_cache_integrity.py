"""Nothing from the adapter cache is served unless it is exactly what its id promises (real files, real pool).

The cache folder is shared by every process with the same HF_HOME, so each test writes an entry the
normal way (``AdapterCache.put``), then damages or forges it as another process could, and checks that
the pool answers as with a freshly generated adapter (or a named error for an id alone) and keeps working.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
from pathlib import Path

import httpx
import pytest
import safetensors.torch
import torch
from conftest import logits, make_hypernetwork, tiny_llama, uvicorn_in_thread
from peft import PeftModel
from safetensors import safe_open

from hf_t2l import AdapterPool, cli
from hf_t2l.adapters.cache import AdapterCache
from hf_t2l.adapters.ids import adapter_id, stamp_adapter_id
from hf_t2l.adapters.integrity import DIGEST_KEY, LORA_KEY, content_digest
from hf_t2l.errors import AdapterCacheCorruptError, IncompatibleAdapterError, UnknownAdapterError

DESCS = [f"Answer cache task number {i} with one word." for i in range(3)]
WEIGHTS, CONFIG = "adapter_model.safetensors", "adapter_config.json"


@pytest.fixture(scope="module")
def t2l():
    return make_hypernetwork()


@pytest.fixture(scope="module")
def reference(t2l):
    """Each description's logits with its adapter generated and loaded the usual way."""
    out = {}
    for d in DESCS:
        out[d] = logits(PeftModel.from_description(tiny_llama(), d, hypernetwork=t2l))
    return out


def _stamped(t2l, description, *, generator=None):
    """``generator``'s adapter for ``description``, under the id of ``t2l``'s (a forgery if they differ)."""
    return stamp_adapter_id((generator or t2l).generate(description), adapter_id(t2l, description))


def _read(folder: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    with safe_open(str(folder / WEIGHTS), framework="pt") as f:
        return {k: f.get_tensor(k) for k in f.keys()}, dict(f.metadata())  # noqa: SIM118


def _write(folder: Path, tensors, meta, *, rehash: bool = False) -> None:
    if rehash:  # a consistent forgery: the content hash recomputed over the changed entry
        meta = {**meta, DIGEST_KEY: content_digest(tensors, meta)}
    safetensors.torch.save_file(tensors, str(folder / WEIGHTS), metadata=meta)


def _edit_config(folder: Path, **changes) -> None:
    data = json.loads((folder / CONFIG).read_text())
    (folder / CONFIG).write_text(json.dumps({**data, **changes}))


def _nan(folder, t2l):
    tensors, meta = _read(folder)
    next(iter(tensors.values())).view(-1)[3] = float("nan")
    _write(folder, tensors, meta, rehash=True)  # even with a matching hash


def _scaled(folder, t2l):
    tensors, meta = _read(folder)
    _write(folder, {k: v * 1000 for k, v in tensors.items()}, meta)


def _flipped(folder, t2l):
    data = bytearray((folder / WEIGHTS).read_bytes())
    data[-7] ^= 0x40  # a byte of the last tensor's data
    (folder / WEIGHTS).write_bytes(bytes(data))


def _other_tensors(folder, t2l):
    _, meta = _read(folder)
    _write(folder, {k: v.clone() for k, v in t2l.generate(DESCS[2]).state_dict.items()}, meta)


def _alpha_config(folder, t2l):
    _edit_config(folder, lora_alpha=1e6)


def _alpha_forged(folder, t2l):
    tensors, meta = _read(folder)
    meta[LORA_KEY] = json.dumps({**json.loads(meta[LORA_KEY]), "lora_alpha": 1e6})
    _edit_config(folder, lora_alpha=1e6)
    _write(folder, tensors, meta, rehash=True)


def _float64(folder, t2l):
    tensors, meta = _read(folder)
    _write(folder, {k: v.double() for k, v in tensors.items()}, meta, rehash=True)


def _modules_to_save(folder, t2l):
    _edit_config(folder, modules_to_save=["lm_head"])


def _huge_config(folder, t2l):
    data = json.loads((folder / CONFIG).read_text())
    data["padding"] = "x" * (50 * 2**20)
    (folder / CONFIG).write_text(json.dumps(data))


def _no_hash(folder, t2l):  # e.g. written by an older hf_t2l
    tensors, meta = _read(folder)
    _write(folder, tensors, {k: v for k, v in meta.items() if k != DIGEST_KEY})


def _other_id(folder, t2l):  # another description's whole entry copied under this id
    other = _stamped(t2l, DESCS[2])
    other.save_pretrained(folder)


TAMPERS = {
    "nan": (_nan, r"NaN or inf"),
    "scaled_x1000": (_scaled, r"content hash does not match"),
    "flipped_bytes": (_flipped, r"content hash does not match"),
    "other_tensors": (_other_tensors, r"content hash does not match"),
    "alpha_1e6_in_config": (_alpha_config, r"lora_alpha"),
    "alpha_1e6_forged": (_alpha_forged, r"lora_alpha"),
    "float64": (_float64, r"is F64; adapters are float16, bfloat16 or float32"),
    "modules_to_save": (_modules_to_save, r"modules_to_save"),
    "config_50mb": (_huge_config, r"bytes, over the \d+ bytes allowed"),
    "no_hash": (_no_hash, r"no content hash"),
    "other_id": (_other_id, r"records the id"),
}


@pytest.mark.parametrize("kind", sorted(TAMPERS))
def test_tampered_entry_is_a_miss_set_aside_and_regenerated(t2l, reference, tmp_path, kind, caplog):
    tamper, reason = TAMPERS[kind]
    cache = AdapterCache(tmp_path)
    aid = adapter_id(t2l, DESCS[0])
    folder = cache.put(_stamped(t2l, DESCS[0]))
    assert cache.get(aid) is not None  # the intact entry is served
    tamper(folder, t2l)
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1, cache=cache)
    with caplog.at_level(logging.WARNING, logger="hf_t2l.adapters.cache"):
        assert pool.activate(DESCS[0]) == aid
    assert pool.stats["from_disk"] == 0 and pool.stats["generated"] == 1  # not served: generated anew
    assert torch.equal(logits(pool.model), reference[DESCS[0]])
    assert any(r.levelno == logging.WARNING and aid in r.getMessage() for r in caplog.records)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".damaged-")]  # set aside, not deleted
    back = cache.get(aid)  # the regenerated adapter replaced it in the cache
    assert back is not None and all(
        torch.equal(back.state_dict[k], v) for k, v in pool.adapter(aid).state_dict.items()
    )
    pool.set_adapter(pool.load(DESCS[1]))  # one slot, still in order
    assert torch.equal(logits(pool.model), reference[DESCS[1]])

    # the same damage met through the cache alone, and by id alone: a named error naming the id
    tamper(cache.path(aid), t2l)
    with pytest.raises(AdapterCacheCorruptError, match=reason) as info:
        cache.read(aid)
    assert aid in str(info.value) and str(tmp_path) not in str(info.value)
    assert isinstance(info.value, UnknownAdapterError) and aid not in cache  # set aside: a plain miss now
    assert cache.get(aid) is None


def test_damaged_entry_asked_for_by_id_is_a_named_error_and_the_pool_keeps_working(t2l, reference, tmp_path):
    cache = AdapterCache(tmp_path)
    aid = adapter_id(t2l, DESCS[0])
    _nan(cache.put(_stamped(t2l, DESCS[0])), t2l)
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1, cache=cache)
    pool.set_adapter(pool.load(DESCS[1]))
    with pytest.raises(
        AdapterCacheCorruptError, match=rf"{aid}.*NaN or inf.*load it again from its description"
    ):
        pool.set_adapter(aid)  # only the id is known: nothing to regenerate from
    assert str(tmp_path) not in str(pool) and pool.adapters == [adapter_id(t2l, DESCS[1])]
    assert torch.equal(logits(pool.model), reference[DESCS[1]])  # the resident adapter is untouched
    with pytest.raises(UnknownAdapterError, match="No adapter"):  # set aside: now simply unknown
        pool.set_adapter(aid)
    assert pool.activate(DESCS[0]) == aid and torch.equal(logits(pool.model), reference[DESCS[0]])


def _foreign(t2l):
    """An adapter of another hypernetwork for the same base (q_proj only, another alpha)."""
    return make_hypernetwork(target_modules=["q_proj"], lora_alpha=64, seed=5)


def test_foreign_adapter_put_under_an_id_is_never_blended_into_a_slot(t2l, reference, tmp_path):
    cache = AdapterCache(tmp_path)
    aid = adapter_id(t2l, DESCS[0])
    assert cache.put(_stamped(t2l, DESCS[0], generator=_foreign(t2l))) is not None  # the normal put
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1, cache=cache)
    pool.set_adapter(pool.load(DESCS[1]))  # the slot holds q and v tensors of another adapter
    assert pool.activate(DESCS[0]) == aid
    assert pool.stats["from_disk"] == 0 and torch.equal(logits(pool.model), reference[DESCS[0]])
    for d in (DESCS[2], DESCS[1]):  # one slot, reused: still in order
        pool.set_adapter(pool.load(d))
        assert torch.equal(logits(pool.model), reference[d])
    slot = pool.model.peft_config[next(iter(pool.model.peft_config))]
    assert slot.lora_alpha == t2l.config.lora_alpha and sorted(slot.target_modules) == ["q_proj", "v_proj"]


def test_foreign_adapter_as_a_pools_first_adapter_does_not_shape_its_slots(t2l, reference, tmp_path):
    cache = AdapterCache(tmp_path)
    aid = adapter_id(t2l, DESCS[0])
    cache.put(_stamped(t2l, DESCS[0], generator=_foreign(t2l)))
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1, cache=cache)
    with pytest.raises(
        AdapterCacheCorruptError, match=rf"{aid}.*LoRA settings .*differ from those its id requires"
    ):
        pool.set_adapter(aid)
    assert len(pool) == 0 and "t2l_slot_0" not in getattr(pool.model, "peft_config", {})
    pool.set_adapter(pool.load(DESCS[1]))
    assert torch.equal(logits(pool.model), reference[DESCS[1]])


@pytest.mark.parametrize("kind", ["foreign", "alpha", "missing_key", "extra_key"])
def test_slot_placement_refuses_a_mismatched_adapter_and_changes_nothing(t2l, reference, kind):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1)
    pool.set_adapter(pool.load(DESCS[1]))
    before = {k: v.clone() for k, v in pool.adapter(pool.active_adapter).state_dict.items()}
    bad = _stamped(t2l, DESCS[0])
    if kind == "foreign":
        bad = _stamped(t2l, DESCS[0], generator=_foreign(t2l))
    elif kind == "alpha":
        bad.lora_config.lora_alpha = 1e6
    else:
        state = dict(bad.state_dict)
        key = next(iter(state))
        if kind == "extra_key":
            state[key.replace("layers.0", "layers.7")] = state[key]
        else:
            del state[key]
        bad.state_dict = state
    with pytest.raises(IncompatibleAdapterError, match="cannot go into a slot of this pool"):
        pool._place(adapter_id(t2l, DESCS[0]), bad)
    assert pool.adapters == [pool.active_adapter] == [adapter_id(t2l, DESCS[1])]
    after = pool.adapter(pool.active_adapter).state_dict
    assert all(torch.equal(after[k], v) for k, v in before.items())
    assert torch.equal(logits(pool.model), reference[DESCS[1]])
    pool.set_adapter(pool.load(DESCS[0]))  # the only slot is still usable
    assert torch.equal(logits(pool.model), reference[DESCS[0]])


# --- a cache folder that cannot be written is a miss, never a failure ------------------------------


def _file_in_place(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    return tmp_path / "file"


def _under_a_file(tmp_path):
    return _file_in_place(tmp_path) / "adapters"


def _disk_full(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device (injected)")

    monkeypatch.setattr(safetensors.torch, "save_file", full)
    return tmp_path / "cache"


@pytest.mark.parametrize("where", ["file_in_place", "under_a_file", "disk_full"])
def test_unwritable_cache_is_a_miss_and_generation_goes_on(
    t2l, reference, tmp_path, monkeypatch, caplog, where
):
    root = _disk_full(tmp_path, monkeypatch) if where == "disk_full" else globals()[f"_{where}"](tmp_path)
    cache = AdapterCache(root)
    with caplog.at_level(logging.WARNING, logger="hf_t2l.adapters.cache"):
        assert cache.put(_stamped(t2l, DESCS[0])) is None
    assert any("Could not write adapter" in r.getMessage() for r in caplog.records)
    assert adapter_id(t2l, DESCS[0]) not in cache and cache.get(adapter_id(t2l, DESCS[0])) is None
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1, cache=cache)
    for d in DESCS[:2]:
        pool.set_adapter(pool.load(d))
        assert torch.equal(logits(pool.model), reference[d])
    assert pool.stats["generated"] == 2
    if where == "disk_full":
        assert not [p for p in root.iterdir()]  # nothing left behind


@pytest.mark.parametrize("args", [["ls"], ["rm", "0" * 32], ["rm", "--all"]])
def test_cli_on_a_cache_folder_that_is_a_file_says_so_in_one_line(tmp_path, capsys, args):
    root = _file_in_place(tmp_path)
    assert cli.main(["cache", *args, "--cache-dir", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot be used" in err and "Traceback" not in err
    assert root.read_text() == "not a folder"


def test_cli_on_a_cache_folder_under_a_file_lists_nothing(tmp_path, capsys):
    assert cli.main(["cache", "ls", "--cache-dir", str(_under_a_file(tmp_path))]) == 0
    assert "0 adapters" in capsys.readouterr().out


def test_cached_adapter_round_trip_records_its_hash_and_settings(t2l, tmp_path):
    cache = AdapterCache(tmp_path)
    adapter = _stamped(t2l, DESCS[0])
    folder = cache.put(adapter)
    tensors, meta = _read(folder)
    assert meta[DIGEST_KEY] == content_digest(tensors, meta)
    lora = json.loads(meta[LORA_KEY])
    assert lora["r"] == t2l.config.rank and lora["lora_alpha"] == t2l.config.lora_alpha
    assert lora["target_modules"] == sorted(t2l.config.target_modules)
    back = cache.get(adapter.provenance["adapter_id"])
    assert back.lora_config.to_dict() == adapter.lora_config.to_dict()
    assert back.description == DESCS[0] and back.provenance == json.loads(meta["hf_t2l"])


# --- through the real server (uvicorn on 127.0.0.1) ---------------------------------------------------


@contextlib.contextmanager
def _serving(pool, tokenizer, *, wait_ms=5):
    from hf_t2l.serving.server import create_app

    app = create_app(pool, tokenizer, max_tokens=4, max_batch=4, wait_ms=wait_ms)
    with uvicorn_in_thread(app) as (port, _):
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
            yield client


def _chat(client, **fields):
    body = {"model": "t2l", "messages": [{"role": "user", "content": "red green blue"}], "max_tokens": 4}
    return client.post("/v1/chat/completions", json={**body, **fields})


def test_server_with_an_unwritable_cache_answers_and_names_no_folder(tiny_base, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    root = _file_in_place(tmp_path)
    pool = AdapterPool(model, make_hypernetwork(model.config), max_adapters=2, cache=AdapterCache(root))
    with _serving(pool, AutoTokenizer.from_pretrained(tiny_base)) as client:
        for d in DESCS[:2]:
            r = _chat(client, description=d)
            assert r.status_code == 200 and str(tmp_path) not in r.text, r.text


def test_server_refuses_a_damaged_cached_id_with_a_400_naming_it(tiny_base, tmp_path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    t2l = make_hypernetwork(model.config)
    cache = AdapterCache(tmp_path / "adapters")
    aid = adapter_id(t2l, DESCS[0])
    _nan(cache.put(_stamped(t2l, DESCS[0])), t2l)
    pool = AdapterPool(model, t2l, max_adapters=2, cache=cache)
    with _serving(pool, AutoTokenizer.from_pretrained(tiny_base)) as client:
        r = _chat(client, model=aid)
        assert r.status_code == 400 and aid in r.json()["error"]["message"], r.text
        assert "NaN" in r.text and str(tmp_path) not in r.text
        assert _chat(client, model=aid).status_code == 400  # set aside: now unknown, still a 400
        r = _chat(client, description=DESCS[0])  # the description: generated anew, and cached again
        assert r.status_code == 200 and r.json()["adapter_id"] == aid, r.text
        assert cache.get(aid, expect=pool._spec()) is not None
        assert _chat(client, model=aid).status_code == 200


def test_a_damaged_id_fails_only_its_own_request_in_a_shared_batch(tiny_base, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_base).eval()
    t2l = make_hypernetwork(model.config)
    cache = AdapterCache(tmp_path / "adapters")
    aid = adapter_id(t2l, DESCS[0])
    _nan(cache.put(_stamped(t2l, DESCS[0])), t2l)
    pool = AdapterPool(model, t2l, max_adapters=2, cache=cache)
    # a long collection window: both requests land in one batch
    with _serving(pool, AutoTokenizer.from_pretrained(tiny_base), wait_ms=1500) as client:
        with ThreadPoolExecutor(2) as ex:
            damaged = ex.submit(_chat, client, model=aid)
            healthy = ex.submit(_chat, client, description=DESCS[1])
            damaged, healthy = damaged.result(), healthy.result()
    assert healthy.status_code == 200, healthy.text
    assert damaged.status_code == 400 and aid in damaged.json()["error"]["message"], damaged.text
