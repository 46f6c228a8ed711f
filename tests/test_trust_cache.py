"""Generation never uses a stale cached value, never returns NaN adapters, and checks its input.

Every kind of change to a parameter (load_state_dict with assign=True, replacing a parameter object,
in-place updates, a round trip through another dtype) must show in the next adapters exactly as in a
hypernetwork freshly built with the same state. The changes are repeated many times so that a cache
keyed on ids or addresses that the allocator reuses would be caught.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from conftest import make_hypernetwork

from hf_t2l import TextToLoRA
from hf_t2l.errors import CheckpointError, EmbeddingsTypeError, InvalidConfigError, InvalidEmbeddingsError

VARIANTS = ["L", "M", "S"]


def _random_state(t2l: TextToLoRA, seed: int, *, zero_offsets: bool = False) -> dict[str, torch.Tensor]:
    """A state dict for ``t2l``'s config with new random heads, biases and (unless told) non-zero offsets."""
    g = torch.Generator().manual_seed(seed)
    state = {}
    for k, v in t2l.state_dict().items():
        fixed = k.startswith(("AB_offset.", "mean_recon_target.", "std_recon_target."))
        if fixed and zero_offsets:
            state[k] = torch.zeros_like(v)
        elif k.startswith(
            ("heads.", "AB_offset.", "out_emb.", "layer_depth_encoder.", "layer_type_encoder.")
        ):
            state[k] = torch.randn(v.shape, generator=g, dtype=v.dtype) * 0.05
        else:
            state[k] = v.clone()
    return state


def _adapters(t2l: TextToLoRA, emb: torch.Tensor) -> list[dict[str, torch.Tensor]]:
    return [{k: v.clone() for k, v in a.state_dict.items()} for a in t2l.generate(task_embeddings=emb)]


def _assert_equals_fresh(t2l: TextToLoRA, emb: torch.Tensor) -> None:
    """``t2l.generate`` equals the generation of a hypernetwork built anew and loaded with its state."""
    fresh = TextToLoRA(t2l.config)
    fresh.load_state_dict({k: v.detach().clone() for k, v in t2l.state_dict().items()})
    got, want = _adapters(t2l, emb), _adapters(fresh, emb)
    for g, w in zip(got, want, strict=True):
        assert g.keys() == w.keys()
        for k in w:
            torch.testing.assert_close(g[k], w[k], rtol=1e-6, atol=1e-7, msg=lambda m, k=k: f"{k}: {m}")


@pytest.mark.parametrize("variant", VARIANTS)
def test_load_state_dict_with_assign_is_never_served_from_a_stale_cache(variant):
    t2l = make_hypernetwork(variant=variant)
    emb = torch.randn(2, t2l.config.embedding_dim)
    _assert_equals_fresh(t2l, emb)
    for i in range(40):
        # alternate all-zero and non-zero offsets: a cached "this offset is zero" must not survive the swap
        t2l.load_state_dict(_random_state(t2l, seed=i, zero_offsets=i % 2 == 0), assign=True)
        if i % 3 == 2:  # two loads between generations: the freed tensors' ids and addresses come back
            t2l.load_state_dict(_random_state(t2l, seed=100 + i, zero_offsets=i % 2 == 1), assign=True)
        _assert_equals_fresh(t2l, emb)


@pytest.mark.parametrize("variant", VARIANTS)
def test_replaced_parameter_objects_show_in_the_next_adapters(variant):
    t2l = make_hypernetwork(variant=variant)
    cfg = t2l.config
    emb = torch.randn(2, cfg.embedding_dim)
    g = torch.Generator().manual_seed(0)

    def new(p: torch.Tensor, *, zero: bool = False) -> torch.nn.Parameter:
        value = torch.zeros(p.shape) if zero else torch.randn(p.shape, generator=g) * 0.05
        return torch.nn.Parameter(value, requires_grad=p.requires_grad)

    for i in range(30):
        m = cfg.target_modules[i % len(cfg.target_modules)]
        t2l.AB_offset.A[m] = new(t2l.AB_offset.A[m], zero=i % 4 == 0)
        t2l.AB_offset.B[m] = new(t2l.AB_offset.B[m], zero=i % 4 == 1)
        t2l.heads[m].bias = new(t2l.heads[m].bias)
        t2l.layer_depth_encoder[0].weight = new(t2l.layer_depth_encoder[0].weight)
        if cfg.shared_ab_head:
            t2l.out_emb[m]["A"] = new(t2l.out_emb[m]["A"])
        _assert_equals_fresh(t2l, emb)


