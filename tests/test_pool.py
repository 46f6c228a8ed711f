"""AdapterPool: reusable LoRA slots, LRU eviction, names, limits, and the disk cache (tiny real models)."""

from __future__ import annotations

import threading

import pytest
import torch
from conftest import logits, make_hypernetwork, tiny_llama
from peft import PeftModel

from hf_t2l import AdapterPool
from hf_t2l.adapters.cache import AdapterCache
from hf_t2l.adapters.ids import adapter_id
from hf_t2l.errors import AdapterNameError, InvalidLimitError, UnknownAdapterError

DESCS = [f"Answer task number {i} with one word." for i in range(6)]


@pytest.fixture(scope="module")
def t2l():
    return make_hypernetwork()


@pytest.fixture(scope="module")
def reference(t2l):
    """The logits of each description's adapter loaded the usual way (from_description / load_description)."""
    model = PeftModel.from_description(tiny_llama(), DESCS[0], hypernetwork=t2l, adapter_name="a0")
    for i, d in enumerate(DESCS[1:], 1):
        model.load_description(d, adapter_name=f"a{i}")
    out = {}
    for i, d in enumerate(DESCS):
        model.set_adapter(f"a{i}")
        out[d] = logits(model)
    return out


def _slots(pool):
    return [name for name in pool.model.peft_config if name.startswith("t2l_slot_")]


def test_pool_gives_the_logits_of_load_description(t2l, reference):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    for d in DESCS:  # 6 descriptions through 2 slots: most land in a reused slot
        pool.set_adapter(pool.load(d))
        assert torch.equal(logits(pool.model), reference[d]), d
    assert len(_slots(pool)) == 2 and pool.stats["evicted"] == 4
    base = logits(tiny_llama())
    assert not torch.equal(reference[DESCS[0]], base)  # the adapters do change the model


def test_pool_on_a_peft_model_keeps_its_adapters(t2l, reference):
    model = PeftModel.from_description(tiny_llama(), DESCS[0], hypernetwork=t2l, adapter_name="mine")
    pool = AdapterPool(model, t2l, max_adapters=1)
    pool.set_adapter(pool.load(DESCS[1]))
    pool.set_adapter(pool.load(DESCS[2]))
    assert torch.equal(logits(pool.model), reference[DESCS[2]])
    model.set_adapter("mine")
    assert torch.equal(logits(model), reference[DESCS[0]])


def test_same_description_is_not_generated_again(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=3)
    first = pool.load(DESCS[0], name="x")
    assert pool.load("  " + DESCS[0]) == first == adapter_id(t2l, DESCS[0])
    assert pool.stats["generated"] == 1 and pool.stats["in_pool"] == 1 and len(pool) == 1


def test_lru_eviction_order_and_active_adapter_stays(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    a, b = pool.load(DESCS[1]), pool.load(DESCS[2])
    pool.set_adapter(a)  # a is used again (and active): b is the least recently used
    c = pool.load(DESCS[3])
    assert pool.adapters == [a, c]
    d = pool.load(DESCS[4])  # a is the least recently used but active: c goes
    assert pool.adapters == [a, d] and pool.active_adapter == a
    assert b not in pool and c not in pool


def test_limits_bound_the_slots(t2l):
    one = t2l.generate(DESCS[0]).nbytes
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=10, max_bytes=int(2.5 * one))
    pool.load(DESCS)
    assert pool.capacity == 2 and len(pool) == 2 and len(_slots(pool)) == 2
    lora = sum(p.numel() * p.element_size() for n, p in pool.model.named_parameters() if "lora_" in n)
    assert lora <= 2.5 * one


def test_names_set_and_delete_as_in_peft(t2l, reference):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    pool.load(DESCS[0], name="first")
    pool.load(DESCS[1], name="second")
    pool.set_adapter("first")
    pool.load(DESCS[2]), pool.load(DESCS[3])  # "second" is evicted; its name stays
    second = adapter_id(t2l, DESCS[1])
    assert second not in pool.adapters and pool.names["second"] == second
    assert pool.set_adapter("second") == adapter_id(t2l, DESCS[1])  # loaded again
    assert torch.equal(logits(pool.model), reference[DESCS[1]])
    pool.delete_adapter("second")  # the active one: the other loaded adapter becomes active
    assert "second" not in pool and pool.active_adapter == adapter_id(t2l, DESCS[0])
    assert torch.equal(logits(pool.model), reference[DESCS[0]])
    pool.delete_adapter(pool.active_adapter)  # by id: the last one, so the model is the base model again
    assert len(pool) == 0 and "first" not in pool
    assert torch.allclose(logits(pool.model), logits(tiny_llama()), atol=1e-6)
    assert pool.activate(DESCS[4]) == adapter_id(t2l, DESCS[4])  # a description: loaded and activated
    assert torch.equal(logits(pool.model), reference[DESCS[4]]) and len(_slots(pool)) == 2


