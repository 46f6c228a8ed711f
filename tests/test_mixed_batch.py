"""Mixed-adapter batches: one forward or generate over rows with other adapters equals each row alone."""

from __future__ import annotations

import pytest
import torch
from conftest import make_hypernetwork, tiny_llama
from peft import PeftModel

from hf_t2l import AdapterPool
from hf_t2l.errors import InvalidLimitError, MixedBatchError, UnknownAdapterError

DESCS = [f"Answer task number {i} with one word." for i in range(4)]
IDS = torch.tensor(
    [
        [1, 5, 9, 17, 33, 65, 2, 7],
        [3, 8, 13, 21, 34, 55, 89, 4],
        [2, 4, 6, 8, 10, 12, 14, 16],
        [9, 7, 5, 3, 1, 2, 4, 6],
    ]
)


@pytest.fixture(scope="module")
def t2l():
    return make_hypernetwork()


@pytest.fixture(scope="module")
def alone(t2l):
    """Per row: logits and greedy tokens with its adapter loaded the usual way, one row at a time."""
    model = PeftModel.from_description(tiny_llama(), DESCS[0], hypernetwork=t2l, adapter_name="a0")
    for i, d in enumerate(DESCS[1:], 1):
        model.load_description(d, adapter_name=f"a{i}")
    out = {}
    with torch.no_grad():
        for i in range(len(DESCS)):
            model.set_adapter(f"a{i}")
            row = IDS[i : i + 1]
            out[i] = (
                model(input_ids=row).logits[0],
                model.generate(input_ids=row, max_new_tokens=6, do_sample=False, pad_token_id=0)[0],
            )
    return out


def test_mixed_forward_equals_each_row_alone(t2l, alone):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=4)
    ids = pool.load(DESCS)
    with torch.no_grad():
        logits = pool.forward(IDS, adapters=ids).logits
    for i in range(len(DESCS)):
        torch.testing.assert_close(logits[i], alone[i][0], rtol=1e-5, atol=1e-5)
    assert not torch.allclose(alone[0][0], alone[1][0])  # the adapters differ, so row mixing would show


def test_mixed_generate_equals_each_row_alone_with_repeats_and_names(t2l, alone):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=3)
    pool.load(DESCS[2], name="two")
    a0, a1 = pool.load([DESCS[0], DESCS[1]])
    rows = [a0, a1, "two", a0]
    batch = torch.stack([IDS[0], IDS[1], IDS[2], IDS[0]])
    with torch.no_grad():
        out = pool.generate(batch, adapters=rows, max_new_tokens=6, do_sample=False, pad_token_id=0)
    for r, i in enumerate([0, 1, 2, 0]):
        assert torch.equal(out[r], alone[i][1]), r


def test_batch_adapters_are_loaded_and_none_evicted_meanwhile(t2l, alone):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    for i, name in enumerate(["zero", "one", "two", "three"]):
        pool.load(DESCS[i], name=name)  # only the last two stay loaded
    pool.set_adapter("three")  # active, and not in the batch
    with torch.no_grad():  # "zero" and "one" are both loaded again; loading "one" must not evict "zero"
        logits = pool.forward(IDS[[1, 0]], adapters=["one", "zero"]).logits
    torch.testing.assert_close(logits[0], alone[1][0], rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(logits[1], alone[0][0], rtol=1e-5, atol=1e-5)
    assert sorted(pool.adapters) == sorted([pool.names["zero"], pool.names["one"]])


def test_bad_mixed_batches_are_named_errors(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=2)
    ids = pool.load(DESCS[:2])
    with pytest.raises(MixedBatchError, match="3 entries for a batch of 2 rows"):
        pool.forward(IDS[:2], adapters=[*ids, ids[0]])
    with pytest.raises(MixedBatchError, match="list of adapter names"):
        pool.forward(IDS[:1], adapters=ids[0])
    with pytest.raises(MixedBatchError):
        pool.forward(IDS[:2], adapters=[ids[0], 3])
    with pytest.raises(UnknownAdapterError):
        pool.forward(IDS[:2], adapters=[ids[0], "nobody"])
    more = pool.load(DESCS[2])
    with pytest.raises(InvalidLimitError, match="3 distinct adapters but the pool holds at most 2"):
        pool.forward(IDS[:3], adapters=[ids[0], ids[1], more])


def test_loading_a_list_keeps_its_loaded_adapters(t2l):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=3)
    a, b, d = pool.load([DESCS[0], DESCS[1], DESCS[3]])
    pool.set_adapter(d)  # a is now the least recently used, and not active
    c, a2 = pool.load([DESCS[2], DESCS[0]])  # placing c must evict b, not a (a is in the same list)
    assert a2 == a and sorted(pool.adapters) == sorted([a, c, d]) and b not in pool
