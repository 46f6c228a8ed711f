"""Finding and loading a hypernetwork: a local folder or a Hub repo, native or reference layout."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from .._version import __version__
from ..constants import (
    CONFIG_NAME,
    DEFAULT_HYPERNETWORK,
    DEFAULT_HYPERNETWORK_DIR,
    REFERENCE_FILES,
    REPO_ID_OR_NAME,
    WEIGHTS_NAME,
    ZERO_TENSORS_KEY,
)
from ..errors import HypernetworkNotFoundError
from ..model.config import T2LConfig
from ..model.empty_init import empty_init
from ..model.task_index import TaskIndex
from ..offline.smollm2 import place_smollm2_quietly
from .download import DownloadOptions, download_hypernetwork
from .native_format import (
    check_weights_header,
    fill_declared_zeros,
    is_fixed,
    load_state_dict_strict,
    read_safetensors,
    save_hypernetwork_files,
    state_shapes,
)
from .reference_format import is_reference_layout, load_reference_folder
from .releases import released_by_name

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA

logger = logging.getLogger(__name__)

__all__ = ["load_hypernetwork", "resolve_folder", "save_hypernetwork_files"]


def resolve_folder(name_or_path: str, options: DownloadOptions | None = None) -> tuple[Path, dict[str, Any]]:
    """Find the folder holding a hypernetwork (downloading only the files needed).

    ``"default"`` names the hypernetwork shipped inside the package (a local folder of that name is
    ``"./default"``); its provenance is ``{"hypernetwork": "default", "revision": <hf_t2l version>}``,
    never a path of this machine. The name of a released checkpoint (e.g. ``"mistral_7b_t2l"``, see
    :mod:`hf_t2l.hub.releases`) is its subfolder of the reference repo. The whole ``hypernetwork=`` road
    (instances, None, the untrained stand-in) is :func:`hf_t2l.hub.resolve.resolve_hypernetwork`.

    ``options`` (revision, subfolder, token, cache ...) apply to a Hub repo; of them, only
    ``subfolder`` applies to a local folder.

    Returns (folder, provenance); provenance["layout"] is "native" or "reference".
    """
    options = options or DownloadOptions()
    subfolder = options.subfolder
    if name_or_path == DEFAULT_HYPERNETWORK and not subfolder:
        return _shipped_default()
    released = None if subfolder else released_by_name(name_or_path)
    if released is not None:
        in_release = dataclasses.replace(options, subfolder=released.subfolder)
        return download_hypernetwork(released.repo_id, in_release)
    local = Path(name_or_path) / (subfolder or "")
    if local.is_dir():
        provenance = {"hypernetwork": name_or_path, "subfolder": subfolder, "revision": None}
        if is_reference_layout(local):
            return local, {**provenance, "layout": "reference"}
        missing = [name for name in (CONFIG_NAME, WEIGHTS_NAME) if not (local / name).is_file()]
        if missing:
            present = sorted(p.name for p in local.iterdir())
            raise HypernetworkNotFoundError(
                f"{local} is not a hf_t2l hypernetwork folder: {', '.join(missing)} missing "
                f"(found {present}); "
                f"a reference T2L folder needs {', '.join(REFERENCE_FILES)}. "
                "Save one with TextToLoRA.save_pretrained(...) or `hf-t2l init`."
            )
        return local, {**provenance, "layout": "native"}
    if _looks_like_path(name_or_path):
        raise HypernetworkNotFoundError(
            f"No folder {local}; pass an existing hypernetwork folder or a Hub repo id such as 'org/name'."
        )
    return download_hypernetwork(name_or_path, options)


def _shipped_default() -> tuple[Path, dict[str, Any]]:
    if not (DEFAULT_HYPERNETWORK_DIR / WEIGHTS_NAME).is_file():
        raise HypernetworkNotFoundError(
            f"This install of hf_t2l has no shipped default hypernetwork ({DEFAULT_HYPERNETWORK_DIR.name}/"
            f"{WEIGHTS_NAME} is missing); reinstall hf_t2l, or pass a hypernetwork folder or Hub repo id."
        )
    place_smollm2_quietly()  # its base model under its Hub id, as the encoder is when it loads
    provenance = {
        "hypernetwork": DEFAULT_HYPERNETWORK,
        "subfolder": None,
        "revision": __version__,
        "layout": "native",
    }
    return DEFAULT_HYPERNETWORK_DIR, provenance


def _looks_like_path(name: str) -> bool:
    """A string that cannot be a Hub repo id ('name' or 'org/name') is taken as a local path."""
    return REPO_ID_OR_NAME.fullmatch(name) is None


def load_hypernetwork(
    cls: type[TextToLoRA],
    name_or_path: str,
    *,
    map_location: str | torch.device = "cpu",
    trust_remote_code: bool = False,
    base_config: Any = None,
    options: DownloadOptions | None = None,
) -> TextToLoRA:
    """Load a native folder/repo (config.json + model.safetensors) or a reference-layout one."""
    folder, provenance = resolve_folder(name_or_path, options)
    if provenance.get("layout") == "reference":
        model = load_reference_folder(
            cls,
            folder,
            map_location=map_location,
            base_config=base_config,
            trust_remote_code=trust_remote_code,
        )
    else:
        config = T2LConfig.from_json_file(folder / CONFIG_NAME)
        # a config that lies about sizes allocates nothing here; meta in this thread only
        # (torch.device("meta") also sets a process-wide default)
        with empty_init():
            model = cls(config)
        check_weights_header(
            state_shapes(model), folder / WEIGHTS_NAME, zeros_key=ZERO_TENSORS_KEY, is_fixed=is_fixed
        )
        state = read_safetensors(folder / WEIGHTS_NAME, device=map_location)
        fill_declared_zeros(model, state, folder / WEIGHTS_NAME, device=map_location)
        load_state_dict_strict(model, state, source=str(folder / WEIGHTS_NAME), owned=True)
    model.provenance = provenance
    if provenance.get("layout") != "reference":
        model.task_index = TaskIndex.load(folder)
    model.trust_remote_code = trust_remote_code is True  # the caller's consent only, never the config's
    model.eval()
    return model
