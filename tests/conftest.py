"""Shared fixtures: tiny random Llama models for fast tests, and the real offline models."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
import threading


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def uvicorn_in_thread(app):
    """Serve ``app`` with real uvicorn on a free loopback port in a thread; yields (port, thread)."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        threading.Event().wait(0.05)
    try:
        yield port, thread
    finally:
        server.should_exit = True
        thread.join(timeout=30)


# The Hub client talks only to the loopback Hub server of these tests (tests/hub_server.py), with its
# own cache and a test token; these must be set before huggingface_hub is imported.
HUB_PORT = _free_port()
HUB_TOKEN = "hf_test_write_token"
# The converted SmolLM2 (269 MB, about 20 s to make) is the one of the user's own HF_HOME, made once.
_USER_HF_HOME = os.environ.get("HF_HOME") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "huggingface"
)
os.environ.setdefault("HF_T2L_CACHE", os.path.join(_USER_HF_HOME, "hf_t2l", "models"))
_HF_HOME = tempfile.mkdtemp(prefix="hf_t2l-tests-hf-home-")
os.environ.update(
    HF_ENDPOINT=f"http://127.0.0.1:{HUB_PORT}",
    HF_HOME=_HF_HOME,
    HF_HUB_CACHE=os.path.join(_HF_HOME, "hub"),
    HF_TOKEN=HUB_TOKEN,
    HF_HUB_DISABLE_XET="1",
    HF_HUB_DISABLE_TELEMETRY="1",
    HF_HUB_OFFLINE="0",
    TRANSFORMERS_OFFLINE="0",
    HF_HUB_DISABLE_PROGRESS_BARS="1",
)

import pytest
import torch

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.offline.bundled import MINILM_ID

TINY = dict(
    hidden_size=64,
    intermediate_size=128,
    num_hidden_layers=2,
    num_attention_heads=4,
    num_key_value_heads=2,
    vocab_size=128,
    max_position_embeddings=64,
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
        base_config or tiny_llama_config(),
        encoder=MINILM_ID,
        embedding_dim=384,
        variant=variant,
        latent_size=kw.pop("latent_size", 32),
        head_in_size=kw.pop("head_in_size", 64),
        **kw,
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

    with HubServer(
        tmp_path_factory.mktemp("hub"), port=HUB_PORT, tokens={HUB_TOKEN: "write", "hf_read_only": "read"}
    ) as server:
        yield server


@pytest.fixture
def tiny_model():
    return tiny_llama()


@pytest.fixture(scope="session")
def smollm2_dir():
    from hf_t2l.offline.bundled import smollm2_path

    return smollm2_path()


def logits(model, ids=None) -> torch.Tensor:
    ids = torch.tensor([[1, 5, 9, 17, 33, 65, 2, 7]]) if ids is None else ids
    with torch.no_grad():
        return model(input_ids=ids).logits


CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "red",
    "green",
    "blue",
    "cat",
    "dog",
    "one",
    "two",
    "three",
    "yes",
    "no",
]


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory):
    """A tiny Llama with a word-level tokenizer and a chat template, saved as a model folder."""
    from tokenizers import AddedToken, Regex, Tokenizer, models, pre_tokenizers
    from transformers import LlamaForCausalLM, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-base")
    specials = ["<pad>", "<|im_start|>", "<|im_end|>", "<unk>"]
    vocab = {w: i for i, w in enumerate(specials + ["user", "assistant", "\n", " ", "word", ":"] + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(Regex(r"\s|:"), behavior="isolated")
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", eos_token="<|im_end|>", unk_token="<unk>"
    )
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    LlamaForCausalLM(
        tiny_llama_config(vocab_size=len(vocab), pad_token_id=0, eos_token_id=2, bos_token_id=1)
    ).save_pretrained(folder)
    return folder


def write_tasks(folder, tasks, split):
    (folder / "tasks").mkdir(parents=True, exist_ok=True)
    (folder / "examples").mkdir(parents=True, exist_ok=True)
    with open(folder / "tasks" / f"{split}.jsonl", "w") as f:
        for task_id, descriptions, _ in tasks:
            f.write(
                json.dumps({"task_id": task_id, "descriptions": descriptions, "metric": "exact_match"}) + "\n"
            )
    with open(folder / "examples" / f"{split}.jsonl", "w") as f:
        for task_id, _, examples in tasks:
            for prompt, response in examples:
                f.write(json.dumps({"task_id": task_id, "prompt": prompt, "response": response}) + "\n")


@pytest.fixture(scope="module")
def toy_tasks(tmp_path_factory):
    """Each task answers every input word with one fixed word, which only the description names.

    Validation uses descriptions worded as never seen in training, on inputs never seen in training.
    """
    folder = tmp_path_factory.mktemp("toy-tasks")

    def task(answer, split):
        if split == "train":
            descriptions = [
                f"Always reply with the word {answer}.",
                f"Answer {answer} whatever the input is.",
            ]
            inputs = WORDS[:10]
        else:
            descriptions = [f"The only correct output is '{answer}'."]
            inputs = WORDS[10:]
        return (f"{split}-{answer}", descriptions, [("word : " + w, answer) for w in inputs])

    answers = ["alpha", "beta", "gamma", "red", "green", "cat", "one", "yes"]
    write_tasks(folder, [task(a, "train") for a in answers], "train")
    write_tasks(folder, [task(a, "heldout") for a in answers[:3]], "heldout")
    return folder
