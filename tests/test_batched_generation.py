"""Batched generation of variant S: many descriptions at once give the same adapters as the
training-time forward pass, and each adapter of a batch owns its own tensors."""

import pytest
import torch
from conftest import make_hypernetwork

import hf_t2l.model.fastpath


def _s_hypernetwork(learned: bool):
    t2l = make_hypernetwork(variant="S", learnable_pos_emb=learned, head_use_bias=True)
    with torch.no_grad():  # non-zero bias and B offsets, so every term of the fast path is exercised
        g = torch.Generator().manual_seed(7)
        for m, head in t2l.heads.items():
            head.bias.copy_(torch.randn(head.bias.shape, generator=g) * 0.1)
            t2l.AB_offset.B[m].copy_(torch.randn(t2l.AB_offset.B[m].shape, generator=g) * 0.1)
    return t2l


@pytest.mark.parametrize("learned", [False, True])
def test_s_batch_over_several_chunks_equals_the_training_forward(learned, monkeypatch):
    t2l = _s_hypernetwork(learned)
    cfg = t2l.config
    rows = len(cfg.target_modules) * 2 * cfg.num_layers * cfg.rank
    monkeypatch.setattr(hf_t2l.model.fastpath, "_TAIL_ROWS", 2 * rows)  # chunks of 2 descriptions: 2 + 2 + 1
    emb = torch.randn(5, 384)
    adapters = t2l.generate(task_embeddings=emb)
    with torch.no_grad():
        expected = t2l(emb)  # the general (training) path, stacked
    for m, (A, B) in expected.items():
        for k, adapter in enumerate(adapters):
            for layer in range(cfg.num_layers):
                got_a = adapter.state_dict[cfg.peft_key(m, layer, "A")]
                got_b = adapter.state_dict[cfg.peft_key(m, layer, "B")]
                torch.testing.assert_close(got_a, A[k, layer], rtol=1e-5, atol=1e-6)
                torch.testing.assert_close(got_b, B[k, layer], rtol=1e-5, atol=1e-6)
                assert got_a.is_contiguous() and got_b.is_contiguous()


def test_each_s_adapter_of_a_batch_owns_its_tensors():
    """A kept adapter must not pin the memory of the whole batch it was generated in."""
    t2l = _s_hypernetwork(False)
    adapters = t2l.generate(task_embeddings=torch.randn(4, 384))
    for adapter in adapters:
        own = sum(v.numel() * v.element_size() for v in adapter.state_dict.values())
        storages = {
            v.untyped_storage().data_ptr(): v.untyped_storage().nbytes() for v in adapter.state_dict.values()
        }
        assert sum(storages.values()) == own  # nothing beyond this adapter's own weights is held
    ptrs = [{v.untyped_storage().data_ptr() for v in a.state_dict.values()} for a in adapters]
    assert all(not (ptrs[i] & ptrs[j]) for i in range(4) for j in range(i + 1, 4))
