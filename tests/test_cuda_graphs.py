"""Generation through captured CUDA graphs gives the eager adapters, and follows weight changes.

The CPU tests cover what decides when a graph is captured, reused, dropped or bypassed, with a
stand-in for the CUDA graph whose replay recomputes into the same static output buffers; the CUDA
tests (run on a GPU machine: bench/gpu_check.sh) compare real graph replays with eager generation.
"""

import copy

import pytest
import torch
from conftest import make_hypernetwork, perturb

from hf_t2l.model.cuda_graphs import GraphedForward, _Captured

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
    t2l.heads[t2l.config.target_modules[0]] = torch.nn.Linear(
        head.in_features, head.out_features
    )  # a new submodule
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


class ReplayOnCpu(GraphedForward):
    """GraphedForward's bookkeeping with a CPU stand-in for the graph: capture runs the forward once
    into static buffers, and replay writes the forward of the static input into those same buffers."""

    def __init__(self) -> None:
        super().__init__()
        self.captures = 0

    def _device_ok(self, x):
        return True

    def _capture(self, forward, x, signature):
        self.captures += 1
        static_in = x.clone()
        static_out = forward(static_in)

        class Replay:
            def replay(self):
                for m, (A, B) in forward(static_in).items():
                    static_out[m][0].copy_(A)
                    static_out[m][1].copy_(B)

        return _Captured(signature, Replay(), static_in, static_out)


def _graphed(variant="L"):
    t2l = make_hypernetwork(variant=variant)
    _nonzero_offsets(t2l)
    t2l._graphed = ReplayOnCpu()
    t2l.use_cuda_graphs = True
    return t2l


def _eager_states(t2l, emb):
    t2l.use_cuda_graphs = False
    try:
        return _states(t2l.generate(task_embeddings=emb))
    finally:
        t2l.use_cuda_graphs = True


def _assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.keys() == y.keys()
        for k in x:
            assert torch.equal(x[k], y[k]), k


@pytest.mark.parametrize("variant", ["L", "M", "S"])
def test_second_call_captures_then_replays_with_owned_outputs(variant):
    t2l = _graphed(variant)
    e1, e2 = torch.randn(2, t2l.config.embedding_dim), torch.randn(2, t2l.config.embedding_dim)
    first = _states(t2l.generate(task_embeddings=e1))
    assert t2l._graphed.captures == 0  # one call with a batch size is not worth a capture
    second = t2l.generate(task_embeddings=e1)
    third = t2l.generate(task_embeddings=e2)
    assert t2l._graphed.captures == 1
    _assert_same(first, _eager_states(t2l, e1))
    _assert_same(_states(second), first)  # not overwritten by the later replay into the same buffers
    _assert_same(_states(third), _eager_states(t2l, e2))
    for adapter in second:
        assert all(v.is_contiguous() for v in adapter.state_dict.values())


def test_weight_changes_recapture_and_batch_sizes_keep_their_own_graphs():
    t2l = _graphed()
    graphs = t2l._graphed
    emb = torch.randn(3, t2l.config.embedding_dim)
    for _ in range(3):
        t2l.generate(task_embeddings=emb)
    assert graphs.captures == 1
    perturb(t2l, seed=11)  # in place, as an optimizer step would
    _assert_same(_states(t2l.generate(task_embeddings=emb)), _eager_states(t2l, emb))
    assert graphs.captures == 2
    name = t2l.config.target_modules[0]
    t2l.heads[name] = torch.nn.Linear(t2l.heads[name].in_features, t2l.heads[name].out_features)  # replaced
    _assert_same(_states(t2l.generate(task_embeddings=emb)), _eager_states(t2l, emb))
    assert graphs.captures == 3
    for n in (1, 2, 4, 5, 6):  # two calls each: every size gets its graph, the oldest are dropped
        e = torch.randn(n, t2l.config.embedding_dim)
        t2l.generate(task_embeddings=e), t2l.generate(task_embeddings=e)
    assert len(graphs._graphs) == graphs.max_graphs
    assert [key[0][0] for key in graphs._graphs] == [2, 4, 5, 6]
    big = torch.randn(graphs.max_batch + 1, t2l.config.embedding_dim)
    before = graphs.captures
    t2l.generate(task_embeddings=big), t2l.generate(task_embeddings=big)
    assert graphs.captures == before  # large batches run eagerly


class FailingCapture(ReplayOnCpu):
    def _capture(self, forward, x, signature):
        raise RuntimeError("operation not permitted when stream is capturing")


class WrongReplay(ReplayOnCpu):
    """A graph whose replays write something else than the eager forward (as a broken capture would)."""

    def _capture(self, forward, x, signature):
        entry = super()._capture(forward, x, signature)
        good = entry.graph

        class Wrong:
            def replay(self):
                good.replay()
                for A, _ in entry.static_out.values():
                    A.mul_(1.5)

        entry.graph = Wrong()
        return entry


@pytest.mark.parametrize("broken", [FailingCapture, WrongReplay])
def test_a_failed_or_wrong_capture_falls_back_to_eager_for_good(caplog, broken):
    t2l = _graphed()
    t2l._graphed = broken()
    emb = torch.randn(1, t2l.config.embedding_dim)
    with caplog.at_level("WARNING"):
        results = [_states(t2l.generate(task_embeddings=emb))[0] for _ in range(3)]
    assert "CUDA graph capture failed" in caplog.text and t2l._graphed.failed
    for r in results:
        _assert_same([r], _eager_states(t2l, emb))


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
    emb = torch.randn(t2l.config.embedding_dim, device="cuda")  # one description: one adapter back
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


def test_bad_embeddings_are_the_callers_error_and_leave_graphs_on():
    from hf_t2l.errors import InvalidConfigError

    t2l = _graphed()
    emb = torch.randn(2, t2l.config.embedding_dim)
    t2l.generate(task_embeddings=emb), t2l.generate(task_embeddings=emb)
    for _ in range(2):
        with pytest.raises(InvalidConfigError, match=r"shape \[n, 384\]"):
            t2l.generate(task_embeddings=torch.randn(2, 100))
    assert not t2l._graphed.failed and len(t2l._graphed._graphs) == 1
