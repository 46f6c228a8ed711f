"""The one road from a ``hypernetwork=`` argument to a loaded TextToLoRA, taken by every caller."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from ..constants import DEFAULT_HYPERNETWORK, DEFAULT_HYPERNETWORK_DIR, MINILM_ID, SMOLLM2_ID, WEIGHTS_NAME
from ..errors import HypernetworkNotFoundError, HypernetworkTypeError
from ..model.config import T2LConfig
from ..model.hypernetwork import TextToLoRA
from ..offline.smollm2 import resolve_base_model
from .releases import RELEASED, released_for

__all__ = ["UNTRAINED_DEFAULT", "is_untrained_default", "resolve_hypernetwork"]

#: The provenance name of the seeded, untrained network that stands in for a missing shipped default.
UNTRAINED_DEFAULT = "hf_t2l default (untrained)"


def resolve_hypernetwork(
    hypernetwork: TextToLoRA | str | Path | None,
    *,
    model_config: Any = None,
    untrained_default: bool = False,
    **load_kwargs: Any,
) -> TextToLoRA:
    """A loaded :class:`~hf_t2l.TextToLoRA` for any accepted ``hypernetwork=`` value.

    Accepted forms:

    - a :class:`~hf_t2l.TextToLoRA`: returned as it is (``load_kwargs`` are not used);
    - ``None``: the released hypernetwork for the base model whose config is ``model_config``
      (:func:`hf_t2l.hub.releases.released_for`); a ``subfolder`` in ``load_kwargs`` wins over the release's;
    - ``"default"``: the hypernetwork shipped inside hf_t2l (for SmolLM2-135M-Instruct); with
      ``untrained_default=True`` an install that ships none gets a seeded, untrained network instead
      (its adapters have delta W = 0; see :func:`is_untrained_default`);
    - the name of a released checkpoint, e.g. ``"mistral_7b_t2l"``: its subfolder of the reference repo;
    - a local folder (``str`` or :class:`~pathlib.Path`), native or reference layout;
    - a Hub repo id, ``"org/name"``.

    A name (``"default"`` or a released checkpoint's) wins over a local folder of that name: write
    ``"./default"`` for the folder. ``load_kwargs`` go to :meth:`TextToLoRA.from_pretrained`
    (``revision``, ``subfolder``, ``token``, ``trust_remote_code``, ...).

    Raises:
        HypernetworkTypeError: ``hypernetwork`` is of another type (e.g. ``3``), or ``None`` without a
            ``model_config`` to pick a released hypernetwork for.
        HypernetworkNotFoundError: no hypernetwork at that folder or repo id, or none released for the
            base model (the message lists the known names).
    """
    if isinstance(hypernetwork, TextToLoRA):
        return hypernetwork
    if hypernetwork is None:
        if model_config is None:
            raise HypernetworkTypeError(
                "hypernetwork=None picks the released hypernetwork for a base model, and no base model was "
                f"given here; pass hypernetwork= ({_FORMS})."
            )
        released = released_for(model_config)
        load_kwargs.setdefault("subfolder", released.subfolder)
        hypernetwork = released.repo_id
    if not isinstance(hypernetwork, (str, Path)):
        raise HypernetworkTypeError(
            f"hypernetwork must be {_FORMS}; got {type(hypernetwork).__name__} {_short_repr(hypernetwork)}."
        )
    name = str(hypernetwork)
    if (
        untrained_default
        and name == DEFAULT_HYPERNETWORK
        and not load_kwargs.get("subfolder")
        and not (DEFAULT_HYPERNETWORK_DIR / WEIGHTS_NAME).is_file()
    ):
        return _untrained_default()
    try:
        return TextToLoRA.from_pretrained(name, **load_kwargs)
    except HypernetworkNotFoundError as e:
        if "/" in name or Path(name).exists():
            raise
        raise HypernetworkNotFoundError(f"{e} Names hf_t2l knows: {', '.join(known_names())}.") from e


def known_names() -> list[str]:
    """The names ``hypernetwork=`` accepts besides folders and repo ids: ``"default"`` and the releases'."""
    return [DEFAULT_HYPERNETWORK, *(rel.name for rel in RELEASED)]


def is_untrained_default(t2l: TextToLoRA) -> bool:
    """Whether ``t2l`` is the untrained stand-in that ``"default"`` gives when nothing ships."""
    return t2l.provenance.get("hypernetwork") == UNTRAINED_DEFAULT


_FORMS = (
    'a TextToLoRA, "default", the name of a released checkpoint (e.g. "mistral_7b_t2l"), '
    'a local folder or a Hub repo id ("org/name")'
)


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _untrained_default() -> TextToLoRA:
    """A freshly initialised (seeded) network for SmolLM2-135M-Instruct + all-MiniLM-L6-v2."""
    state = torch.random.get_rng_state()
    torch.manual_seed(0)
    try:
        config = T2LConfig.from_base_model(
            resolve_base_model(SMOLLM2_ID), encoder=MINILM_ID, base_model_name_or_path=SMOLLM2_ID
        )
        t2l = TextToLoRA(config)
    finally:
        torch.random.set_rng_state(state)
    t2l.provenance = {"hypernetwork": UNTRAINED_DEFAULT, "revision": None}
    return t2l