@pytest.mark.parametrize("variant", VARIANTS)
def test_in_place_changes_show_in_the_next_adapters(variant):
    t2l = make_hypernetwork(variant=variant)
    cfg = t2l.config
    emb = torch.randn(2, cfg.embedding_dim)
    g = torch.Generator().manual_seed(1)
    for i in range(20):
        m = cfg.target_modules[i % len(cfg.target_modules)]
        with torch.no_grad():
            if i % 2 == 0:
                t2l.AB_offset.B[m].add_(torch.randn(t2l.AB_offset.B[m].shape, generator=g))
                t2l.heads[m].bias.copy_(torch.randn(t2l.heads[m].bias.shape, generator=g))
            else:
                t2l.AB_offset.B[m].zero_()
                t2l.AB_offset.A[m].copy_(torch.randn(t2l.AB_offset.A[m].shape, generator=g) * 0.1)
            t2l.layer_type_encoder[1].weight.add_(0.1)
            if cfg.shared_ab_head:
                t2l.out_emb_norm.bias.add_(0.1)
        _assert_equals_fresh(t2l, emb)


@pytest.mark.parametrize("variant", VARIANTS)
def test_dtype_round_trips_and_moves_show_in_the_next_adapters(variant):
    t2l = make_hypernetwork(variant=variant)
    emb = torch.randn(2, t2l.config.embedding_dim)
    for i in range(10):
        _assert_equals_fresh(t2l, emb)
        t2l.to(torch.float64)
        with torch.no_grad():  # changed while in float64: the float32 values cached before are stale
            for p in (*t2l.AB_offset.B.values(), *t2l.heads.values()):
                p.add_(0.01 * (i + 1)) if isinstance(p, torch.Tensor) else p.bias.add_(0.01)
        fresh64 = _adapters(t2l, emb.double())
        assert all(v.dtype == torch.float64 for v in fresh64[0].values())
        t2l.to(torch.float32)
        t2l.to("cpu")
        _assert_equals_fresh(t2l, emb)


