"""Concurrent `from_description` / `load_description` from real threads, each on its own base model."""

import sys
import threading

import torch
from conftest import logits, make_hypernetwork, tiny_llama
from peft import PeftModel, get_peft_model_state_dict

import hf_t2l  # noqa: F401  (registers PeftModel.from_description)

THREADS = 8
TRIALS = 3
DESCRIPTIONS = [f"Task {i}: answer with the {w} word of the sentence." for i, w in enumerate("abcdefgh")]


def _build(t2l, i, base):
    """What each thread does: a PeftModel from one description, then a second adapter added to it."""
    model = PeftModel.from_description(base, DESCRIPTIONS[i], hypernetwork=t2l)
    model.load_description(DESCRIPTIONS[(i + 1) % THREADS], adapter_name="second", hypernetwork=t2l)
    return model


def _fingerprint(model):
    """Logits with each adapter active, and both adapters' weights."""
    out = {}
    for name in ("default", "second"):
        model.set_adapter(name)
        out[f"logits.{name}"] = logits(model)
        weights = get_peft_model_state_dict(model, adapter_name=name)
        out.update({f"{name}.{k}": v.clone() for k, v in weights.items()})
    return out


def test_concurrent_injection_equals_serial_and_leaves_new_modules_on_cpu():
    register_parameter = torch.nn.Module.register_parameter
    t2l = make_hypernetwork()
    # the serial twins (this also loads the encoder once)
    twins = [_fingerprint(_build(t2l, i, tiny_llama(seed=i))) for i in range(THREADS)]
    # all base models are built before any thread starts: their random init uses the global RNG
    bases = [[tiny_llama(seed=i) for i in range(THREADS)] for _ in range(TRIALS)]

    stop = threading.Event()
    seen_devices: set[str] = set()

    def watch():  # someone else's code building modules while we inject
        while not stop.is_set():
            seen_devices.add(torch.nn.Linear(2, 2).weight.device.type)

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to make overlaps likely
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for trial in range(TRIALS):
            barrier = threading.Barrier(THREADS)
            results: list = [None] * THREADS
            errors: list[BaseException] = []

            def work(i):
                try:
                    barrier.wait()
                    results[i] = _build(t2l, i, bases[trial][i])
                except BaseException as e:  # noqa: BLE001 - reported by the main thread
                    errors.append(e)

            threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert not errors, errors
            for i, model in enumerate(results):
                assert not any(p.is_meta for p in model.parameters()), f"thread {i} left meta parameters"
                got = _fingerprint(model)
                assert got.keys() == twins[i].keys()
                for key, want in twins[i].items():
                    assert torch.equal(got[key], want), f"thread {i}: {key} differs from the serial twin"
    finally:
        stop.set()
        watcher.join()
        sys.setswitchinterval(switch)
    assert seen_devices == {"cpu"}, f"modules another thread built during injection went to {seen_devices}"
    assert torch.nn.Linear(2, 2).weight.device.type == "cpu"
    assert torch.nn.Module.register_parameter is register_parameter
