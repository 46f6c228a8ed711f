"""Model cards for hypernetworks and generated adapters: card data + Jinja templates in model_cards/."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from huggingface_hub import ModelCard

    from .adapter import GeneratedAdapter
    from .hypernetwork import TextToLoRA

PAPER = "https://arxiv.org/abs/2506.06105"
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*")


def template_path(name: str) -> Path:
    """Path of a card template shipped in the package (``hf_t2l.model_cards``)."""
    try:
        path = Path(str(resources.files("hf_t2l.model_cards").joinpath(name)))
        if path.is_file():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "model_cards" / name  # source checkout


def _hub_id(name: str | None) -> str | None:
    """Only a Hub repo id goes into card metadata (never a local path)."""
    return name if name and _REPO_ID.fullmatch(name) else None


def _fence(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text``, so the text shows verbatim."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def hypernetwork_card(
    t2l: TextToLoRA,
    *,
    repo_id: str | None = None,
    license: str | None = "apache-2.0",
    training_summary: str | None = None,
    origin: str | None = None,
    origin_revision: str | None = None,
    origin_license: str | None = None,
) -> ModelCard:
    """The card of a hypernetwork (rendered from ``model_cards/hypernetwork_card_template.md``)."""
    from huggingface_hub import ModelCard, ModelCardData

    from . import __version__

    c = t2l.config
    base = _hub_id(c.base_model_name_or_path)
    data = ModelCardData(
        base_model=base,
        library_name="hf_t2l",
        license=license,
        tags=["text-to-lora", "hf_t2l", "hypernetwork", "lora", "peft"],
        pipeline_tag="text-generation",
        **({"license_link": f"https://huggingface.co/{origin}"} if license == "other" and _hub_id(origin) else {}),
    )
    modules = ", ".join(f"`{m}` {c.in_features[m]}->{c.out_features[m]}" for m in c.target_modules)
    return ModelCard.from_template(
        data,
        template_path=str(template_path("hypernetwork_card_template.md")),
        model_name=(repo_id or "").split("/")[-1] or f"Text-to-LoRA hypernetwork for {c.base_model_name_or_path}",
        repo_id=repo_id or "path/to/this/hypernetwork",
        base_model=c.base_model_name_or_path,
        hf_t2l_version=__version__,
        num_layers=c.num_layers,
        encoder=c.encoder_name_or_path,
        embedding_dim=c.embedding_dim,
        pooling=c.pooling,
        variant=c.variant,
        latent_size=c.latent_size,
        head_in_size=c.head_in_size,
        num_parameters=f"{t2l.num_parameters():,}",
        target_modules_table=modules,
        rank=c.rank,
        lora_alpha=c.lora_alpha,
        scaling=f"{c.scaling:.4g}",
        scaling_name="rsLoRA (alpha/sqrt(r))" if c.use_rslora else "standard (alpha/r)",
        training_task=c.training_task,
        training_summary=training_summary,
        trust_remote_code=c.encoder_trust_remote_code,
        origin=origin,
        origin_revision=origin_revision,
        origin_license=origin_license or "see the origin repository",
    )


def adapter_card(adapter: GeneratedAdapter, *, repo_id: str | None = None) -> ModelCard:
    """The card of a generated adapter (rendered from ``model_cards/adapter_card_template.md``)."""
    from huggingface_hub import ModelCard, ModelCardData

    prov = adapter.provenance
    lc = adapter.lora_config
    base = lc.base_model_name_or_path or "base-model"
    data = ModelCardData(
        base_model=_hub_id(base),
        library_name="peft",
        pipeline_tag="text-generation",
        tags=["text-to-lora", "hf_t2l", "lora", "peft"],
        base_model_relation="adapter",
    )
    description = adapter.description if adapter.description is not None else "(generated from a task embedding)"
    return ModelCard.from_template(
        data,
        template_path=str(template_path("adapter_card_template.md")),
        model_name=(repo_id or "").split("/")[-1] or "Text-to-LoRA adapter",
        repo_id=repo_id or "path/to/this/adapter",
        base_model=base,
        description=description,
        fence=_fence(description),
        hypernetwork=prov.get("hypernetwork") or "path/to/the/hypernetwork",
        hypernetwork_revision=prov.get("revision"),
        encoder=prov.get("encoder"),
        variant=prov.get("variant"),
        rank=lc.r,
        lora_alpha=lc.lora_alpha,
        target_modules=", ".join(f"`{m}`" for m in sorted(lc.target_modules)),
        use_rslora=lc.use_rslora,
        scaling=f"{adapter.scaling:.4g}",
        scaling_name="rsLoRA, alpha/sqrt(r)" if lc.use_rslora else "standard, alpha/r",
        hf_t2l_version=prov.get("hf_t2l_version"),
    )


