"""The hypernetwork variants (L, M, S, L-autoreg) as classes, and the registry that names them.

A variant says how wide each output head is, which modules it adds besides the shared trunk, how the
heads' outputs become LoRA A and B, where PEFT's LoRA A init goes, and how its heads are ordered in a
state dict. :class:`~hf_t2l.T2LConfig` validates ``variant`` against :func:`variant_names`, and the CLI
offers the same names. To add a variant, subclass :class:`HypernetworkVariant` (in this module or in
your own) and decorate it with :func:`register_variant`.

This module imports torch only inside methods: ``import hf_t2l`` and the CLI's argument parsing read
the registry and stay torch-free. Shapes: n descriptions, T target modules, L layers, r rank, D latent
size, H head input size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import InvalidConfigError
from ..hub.validation import show

if TYPE_CHECKING:  # pragma: no cover
    import torch

    from .config import T2LConfig
    from .hypernetwork import TextToLoRA

    Weights = dict[str, tuple[Any, Any]]

#: name -> variant class, in registration order (the order the CLI lists them).
REGISTRY: dict[str, type[HypernetworkVariant]] = {}


def register_variant(cls: type[HypernetworkVariant]) -> type[HypernetworkVariant]:
    """Class decorator: make ``cls`` available as ``T2LConfig(variant=cls.name)`` and ``--variant``."""
    if not isinstance(getattr(cls, "name", None), str) or not cls.name:
        raise InvalidConfigError(f"A variant class needs a non-empty str `name`; {cls.__name__} has none.")
    if REGISTRY.get(cls.name, cls) is not cls:
        raise InvalidConfigError(
            f"A variant named {cls.name!r} is already registered ({REGISTRY[cls.name].__name__}); "
            "pick another name."
        )
    REGISTRY[cls.name] = cls
    return cls


def variant_names() -> tuple[str, ...]:
    """The names of the registered variants."""
    return tuple(REGISTRY)


def get_variant(name: str) -> type[HypernetworkVariant]:
    """The variant class registered as ``name``.

    Raises:
        InvalidConfigError: no variant has that name (the message lists the registered ones).
    """
    cls = REGISTRY.get(name) if isinstance(name, str) else None
    if cls is None:
        raise InvalidConfigError(f"variant={show(name)} is not known; use one of {', '.join(REGISTRY)}.")
    return cls


def variant_for_reference(*, shared_ab_head: bool, autoreg_gen: bool) -> type[HypernetworkVariant]:
    """The variant of a reference checkpoint from its args.yaml flags."""
    for cls in REGISTRY.values():
        if cls.reference_flags() == (shared_ab_head, autoreg_gen):
            return cls
    raise InvalidConfigError(
        f"No variant has shared_AB_head={shared_ab_head}, autoreg_gen={autoreg_gen}."
    )  # pragma: no cover (the four flag pairs are all registered)


class HypernetworkVariant:
    """One way of turning the trunk's features into LoRA A and B (see the module docstring).

    Subclasses set :attr:`name` and write :meth:`head_out_size`, :meth:`head_inputs` and
    :meth:`lora_ab`; the rest has defaults: the A/B embeddings of ``shared_ab_head`` variants, the
    rank positions of ``autoreg_gen`` ones, PEFT's A init in ``AB_offset.A``, the state dict as stored.
    Methods are class methods: a variant holds no state of its own, the model does.
    """

    name: ClassVar[str] = ""
    #: One head writes A and B, told apart by a learned per-module embedding (reference ``shared_AB_head``).
    shared_ab_head: ClassVar[bool] = False
    #: The heads write one rank row per pass, at rotary or learned rank positions (reference ``autoreg_gen``).
    autoreg_gen: ClassVar[bool] = False

    @classmethod
    def reference_flags(cls) -> tuple[bool, bool]:
        """``(shared_AB_head, autoreg_gen)`` of the reference's args.yaml."""
        return cls.shared_ab_head, cls.autoreg_gen

    # --- config -------------------------------------------------------------------------------
    @classmethod
    def head_out_size(cls, config: T2LConfig, module: str) -> int:
        """Output width of ``heads.<module>``."""
        raise NotImplementedError

    @classmethod
    def validate(cls, config: T2LConfig) -> None:
        """Checks of the config that this variant needs (raise InvalidConfigError)."""
        if cls.autoreg_gen and not config.learnable_pos_emb and config.latent_size % 2:
            raise InvalidConfigError("rotary rank positions need an even latent_size.")

    # --- modules ------------------------------------------------------------------------------
    @classmethod
    def build(cls, model: TextToLoRA) -> None:
        """Add this variant's modules to ``model`` after the trunk: A/B embeddings, positions, heads."""
        import torch  # noqa: I001  (torch only when a model is built: the registry is read torch-free)
        from torch import nn

        cfg, D = model.config, model.config.latent_size
        if cls.shared_ab_head:
            pairs = {m: {s: nn.Parameter(torch.empty(D)) for s in "AB"} for m in cfg.target_modules}
            model.out_emb = nn.ModuleDict({m: nn.ParameterDict(p) for m, p in pairs.items()})
            model.out_emb_norm = nn.LayerNorm(D)
        if cls.autoreg_gen and cfg.learnable_pos_emb:
            model.pos_emb = nn.Sequential(nn.Embedding(cfg.rank, D), nn.LayerNorm(D))
        model.heads = nn.ModuleDict(
            {
                m: nn.Linear(cfg.head_in_size, cls.head_out_size(cfg, m), bias=cfg.head_use_bias)
                for m in cfg.target_modules
            }
        )

    @classmethod
    def sft_init(cls, model: TextToLoRA) -> None:
        """T2L's SFT initialisation: zero head weights, so the first adapters equal PEFT's LoRA init
        (delta W = B @ A = 0 for every description until the hypernetwork is trained)."""
        import torch  # noqa: I001  (torch only when a model is built: the registry is read torch-free)
        from torch import nn

        with torch.no_grad():
            for module in model.modules():
                if module is not model and hasattr(module, "reset_parameters"):
                    module.reset_parameters()
            if cls.shared_ab_head:
                for pair in model.out_emb.values():
                    for p in pair.values():
                        nn.init.normal_(p)
            for tensors in (model.AB_offset, model.mean_recon_target, model.std_recon_target):
                for p in (*tensors.A.values(), *tensors.B.values()):
                    p.zero_()
            for m in model.config.target_modules:
                head = model.heads[m]
                nn.init.zeros_(head.weight)
                if head.bias is not None:
                    head.bias.zero_()
                cls.init_lora_a(model, m)

    @classmethod
    def init_lora_a(cls, model: TextToLoRA, module: str) -> None:
        """Put PEFT's LoRA A init where this variant's A comes from: by default ``AB_offset.A``, per layer
        (a head shared between A and B, or between rank rows, cannot hold it in one bias)."""
        import torch  # noqa: I001  (torch only when a model is built: the registry is read torch-free)
        from .layers import lora_a_init  # imports torch: see the line above

        cfg = model.config
        inits = [lora_a_init(cfg.rank, cfg.in_features[module]) for _ in range(cfg.num_layers)]
        model.AB_offset.A[module].copy_(torch.stack(inits))

    # --- state dict ---------------------------------------------------------------------------
    @classmethod
    def install_state_order(cls, model: TextToLoRA) -> None:
        """Hooks that convert the heads between the module's order and the state dict's (default: none)."""

    @classmethod
    def reorder_state_in_place(cls, model: TextToLoRA, state: dict[str, torch.Tensor]) -> bool:
        """Put a stored state dict into the module's head order in place; whether that was done."""
        return False

    # --- forward ------------------------------------------------------------------------------
    @classmethod
    def head_inputs(cls, model: TextToLoRA, h: torch.Tensor, ab: torch.Tensor | None) -> torch.Tensor:
        """The heads' input z from the trunk's h [n, T, L, D] and (shared heads) ab [T, 2, D]."""
        raise NotImplementedError

    @classmethod
    def lora_ab(
        cls, model: TextToLoRA, z: torch.Tensor, t: int, module: str
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The heads' output for target module number ``t``: A [n, L, r, in] and B [n, L, out, r]."""
        raise NotImplementedError

    @classmethod
    def weights(
        cls,
        model: TextToLoRA,
        h: torch.Tensor,
        ab: torch.Tensor | None,
        *,
        dense: bool = False,
        raw_scale: bool = True,
    ) -> Weights:
        """``{module: (A, B)}`` from the trunk's output (see :meth:`TextToLoRA.forward`)."""
        from .fastpath import to_raw_scale  # imports torch: the registry is read torch-free

        z = cls.head_inputs(model, h, ab)
        out = {}
        for t, m in enumerate(model.config.target_modules):
            A, B = cls.lora_ab(model, z, t, m)
            out[m] = to_raw_scale(model, m, A, B, dense=dense) if raw_scale else (A, B)
        return out

    @classmethod
    def generate_weights(cls, model: TextToLoRA, x: torch.Tensor) -> Weights:
        """Generation (no autograd, checked embeddings): ``{module: (A_k per description, B_k ...)}``."""
        return {m: (A.unbind(0), B.unbind(0)) for m, (A, B) in model.weights(x, dense=True).items()}


def shared_head_input(h: torch.Tensor, ab: torch.Tensor) -> torch.Tensor:
    """h [n, T, L, D] plus the A/B embeddings [T, 2, D]: [n, T, 2, L, D]."""
    return h[:, :, None] + ab[None, :, :, None]


@register_variant
class L(HypernetworkVariant):
    """One head per module writes A and B at once: r*(in+out) columns, B's part kept in (out, r) order
    inside the module (each layer's B is written contiguous) and in the reference's (r, out) on disk."""

    name = "L"

    @classmethod
    def head_out_size(cls, config: T2LConfig, module: str) -> int:
        return config.rank * (config.in_features[module] + config.out_features[module])

    @classmethod
    def head_inputs(cls, model: TextToLoRA, h: torch.Tensor, ab: torch.Tensor | None) -> torch.Tensor:
        return model.mlp3(model.mlp2(h))  # [n, T, L, H]

    @classmethod
    def lora_ab(cls, model: TextToLoRA, z: torch.Tensor, t: int, module: str) -> tuple[Any, Any]:
        cfg, r = model.config, model.config.rank
        fan_in, fan_out = cfg.in_features[module], cfg.out_features[module]
        y = model.heads[module](z[:, t])  # [n, L, r*(in+out)]
        A = y[..., : r * fan_in].unflatten(-1, (r, fan_in))
        return A, y[..., r * fan_in :].unflatten(-1, (fan_out, r))  # B already in (out, r) order

    @classmethod
    def init_lora_a(cls, model: TextToLoRA, module: str) -> None:
        """The head's bias holds the flattened PEFT A init (A Kaiming-uniform; B's part stays zero)."""
        from .layers import lora_a_init  # imports torch: the registry is read torch-free

        cfg, head = model.config, model.heads[module]
        if head.bias is None:
            super().init_lora_a(model, module)
            return
        fan_in = cfg.in_features[module]
        head.bias[: cfg.rank * fan_in] = lora_a_init(cfg.rank, fan_in).flatten()

    @classmethod
    def install_state_order(cls, model: TextToLoRA) -> None:
        from .state_order import install_state_order_hooks  # imports torch: the registry is read torch-free

        install_state_order_hooks(model)

    @classmethod
    def reorder_state_in_place(cls, model: TextToLoRA, state: dict[str, torch.Tensor]) -> bool:
        from .state_order import reorder_state_in_place  # imports torch: the registry is read torch-free

        return reorder_state_in_place(model, state)


@register_variant
class M(HypernetworkVariant):
    """One head per module writes A or B (told apart by a learned embedding), r rows of max(in, out)
    columns; only the columns A and B keep are computed."""

    name = "M"
    shared_ab_head = True

    @classmethod
    def head_out_size(cls, config: T2LConfig, module: str) -> int:
        return config.rank * max(config.in_features[module], config.out_features[module])

    @classmethod
    def head_inputs(cls, model: TextToLoRA, h: torch.Tensor, ab: torch.Tensor | None) -> torch.Tensor:
        return model.mlp3(model.mlp2(shared_head_input(h, ab)))  # [n, T, 2, L, H]

    @classmethod
    def lora_ab(cls, model: TextToLoRA, z: torch.Tensor, t: int, module: str) -> tuple[Any, Any]:
        from .layers import rank_rows  # imports torch: the registry is read torch-free

        cfg, head = model.config, model.heads[module]
        A = rank_rows(z[:, t, 0], head, cfg.rank, cfg.in_features[module])
        B = rank_rows(z[:, t, 1], head, cfg.rank, cfg.out_features[module])
        return A, B.transpose(-1, -2)


@register_variant
class S(HypernetworkVariant):
    """As M, one rank row per pass (rank positions added to the trunk's features): max(in, out) columns.
    At generation the rank-position tail runs a chunk of descriptions at a time (see fastpath)."""

    name = "S"
    shared_ab_head = True
    autoreg_gen = True

    @classmethod
    def head_out_size(cls, config: T2LConfig, module: str) -> int:
        return max(config.in_features[module], config.out_features[module])

    @classmethod
    def head_inputs(cls, model: TextToLoRA, h: torch.Tensor, ab: torch.Tensor | None) -> torch.Tensor:
        return model.mlp3(model.rank_positions(model.mlp2(shared_head_input(h, ab))))  # [n, T, 2, L, r, H]

    @classmethod
    def lora_ab(cls, model: TextToLoRA, z: torch.Tensor, t: int, module: str) -> tuple[Any, Any]:
        import torch.nn.functional as F  # torch only when a model runs: the registry is read torch-free

        cfg, head = model.config, model.heads[module]
        fan_in, fan_out = cfg.in_features[module], cfg.out_features[module]
        bias = head.bias
        A = F.linear(z[:, t, 0], head.weight[:fan_in], None if bias is None else bias[:fan_in])
        B = F.linear(z[:, t, 1], head.weight[:fan_out], None if bias is None else bias[:fan_out])
        return A, B.transpose(-1, -2)

    @classmethod
    def weights(
        cls, model: TextToLoRA, h: Any, ab: Any, *, dense: bool = False, raw_scale: bool = True
    ) -> Weights:
        import torch  # noqa: I001  (torch only when a model runs: the registry is read torch-free)
        from .fastpath import dense_rank_heads, offset_only  # imports torch: see the line above

        if dense and raw_scale and not torch.is_grad_enabled() and offset_only(model):
            return dense_rank_heads(model, model.mlp2(shared_head_input(h, ab)))  # a chunk at a time
        return super().weights(model, h, ab, dense=dense, raw_scale=raw_scale)

    @classmethod
    def generate_weights(cls, model: TextToLoRA, x: torch.Tensor) -> Weights:
        """On the CPU (offsets only) each description gets its own tensors, written in place."""
        from .fastpath import dense_rank_heads, offset_only  # imports torch: the registry is read torch-free

        if offset_only(model) and x.device.type == "cpu":
            h, ab = model.trunk(x)
            return dense_rank_heads(model, model.mlp2(shared_head_input(h, ab)), split=True)
        return super().generate_weights(model, x)


@register_variant
class LAutoreg(HypernetworkVariant):
    """Separate A and B columns as L, one rank row per pass as S: in+out columns (never released)."""

    name = "L-autoreg"
    autoreg_gen = True

    @classmethod
    def head_out_size(cls, config: T2LConfig, module: str) -> int:
        return config.in_features[module] + config.out_features[module]

    @classmethod
    def head_inputs(cls, model: TextToLoRA, h: torch.Tensor, ab: torch.Tensor | None) -> torch.Tensor:
        return model.mlp3(model.rank_positions(h, shared=False))  # [n, T, L, r, H]

    @classmethod
    def lora_ab(cls, model: TextToLoRA, z: torch.Tensor, t: int, module: str) -> tuple[Any, Any]:
        fan_in = model.config.in_features[module]
        y = model.heads[module](z[:, t])  # [n, L, r, in+out]
        return y[..., :fan_in], y[..., fan_in:].transpose(-1, -2)
