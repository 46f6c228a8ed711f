"""Generation through captured CUDA graphs gives the eager adapters, and follows weight changes.

The CPU tests cover what decides when a graph may be reused; the CUDA tests (run on a GPU machine)
compare graph replays with eager generation.
"""

import copy

import pytest
import torch
from conftest import make_hypernetwork, perturb

from hf_t2l._graphs import GraphedForward

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")


def _nonzero_offsets(t2l, seed=1):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in (*t2l.AB_offset.A.values(), *t2l.AB_offset.B.values()):
            p.copy_(torch.randn(p.shape, generator=g) * 0.01)


def test_state_signature_follows_in_place_changes_replacements_and_moves():
    t2l, watch = make_hypernetwork(), GraphedForward()
    before = watch.signature(t2l)
    assert watch.signature(t2l) == before
    perturb(t2l, seed=3)  # in place, as an optimizer step
    after = watch.signature(t2l)
    assert after != before
    head = t2l.heads[t2l.config.target_modules[0]]
    head.weight = torch.nn.Parameter(head.weight.detach().clone())  # a new tensor in the same place
    replaced = watch.signature(t2l)
    assert replaced != after
    t2l.heads[t2l.config.target_modules[0]] = torch.nn.Linear(head.in_features, head.out_features)  # a new submodule
    assert watch.signature(t2l) != replaced
    moved = watch.signature(t2l)
    t2l.to(torch.float64)
    assert watch.signature(t2l) != moved


def test_copies_and_cpu_generation_work_without_graphs():
    t2l = make_hypernetwork()
    t2l.use_cuda_graphs = True
    clone = copy.deepcopy(t2l)
    emb = torch.randn(2, t2l.config.embedding_dim)
    a, b = t2l.generate(task_embeddings=emb), clone.generate(task_embeddings=emb)
    for x, y in zip(a, b):
        assert all(torch.equal(x.state_dict[k], y.state_dict[k]) for k in x.state_dict)
    assert not t2l._graphed._graphs  # nothing captured off the GPU


def _states(adapters):
    return [{k: v.detach().cpu().clone() for k, v in a.state_dict.items()} for a in adapters]


@cuda
@pytest.mark.parametrize("variant", ["L", "M", "S"])
@pytest.mark.parametrize("n", [1, 3])
def test_graph_replay_equals_eager_generation(variant, n):
    t2l = make_hypernetwork(variant=variant)
    _nonzero_offsets(t2l)
    t2l = t2l.cuda()
    emb = torch.randn(n, t2l.config.embedding_dim, device="cuda")
    t2l.use_cuda_graphs = False
    eager = _states(t2l.generate(task_embeddings=emb))
    t2l.use_cuda_graphs = True
    once = _states(t2l.generate(task_embeddings=emb))  # the first call with this batch size runs eagerly
    assert not t2l._graphed._graphs
    first = t2l.generate(task_embeddings=emb)  # the second captures
    second = _states(t2l.generate(task_embeddings=emb * 2))  # the third replays the same graph, new input
    assert len(t2l._graphed._graphs) == 1
    for e, o in zip(eager, once):
        assert all(torch.equal(o[k], e[k]) for k in e)
    for e, g in zip(eager, _states(first)):  # the first result was not overwritten by the second replay
        for k in e:
            torch.testing.assert_close(g[k], e[k], rtol=1e-5, atol=1e-6)
            assert g[k].is_contiguous()
    t2l.use_cuda_graphs = False
    eager2 = _states(t2l.generate(task_embeddings=emb * 2))
    for e, g in zip(eager2, second):
        for k in e:
            torch.testing.assert_close(g[k], e[k], rtol=1e-5, atol=1e-6)


@cuda
def test_graph_follows_in_place_updates_and_dtype_changes():
    t2l = make_hypernetwork().cuda()
    t2l.use_cuda_graphs = True
    emb = torch.randn(1, t2l.config.embedding_dim, device="cuda")
    t2l.generate(task_embeddings=emb), t2l.generate(task_embeddings=emb)
    assert len(t2l._graphed._graphs) == 1
    perturb(t2l, seed=7)  # an optimizer-like in-place change of the weights
    _nonzero_offsets(t2l, seed=2)
    graphed = _states([t2l.generate(task_embeddings=emb)])[0]
    t2l.use_cuda_graphs = False
    eager = _states([t2l.generate(task_embeddings=emb)])[0]
    for k in eager:
        torch.testing.assert_close(graphed[k], eager[k], rtol=1e-5, atol=1e-6)
    t2l.use_cuda_graphs = True
    t2l.to(torch.bfloat16)
    assert not t2l._graphed._graphs  # moving or casting drops the old graphs
    t2l.generate(task_embeddings=emb)
    half = t2l.generate(task_embeddings=emb)
    assert next(iter(half.state_dict.values())).dtype == torch.bfloat16
    assert len(t2l._graphed._graphs) == 1
    t2l.use_cuda_graphs = False
    half_eager = t2l.generate(task_embeddings=emb)
    for k, v in half.state_dict.items():
        assert torch.equal(v, half_eager.state_dict[k])