@pytest.mark.parametrize("variant", VARIANTS)
def test_concurrent_generation_after_changes_equals_serial(variant):
    t2l = make_hypernetwork(variant=variant)
    embs = [
        torch.randn(2, t2l.config.embedding_dim, generator=torch.Generator().manual_seed(i)) for i in range(8)
    ]
    for round_ in range(3):
        t2l.load_state_dict(_random_state(t2l, seed=round_), assign=True)
        serial = [_adapters(t2l, e) for e in embs]
        results: list = [None] * len(embs)
        barrier = threading.Barrier(len(embs))

        def work(k: int) -> None:
            barrier.wait()
            results[k] = [_adapters(t2l, embs[k]) for _ in range(3)]

        threads = [threading.Thread(target=work, args=(k,)) for k in range(len(embs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for k, runs in enumerate(results):
            for run in runs:
                for got, want in zip(run, serial[k], strict=True):
                    assert all(torch.equal(got[key], want[key]) for key in want)


# --- task embeddings -----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("shape", [(384,), (3, 384)])
def test_non_finite_embeddings_are_refused_before_generation(bad, shape):
    t2l = make_hypernetwork()
    emb = torch.randn(shape)
    emb.view(-1)[-1] = bad
    with pytest.raises(InvalidEmbeddingsError, match=r"NaN or inf.*row") as info:
        t2l.generate(task_embeddings=emb)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "bad, received",
    [
        (torch.tensor(1.0), r"0-d tensor"),
        (torch.randn(1, 2, 384), r"3-d tensor"),
        (torch.ones(2, 384, dtype=torch.int64), r"torch\.int64"),
        (torch.ones(384, dtype=torch.bool), r"torch\.bool"),
        (np.ones((1, 384), dtype=np.float32), r"numpy\.ndarray"),
        ([0.1] * 384, r"list"),
        (3, r"int"),
    ],
)
def test_task_embeddings_that_are_not_a_1d_or_2d_float_tensor_are_named(bad, received):
    t2l = make_hypernetwork()
    with pytest.raises(InvalidEmbeddingsError, match=received) as info:
        t2l.generate(task_embeddings=bad)
    assert "torch" in str(info.value) and "384" in str(info.value)  # what to pass instead
    assert isinstance(info.value, InvalidConfigError)
    if not isinstance(bad, torch.Tensor):
        assert isinstance(info.value, (EmbeddingsTypeError, TypeError))


def test_good_embeddings_in_other_float_dtypes_still_work():
    t2l = make_hypernetwork()
    emb = torch.randn(2, 384)
    want = _adapters(t2l, emb)
    got = _adapters(t2l, emb.double())
    for g, w in zip(got, want):
        for k in w:
            torch.testing.assert_close(g[k], w[k])
    large = torch.full((1, 384), 6e4, dtype=torch.float16)  # finite, but its float16 sum overflows to inf
    assert t2l.generate(task_embeddings=large)[0].state_dict


# --- non-finite weights at load ------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_native_folder_with_non_finite_weights_is_refused_at_load(tmp_path, variant, bad):
    from safetensors.torch import load_file, save_file

    t2l = make_hypernetwork(variant=variant)
    t2l.save_pretrained(tmp_path / "h")
    path = tmp_path / "h" / "model.safetensors"
    from safetensors import safe_open

    with safe_open(str(path), "pt") as f:
        metadata = f.metadata()
    state = load_file(str(path))
    key = f"heads.{t2l.config.target_modules[-1]}.weight"
    state[key][3, 5] = bad
    save_file(state, str(path), metadata=metadata)
    with pytest.raises(CheckpointError, match=rf"{key}.*(NaN|inf)") as info:
        TextToLoRA.from_pretrained(tmp_path / "h")
    assert "model.safetensors" in str(info.value)


@pytest.mark.parametrize("bad", [float("nan"), float("-inf")])
def test_reference_folder_with_non_finite_weights_is_refused_at_load(tmp_path, bad):
    from conftest import tiny_llama_config
    from reference_impl import reference_shapes, write_reference_folder

    tiny_llama_config().save_pretrained(tmp_path / "base")
    modules, ins, outs = ["q_proj", "v_proj"], {"q_proj": 64, "v_proj": 64}, {"q_proj": 64, "v_proj": 32}
    args = {
        "model_dir": str(tmp_path / "base"),
        "emb_model": "Alibaba-NLP/gte-large-en-v1.5",
        "hypernet_latent_size": 16,
        "head_in_size": 24,
        "encoder_type": "linear",
        "training_task": "sft",
        "target_modules": modules,
        "shared_AB_head": True,
        "autoreg_gen": False,
    }
    adapter_config = {
        "r": 4,
        "lora_alpha": 16,
        "target_modules": modules,
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
    }
    state = write_reference_folder(
        tmp_path / "ref", args, adapter_config, reference_shapes(args, modules, 2, ins, outs, 4, 48)
    )
    assert TextToLoRA.from_pretrained(tmp_path / "ref").config.variant == "M"  # the intact folder loads
    key = next(k for k in state if k.startswith("mixer.") and k.endswith("weight"))
    state[key].view(-1)[0] = bad
    torch.save(state, tmp_path / "ref" / "hypermod.pt")
    with pytest.raises(CheckpointError, match=rf"{key}.*(NaN|inf)") as info:
        TextToLoRA.from_pretrained(tmp_path / "ref")
    assert "hypermod.pt" in str(info.value)


def test_finite_weights_whose_sum_overflows_still_load(tmp_path):
    from hf_t2l.hub.native_format import check_finite

    state = {
        "heads.q_proj.weight": torch.full((4, 4), 3e38),
        "layer_depth_encoder.0.weight": torch.ones(2, 2),
    }
    assert torch.isinf(state["heads.q_proj.weight"].sum())
    check_finite(state, source="model.safetensors")  # every value is finite: accepted
    state["heads.q_proj.weight"][1, 2] = float("nan")
    with pytest.raises(CheckpointError, match=r"heads\.q_proj\.weight \[4, 4\] holds 1 NaN and 0 inf"):
        check_finite(state, source="model.safetensors")