def test_unknown_adapters_are_named_errors(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    pool.load(DESCS[0], name="known")
    for call in (pool.set_adapter, pool.delete_adapter, pool.adapter):
        with pytest.raises(UnknownAdapterError, match=r"No adapter 'nope' in this pool \(names: \['known'\]"):
            call("nope")
    with pytest.raises(ValueError):  # also a builtin, as PEFT's set_adapter raises
        pool.set_adapter("nope")
    with pytest.raises(AdapterNameError):
        pool.load(DESCS, name="many")


@pytest.mark.parametrize("bad", [0, -3, True, "4", 2.0])
def test_bad_max_adapters(t2l, bad):
    with pytest.raises(InvalidLimitError, match=rf"max_adapters must be an int >= 1.*got {bad!r}"):
        AdapterPool(tiny_llama(), t2l, max_adapters=bad)


@pytest.mark.parametrize("bad", [0, -1, 1.5])
def test_bad_max_bytes(t2l, bad):
    with pytest.raises(InvalidLimitError, match="max_bytes must be a positive int"):
        AdapterPool(tiny_llama(), t2l, max_bytes=bad)


def test_max_bytes_below_one_adapter(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_bytes=1000)
    with pytest.raises(InvalidLimitError, match="smaller than one adapter"):
        pool.load(DESCS[0])


def test_disk_cache_serves_another_pool(t2l, reference, tmp_path):
    cache = AdapterCache(tmp_path)
    first = AdapterPool(tiny_llama(), t2l, max_adapters=2, cache=cache)
    aid = first.load(DESCS[0])
    assert first.stats["generated"] == 1 and aid in cache
    other = make_hypernetwork()  # another object with the same weights: same ids
    second = AdapterPool(tiny_llama(), other, max_adapters=2, cache=cache)
    assert second.set_adapter(aid) == aid  # an id known only to the disk cache
    assert second.stats == {"generated": 0, "from_disk": 1, "in_pool": 0, "evicted": 0}
    assert torch.equal(logits(second.model), reference[DESCS[0]])
    saved = second.adapter(aid)
    assert saved.provenance["adapter_id"] == aid and saved.description == DESCS[0]


def test_concurrent_loads_from_threads(t2l, reference):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=3)
    errors = []

    def work(i):
        try:
            for d in DESCS[i:] + DESCS[:i]:
                pool.load(d)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(pool) == 3 and len(_slots(pool)) == 3
    for aid in pool.adapters:
        pool.set_adapter(aid)
        d = next(d for d in DESCS if adapter_id(t2l, d) == aid)
        assert torch.equal(logits(pool.model), reference[d])


def test_pushed_adapter_carries_its_id(hub, t2l, reference):
    from huggingface_hub import hf_hub_download
    from safetensors import safe_open

    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    aid = pool.load(DESCS[2], name="third")
    repo_id = "tester/pool-pushed-adapter"
    assert "/commit/" in pool.push_to_hub("third", repo_id)
    assert f"`{aid}`" in hub.files(repo_id)["README.md"].decode()
    with safe_open(hf_hub_download(repo_id, "adapter_model.safetensors"), framework="pt") as f:
        assert f.metadata()["hf_t2l_adapter_id"] == aid
    assert torch.equal(logits(PeftModel.from_pretrained(tiny_llama(), repo_id)), reference[DESCS[2]])


def test_pools_of_two_hypernetworks_share_one_model(t2l, reference):
    """A second pool (another hypernetwork) on the first pool's PeftModel gets slots of its own: each
    pool's adapter gives its own logits, before and after the other pool loads and switches."""
    other = make_hypernetwork(seed=1)
    first = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    a = first.load(DESCS[0])
    second = AdapterPool(first.model, other, max_adapters=2)
    b = second.load(DESCS[0])
    assert second.model is first.model and len(_slots(first)) == 2  # two slots, no name taken twice
    alone = AdapterPool(tiny_llama(), other, max_adapters=1)
    alone.set_adapter(alone.load(DESCS[0]))
    expected_b = logits(alone.model)
    assert not torch.equal(expected_b, reference[DESCS[0]])  # the check below can tell them apart
    second.set_adapter(b)
    assert torch.equal(logits(second.model), expected_b)
    first.set_adapter(a)
    assert torch.equal(logits(first.model), reference[DESCS[0]])
    second.load(DESCS[1])  # another slot of the second pool: the first pool's adapter is untouched
    first.set_adapter(a)
    assert torch.equal(logits(first.model), reference[DESCS[0]])
