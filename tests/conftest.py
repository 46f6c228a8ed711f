"""Shared fixtures: tiny random Llama models for fast tests, and the real offline models."""

from __future__ import annotations

import os
import socket
import tempfile


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The Hub client talks only to the loopback Hub server of these tests (tests/hub_server.py), with its
# own cache and a test token; these must be set before huggingface_hub is imported.
HUB_PORT = _free_port()
HUB_TOKEN = "hf_test_write_token"
_HF_HOME = tempfile.mkdtemp(prefix="hf_t2l-tests-hf-home-")
os.environ.update(
    HF_ENDPOINT=f"http://127.0.0.1:{HUB_PORT}", HF_HOME=_HF_HOME, HF_HUB_CACHE=os.path.join(_HF_HOME, "hub"),
    HF_TOKEN=HUB_TOKEN, HF_HUB_DISABLE_XET="1", HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_OFFLINE="0",
    TRANSFORMERS_OFFLINE="0", HF_HUB_DISABLE_PROGRESS_BARS="1",
)

import pytest
import torch

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.bundled import MINILM_ID

TINY = dict(
    hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
    vocab_size=128, max_position_embeddings=64,
)


def tiny_llama_config(**overrides):
    from transformers import LlamaConfig

    return LlamaConfig(**{**TINY, **overrides})


def tiny_llama(seed: int = 0, **overrides):
    from transformers import LlamaForCausalLM

    torch.manual_seed(seed)
    model = LlamaForCausalLM(tiny_llama_config(**overrides))
    return model.eval()


def make_hypernetwork(base_config=None, *, variant="L", seed=0, trained_like=True, **kw) -> TextToLoRA:
    """A hypernetwork for the tiny Llama with MiniLM; ``trained_like`` fills the zero heads with noise."""
    torch.manual_seed(seed)
    cfg = T2LConfig.from_base_model(
        base_config or tiny_llama_config(), encoder=MINILM_ID, embedding_dim=384, variant=variant,
        latent_size=kw.pop("latent_size", 32), head_in_size=kw.pop("head_in_size", 64), **kw,
    )
    t2l = TextToLoRA(cfg)
    if trained_like:
        perturb(t2l, seed=seed)
    return t2l


@torch.no_grad()
def perturb(t2l: TextToLoRA, *, seed: int = 0, std: float = 0.05) -> None:
    """Give the (zero-initialised) heads random weights, as a trained hypernetwork would have."""
    g = torch.Generator().manual_seed(seed + 1)
    for head in t2l.heads.values():
        head.weight.copy_(torch.randn(head.weight.shape, generator=g) * std)


@pytest.fixture(scope="session")
def hub(tmp_path_factory):
    """The loopback Hub server, shared by the session (tests use distinct repo names)."""
    from hub_server import HubServer

    with HubServer(tmp_path_factory.mktemp("hub"), port=HUB_PORT, tokens={HUB_TOKEN: "write", "hf_read_only": "read"}) as server:
        yield server


@pytest.fixture
def tiny_model():
    return tiny_llama()


@pytest.fixture(scope="session")
def smollm2_dir():
    from hf_t2l.bundled import smollm2_path

    return smollm2_path()


def logits(model, ids=None) -> torch.Tensor:
    ids = torch.tensor([[1, 5, 9, 17, 33, 65, 2, 7]]) if ids is None else ids
    with torch.no_grad():
        return model(input_ids=ids).logits
