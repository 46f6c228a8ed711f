"""Base-model knowledge: default target modules per model_type, layers, module shapes and paths, `T2LConfig`.

Nothing here loads weights: a base model is built on the meta device from its config alone. This module
also gives :class:`~hf_t2l.T2LConfig` its ``from_base_model`` classmethod (see the end of the file), so
that ``config.py`` stays a plain dataclass that knows no model and no encoder. torch, transformers and the
encoder (and peft, for its table of default target modules) are imported inside the functions:
``hf_t2l/__init__`` imports this module, and ``hf-t2l --help`` must answer without importing torch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .constants import BASE_MODEL_ENCODER
from .constants import HYPERNETWORK_DEFAULTS as DEFAULTS
from .errors import IncompatibleBaseModelError, InvalidConfigError, TargetModulesNotFoundError
from .hub.remote_code import is_refusal, load_auto_config, not_trusted
from .model.config import T2LConfig

if TYPE_CHECKING:  # pragma: no cover
    from transformers import PretrainedConfig

__all__ = [
    "BaseModelShapes",
    "check_compatible",
    "config_for_base_model",
    "default_target_modules",
    "inspect_base_model",
    "llama_module_path",
    "shapes_from_model",
]


@dataclass
class BaseModelShapes:
    """What a hypernetwork needs to know of a base model: its layers and its target modules."""

    num_layers: int
    in_features: dict[str, int]
    out_features: dict[str, int]
    module_paths: dict[str, str]


_LAYER_INDEX = re.compile(r"\.(\d+)\.")
_FUSED_QKV = ("qkv_proj", "query_key_value", "c_attn", "Wqkv")


def default_target_modules(model_type: str | None) -> tuple[str, ...]:
    """The modules adapted when ``target_modules`` is not given, for a base config's ``model_type``.

    PEFT's own table of default LoRA targets (``TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING``) is
    read, not copied, so hf_t2l follows the installed PEFT. Where PEFT has no entry, names the same
    modules as T2L's default (``HYPERNETWORK_DEFAULTS.target_modules``, q_proj and v_proj), or gives a
    regex rather than names, T2L's default is the answer. Whether a model can serve the answer (one
    ``nn.Linear`` of that name per decoder layer) is :func:`shapes_from_model`'s to say.
    """
    # peft imports torch and its import hook loads hf_t2l.integration: never at `import hf_t2l`
    from peft.utils.constants import TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING as peft_table

    entry = peft_table.get(model_type) if model_type else None
    if entry is None or isinstance(entry, str) or set(entry) == set(DEFAULTS.target_modules):
        return tuple(DEFAULTS.target_modules)
    return tuple(entry)


def llama_module_path(module: str) -> str:
    """Where a Llama-layout decoder keeps ``module`` (``model.layers.{layer}.self_attn|mlp.<module>``): the
    guess for a checkpoint whose base config cannot be read."""
    block = "mlp" if module in ("gate_proj", "up_proj", "down_proj") else "self_attn"
    return f"model.layers.{{layer}}.{block}.{module}"


def inspect_base_model(
    base_config: PretrainedConfig,
    target_modules: tuple[str, ...] | list[str],
    *,
    trust_remote_code: bool = False,
) -> BaseModelShapes:
    """Find the target modules of a causal LM built from ``base_config`` on the meta device.

    No memory is allocated for weights and nothing is downloaded: the model is only instantiated
    on ``torch.device("meta")`` to read module names and Linear shapes.
    """
    from transformers import AutoModelForCausalLM

    from .model.empty_init import empty_init  # imports torch: hf_t2l/__init__ imports this module

    try:
        with empty_init():  # meta tensors in this thread only: no memory, no other thread affected
            model = AutoModelForCausalLM.from_config(base_config, trust_remote_code=trust_remote_code is True)
    except ValueError as e:
        if is_refusal(e) and trust_remote_code is not True:
            name = getattr(base_config, "_name_or_path", "") or getattr(base_config, "model_type", "?")
            raise not_trusted(name, what="base model", reason="its config maps to custom model code") from e
        raise
    return shapes_from_model(model, target_modules)


def shapes_from_model(model: Any, target_modules: tuple[str, ...] | list[str]) -> BaseModelShapes:
    """Read target-module shapes and path templates from an instantiated model (any device)."""
    import torch.nn as nn

    found: dict[str, dict[int, tuple[str, nn.Module]]] = {m: {} for m in target_modules}
    linear_names: set[str] = set()
    not_linear: dict[str, str] = {}  # target name -> type of a module of that name that is no nn.Linear
    for name, module in model.named_modules():
        leaf = name.rsplit(".", 1)[-1]
        if not isinstance(module, nn.Linear):
            if leaf in found and not hasattr(module, "base_layer"):  # (PEFT's LoRA layers wrap a Linear)
                not_linear.setdefault(leaf, type(module).__name__)
            continue
        if name.endswith(".base_layer"):  # a Linear that PEFT wrapped: its adapted module is the parent
            name = name.rsplit(".", 1)[0]
            leaf = name.rsplit(".", 1)[-1]
        linear_names.add(leaf)
        if leaf not in found:
            continue
        indices = _LAYER_INDEX.findall("." + name)
        if not indices:
            continue  # a module of that name outside the decoder stack (e.g. a vision tower's pooler)
        first = found[leaf].setdefault(int(indices[-1]), (name, module))[0]
        if first != name and _stack(first, indices[-1]) == _stack(name, indices[-1]):  # two in one layer
            raise TargetModulesNotFoundError(
                f"Module {leaf!r} appears twice in layer {indices[-1]} of {type(model).__name__} ({first} "
                f"and {name}); hf_t2l adapts one module of that name per layer (PEFT would adapt both). "
                "Pass target_modules=... with names that are unique in a layer."
            )

    num_layers = getattr(getattr(model, "config", None), "num_hidden_layers", None)
    in_features: dict[str, int] = {}
    out_features: dict[str, int] = {}
    module_paths: dict[str, str] = {}
    for m in target_modules:
        layers = found[m]
        if not layers:
            hint = ""
            if m in not_linear:
                hint = f" Its {m!r} is a {not_linear[m]}, not an nn.Linear, and hf_t2l adapts nn.Linear only."
            elif set(_FUSED_QKV) & linear_names:
                hint = " This model fuses q/k/v into one Linear; target that module instead."
            raise TargetModulesNotFoundError(
                f"The base model ({type(model).__name__}) has no Linear module named {m!r} "
                "inside its layers. "
                f"Its Linear modules are: {sorted(linear_names)}.{hint} "
                "Pass target_modules=... with names from that list."
            )
        n = num_layers if num_layers is not None else len(layers)
        if sorted(layers) != list(range(n)):
            raise TargetModulesNotFoundError(
                f"Module {m!r} appears in layers {sorted(layers)} of {type(model).__name__}, "
                f"expected one per layer 0..{n - 1}; "
                "hf_t2l adapts one module of that name in every decoder layer."
            )
        name0, mod0 = layers[0]
        template = _template(name0, 0)
        shapes = {(mod.in_features, mod.out_features) for _, mod in layers.values()}
        if len(shapes) != 1:
            raise TargetModulesNotFoundError(
                f"Module {m!r} has different shapes across layers ({sorted(shapes)}); "
                "hf_t2l needs one shape per module."
            )
        for i, (name, _) in layers.items():
            if template.format(layer=i) != name:
                raise TargetModulesNotFoundError(
                    f"Module {m!r} is not at the same path in every layer ({name})."
                )
        in_features[m], out_features[m] = mod0.in_features, mod0.out_features
        module_paths[m] = template
        num_layers = n
    assert num_layers is not None
    return BaseModelShapes(num_layers, in_features, out_features, module_paths)


def check_compatible(config: T2LConfig, model: Any) -> None:
    """Check that ``model`` (a loaded base model, PEFT-wrapped or not) has the layers, target-module paths
    and shapes the hypernetwork of ``config`` writes for, as :func:`shapes_from_model` reads them.

    Raises:
        IncompatibleBaseModelError: other number of layers or other in/out features.
        TargetModulesNotFoundError: a target module is missing from the model.
    """
    modules = list(config.target_modules)
    want = BaseModelShapes(
        config.num_layers,
        {m: config.in_features[m] for m in modules},
        {m: config.out_features[m] for m in modules},
        {m: config.module_paths[m] for m in modules},
    )
    try:
        got = shapes_from_model(model, modules)
    except TargetModulesNotFoundError as e:
        raise _missing_module(config, model) or e from None
    if got == want:
        return
    if got.module_paths != want.module_paths and (missing := _missing_module(config, model)) is not None:
        raise missing
    built_for = (
        f"Hypernetwork for {config.base_model_name_or_path!r} was built for a base with {_describe(want)}"
    )
    fix = "Pick the hypernetwork for this base model, or train one with `hf-t2l train`."
    if got.num_layers != want.num_layers:
        raise IncompatibleBaseModelError(f"{built_for}; got a model with {_describe(got)}. {fix}")
    for m in modules:
        if got.module_paths[m] != want.module_paths[m]:
            raise TargetModulesNotFoundError(
                f"{built_for}, its {m!r} at {want.module_paths[m]!r}; the model has it at "
                f"{got.module_paths[m]!r}. {fix}"
            )
        shape = (got.in_features[m], got.out_features[m])
        if shape != (want.in_features[m], want.out_features[m]):
            path = got.module_paths[m].format(layer=0)
            raise IncompatibleBaseModelError(
                f"{built_for}; got a model whose {path} is {shape[0]}->{shape[1]}. {fix}"
            )


def _missing_module(config: T2LConfig, model: Any) -> TargetModulesNotFoundError | None:
    """The error for the first target module of ``config`` that is not at its path in ``model``."""
    for m in config.target_modules:
        path = config.module_paths[m].format(layer=0)
        try:
            model.get_submodule(path)
        except AttributeError:
            return TargetModulesNotFoundError(
                f"The model ({type(model).__name__}) has no module {path!r}, where the hypernetwork "
                f"writes its {m!r} adapter. Load the base as AutoModelForCausalLM "
                f"({config.base_model_name_or_path!r}), or use a hypernetwork built for this "
                "architecture."
            )
    return None


def _describe(shapes: BaseModelShapes) -> str:
    mods = " and ".join(f"{m} {shapes.in_features[m]}->{shapes.out_features[m]}" for m in shapes.in_features)
    return f"{shapes.num_layers} layers" + (f" and {mods}" if mods else "")


def _stack(name: str, layer: str) -> str:
    """The path of the layer stack that ``name`` is in (``name`` up to ``.<layer>.``)."""
    return ("." + name)[: ("." + name).rfind(f".{layer}.")]


def _template(name: str, layer: int) -> str:
    parts = name.split(".")
    # the last numeric component is the layer index (e.g. model.layers.0.self_attn.q_proj)
    idx = max(i for i, p in enumerate(parts) if p == str(layer))
    parts[idx] = "{layer}"
    return ".".join(parts)


def _default_not_served(
    model_type: str | None, modules: tuple[str, ...], error: TargetModulesNotFoundError
) -> TargetModulesNotFoundError:
    """The error for a model whose default target modules (:func:`default_target_modules`) it cannot serve."""
    source = "T2L's default" if modules == tuple(DEFAULTS.target_modules) else "PEFT's default"
    return TargetModulesNotFoundError(
        f"The default target modules for model_type {model_type!r} ({', '.join(modules)}: {source}) "
        f"cannot be adapted by hf_t2l. {error} To adapt this model, pass target_modules=[...] to "
        "T2LConfig.from_base_model (hf-t2l init: --target-modules a,b)."
    )


def _describe_encoder(
    encoder: Any, embedding_dim: int | None, trust_remote_code: bool = False
) -> tuple[str, int]:
    """Return (id to record, embedding dim) for an encoder given as id, path or loaded model."""
    if isinstance(encoder, (str, Path)):
        encoder_id = str(encoder)
        if embedding_dim is None:
            from .model.encoder import encoder_dimension  # imports torch (see above)

            dim = encoder_dimension(encoder_id, trust_remote_code=trust_remote_code)
        else:
            dim = embedding_dim
        return encoder_id, dim
    # a loaded SentenceTransformer
    name = getattr(encoder, "model_card_data", None)
    encoder_id = (
        getattr(name, "base_model", None) or getattr(encoder, "name_or_path", None) or "unknown-encoder"
    )
    return str(encoder_id), embedding_dim or _embedding_dimension(encoder)


def _embedding_dimension(model: Any) -> int:
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = getter()
    if dim is None:
        raise InvalidConfigError(
            "Could not read the encoder's embedding dimension; pass embedding_dim=... explicitly."
        )
    return int(dim)


def config_for_base_model(
    cls: type[T2LConfig],
    base: str | Path | PretrainedConfig,
    *,
    encoder: Any = DEFAULTS.encoder,
    variant: str = DEFAULTS.variant,
    rank: int = DEFAULTS.rank,
    lora_alpha: float = DEFAULTS.lora_alpha,
    target_modules: tuple[str, ...] | list[str] | None = None,
    latent_size: int = DEFAULTS.latent_size,
    head_in_size: int = DEFAULTS.head_in_size,
    base_model_name_or_path: str | None = None,
    revision: str | None = None,
    embedding_dim: int | None = None,
    trust_remote_code: bool = False,
    **kwargs: Any,
) -> T2LConfig:
    """Read shapes and module paths of ``base`` from its config alone (no weights are loaded).

    Args:
        base: A model id, a local model folder, or a transformers ``PretrainedConfig``.
        encoder: A sentence-transformers model id or path (or a loaded ``SentenceTransformer``)
            used to embed descriptions; its embedding dimension is read from it unless
            ``embedding_dim`` is given. ``"base-model"`` has the base LLM itself embed them
            (last-token pooling of its final hidden state, as the reference does when its ``emb_model``
            is empty); the embedding dimension is then its hidden size.
        variant: 'L', 'M' or 'S' (see reference §2), or 'L-autoreg'.
        rank, lora_alpha: LoRA settings of the generated adapters.
        target_modules: Names of the adapted ``nn.Linear`` modules, one per decoder layer (default:
            :func:`default_target_modules` of the base's ``model_type``, PEFT's defaults, else q_proj
            and v_proj).
        latent_size, head_in_size: widths D and H of the hypernetwork.
        base_model_name_or_path: What to record as the base model (default: ``base`` itself,
            or the config's ``_name_or_path``); use the Hub id when ``base`` is a local folder.
        revision: Revision of the base model on the Hub.
        trust_remote_code: Allow the base model's and the encoder's own Python code to run (only
            for repos you trust; default False, as in transformers).
        kwargs: Any other :class:`T2LConfig` field (e.g. ``use_rslora``, ``pooling``).

    Raises:
        TargetModulesNotFoundError: a target module is not found once per decoder layer (for the
            default ones, the message names the model_type and the modules tried).
        RemoteCodeNotTrustedError: the base model or encoder needs remote code and it was not allowed.

    Example:
        >>> from transformers import MistralConfig
        >>> cfg = T2LConfig.from_base_model(MistralConfig(), encoder="my-encoder", embedding_dim=1024)
        >>> cfg.num_layers, cfg.in_features["q_proj"], cfg.out_features["v_proj"]
        (32, 4096, 1024)
    """
    from transformers import PretrainedConfig

    if isinstance(base, PretrainedConfig):
        base_config = base
        recorded = base_model_name_or_path or getattr(base, "_name_or_path", "") or base.model_type
    else:
        base_config = load_auto_config(base, revision=revision, trust_remote_code=trust_remote_code)
        recorded = base_model_name_or_path or str(base)
    model_type = getattr(base_config, "model_type", None)
    modules = default_target_modules(model_type) if target_modules is None else tuple(target_modules)
    try:
        shapes = inspect_base_model(base_config, modules, trust_remote_code=trust_remote_code)
    except TargetModulesNotFoundError as e:
        if target_modules is not None:
            raise
        raise _default_not_served(model_type, modules, e) from None

    if isinstance(encoder, str) and encoder == BASE_MODEL_ENCODER:  # the base LLM reads the descriptions
        encoder_id, encoder_dim = BASE_MODEL_ENCODER, embedding_dim or int(base_config.hidden_size)
        kwargs.setdefault("pooling", "last")
    else:
        encoder_id, encoder_dim = _describe_encoder(encoder, embedding_dim, trust_remote_code)
    return cls(
        base_model_name_or_path=recorded,
        base_model_revision=revision,
        base_model_type=model_type,
        num_layers=shapes.num_layers,
        target_modules=list(modules),
        in_features=shapes.in_features,
        out_features=shapes.out_features,
        module_paths=shapes.module_paths,
        rank=rank,
        lora_alpha=lora_alpha,
        variant=variant,
        latent_size=latent_size,
        head_in_size=head_in_size,
        encoder_name_or_path=encoder_id,
        embedding_dim=encoder_dim,
        **kwargs,
    )


# ``T2LConfig.from_base_model``: the public name of the factory above. It is installed here rather than
# defined in config.py, because the factory needs this module and config.py must not import it.
T2LConfig.from_base_model = classmethod(config_for_base_model)  # type: ignore[assignment]
