"""Descriptions and task embeddings are checked once on every public road, at its entry (tiny real models).

The real checks of ``hf_t2l.inputs`` run, wrapped to count their calls in every module that uses them.
"""

from __future__ import annotations

import sys
import warnings
from collections import Counter

import pytest
import torch
from conftest import make_hypernetwork, tiny_llama
from peft import PeftModel

import hf_t2l
import hf_t2l.adapters.pool  # noqa: F401  (every module that checks inputs is loaded before counting)
import hf_t2l.inputs
import hf_t2l.integration  # noqa: F401
from hf_t2l import AdapterPool
from hf_t2l.errors import DescriptionTruncatedWarning, DescriptionTypeError, InvalidDescriptionError

CHECKS = ("validate_descriptions", "validate_task_embeddings")
LONG = "Summarise the following very long task description " * 60  # over MiniLM's 256 tokens


@pytest.fixture(scope="module")
def t2l():
    return make_hypernetwork()


@pytest.fixture
def calls(monkeypatch):
    """How often each check of ``hf_t2l.inputs`` ran (the real check runs each time)."""
    counts: Counter = Counter()
    for name in CHECKS:
        real = getattr(hf_t2l.inputs, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            counts[_name] += 1
            return _real(*args, **kwargs)

        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith("hf_t2l") and getattr(module, name, None) is real:
                monkeypatch.setattr(module, name, counted)
    return counts


def _peft(t2l):
    return PeftModel.from_description(tiny_llama(), "Reply in French.", hypernetwork=t2l, adapter_name="one")


def _encode(t2l):
    return t2l.get_encoder().encode


def _generate(t2l):
    return t2l.generate


def _from_description(t2l):
    return lambda d: PeftModel.from_description(tiny_llama(), d, hypernetwork=t2l)


def _from_description_on_a_peft_model(t2l):
    model = _peft(t2l)
    return lambda d: PeftModel.from_description(model, d, hypernetwork=t2l, adapter_name="two")


def _load_description_method(t2l):
    model = _peft(t2l)
    return lambda d: model.load_description(d, adapter_name="two")


def _load_description(t2l):
    model = _peft(t2l)
    return lambda d: hf_t2l.load_description(model, d, adapter_name="two")


def _pool_load(t2l):
    return AdapterPool(tiny_llama(), t2l).load


def _pool_load_list(t2l):
    pool = AdapterPool(tiny_llama(), t2l)
    return lambda d: pool.load([d, "Reply in German."])


def _pool_activate(t2l):
    return AdapterPool(tiny_llama(), t2l).activate


# each public road: a factory (it builds what the road adds to, before anything is counted, and returns
# the road as a function of the description), how many description checks and embedding checks it runs
ROADS = {
    "DescriptionEncoder.encode": (_encode, 1, 0),
    "TextToLoRA.generate": (_generate, 1, 1),
    "PeftModel.from_description": (_from_description, 1, 1),
    "PeftModel.from_description(PeftModel)": (_from_description_on_a_peft_model, 1, 1),
    "PeftModel.load_description": (_load_description_method, 1, 1),
    "hf_t2l.load_description": (_load_description, 1, 1),
    "AdapterPool.load": (_pool_load, 1, 1),
    "AdapterPool.load(list)": (_pool_load_list, 1, 1),
    "AdapterPool.activate": (_pool_activate, 1, 1),
}


def _prepare(road, t2l):
    factory, descriptions, embeddings = ROADS[road]
    return factory(t2l), (descriptions, embeddings)


@pytest.mark.parametrize("road", list(ROADS))
def test_each_public_road_checks_a_description_once(t2l, calls, road):
    run, (descriptions, embeddings) = _prepare(road, t2l)
    calls.clear()
    run("Answer with the capital city of the given country.")
    assert calls["validate_descriptions"] == descriptions, dict(calls)
    assert calls["validate_task_embeddings"] == embeddings, dict(calls)


@pytest.mark.parametrize("road", list(ROADS))
def test_each_public_road_warns_once_for_a_description_over_the_encoders_limit(t2l, road):
    run, _ = _prepare(road, t2l)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        run(LONG)
    truncated = [w for w in seen if issubclass(w.category, DescriptionTruncatedWarning)]
    assert len(truncated) == 1, [str(w.message) for w in truncated]
    assert "limit of 256 tokens (#0: " in str(truncated[0].message)


@pytest.mark.parametrize("road", list(ROADS))
@pytest.mark.parametrize(
    "bad,error,message",
    [
        ("   ", InvalidDescriptionError, "Description 0 is empty or whitespace only"),
        (
            42,
            DescriptionTypeError,
            "A description must be a str or a list of str; got int|Description 0 is a int",
        ),
    ],
)
def test_each_public_road_rejects_a_bad_description_with_the_same_message(t2l, road, bad, error, message):
    run, _ = _prepare(road, t2l)
    with pytest.raises(error, match=message):
        run(bad)


def test_task_embeddings_are_checked_once_and_descriptions_never(t2l, calls):
    emb = torch.randn(2, t2l.config.embedding_dim)
    calls.clear()
    assert len(t2l.generate(task_embeddings=emb)) == 2
    assert calls == Counter({"validate_task_embeddings": 1})


def test_an_evicted_named_adapter_is_made_again_without_checking_its_description_again(t2l, calls):
    pool = AdapterPool(tiny_llama(), t2l, max_adapters=1)
    pool.load("Reply in French.", name="french")
    pool.load("Reply in German.", name="german")  # evicts french (one slot)
    calls.clear()
    pool.set_adapter("french")  # generated again from the description kept with the name
    assert pool.stats["generated"] == 3
    assert calls["validate_descriptions"] == 0, dict(calls)
