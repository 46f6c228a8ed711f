"""`AdapterPool`: many generated adapters on one base model, at a constant cost per adapter.

``load_description`` adds a PEFT adapter per description; each ``add_adapter`` walks and injects into
every target module, so the n-th adapter costs more than the first, and nothing is ever freed. A pool
instead keeps a fixed number of LoRA *slots* (PEFT adapters named ``t2l_slot_<i>``, injected once):
a new description is generated and its tensors are copied into a slot's ``lora_A``/``lora_B`` weights
in place. When every slot is taken, the least recently used adapter is evicted and its slot reused.

Adapters are known by their content-addressed id (:mod:`hf_t2l.adapter_id`): loading a description
whose adapter is already in the pool costs nothing, and with a disk cache (:mod:`hf_t2l.adapter_cache`)
an adapter generated once (by any process) is read back instead of generated again. User-facing
names map to ids; a name whose adapter was evicted is loaded again when it is activated.

All methods are thread-safe (one lock); running the model while another thread loads is safe as long
as the adapter being run is not evicted meanwhile (it is not while it is active).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from .adapter_id import _ID, adapter_id, stamp_adapter_id
from .errors import InvalidLimitError, SaveError, UnknownAdapterError

if TYPE_CHECKING:  # pragma: no cover
    from peft import LoraConfig, PeftModel

    from .adapter import GeneratedAdapter
    from .adapter_cache import AdapterCache
    from .hypernetwork import TextToLoRA

__all__ = ["AdapterPool"]

logger = logging.getLogger(__name__)
SLOT_PREFIX = "t2l_slot_"


@dataclass
class _Resident:
    slot: str
    description: str | None
    provenance: dict[str, Any]
    lora_config: LoraConfig


class AdapterPool:
    """Generated adapters on one base model in a bounded number of reusable LoRA slots (LRU eviction).

    Args:
        model: A base causal LM (wrapped as a PeftModel on the first load, in place) or a PeftModel
            (slots are added beside its own adapters).
        hypernetwork: A :class:`~hf_t2l.TextToLoRA`, a local folder or a Hub repo id.
        max_adapters: How many adapters stay loaded at once (slots).
        max_bytes: Bound of the slots' LoRA weights in bytes (None: only ``max_adapters`` bounds them).
        cache: An :class:`~hf_t2l.adapter_cache.AdapterCache`, True for the default one under
            ``$HF_HOME/hf_t2l/adapters``, or None/False for no disk cache.
        use_rslora: Scaling of the adapters (None: the hypernetwork's), as in ``from_description``.
        load_kwargs: Passed to :meth:`TextToLoRA.from_pretrained` for a folder or repo id.

    Raises:
        InvalidLimitError: ``max_adapters`` is not an int >= 1, or ``max_bytes`` not a positive int
            (or too small for one adapter, on the first load).
        IncompatibleBaseModelError / TargetModulesNotFoundError: the hypernetwork is for another base.

    Example:
        >>> pool = AdapterPool(base, "path/to/t2l", max_adapters=10)
        >>> french = pool.load("Reply in French.", name="french")
        >>> pool.set_adapter("french")
        >>> pool.model.generate(**inputs)
    """

    def __init__(
        self,
        model: torch.nn.Module,
        hypernetwork: TextToLoRA | str | Path,
        *,
        max_adapters: int = 8,
        max_bytes: int | None = None,
        cache: AdapterCache | bool | None = None,
        use_rslora: bool | None = None,
        **load_kwargs: Any,
    ) -> None:
        from peft import PeftModel

        from .integration import check_compatible, resolve_hypernetwork

        if isinstance(max_adapters, bool) or not isinstance(max_adapters, int) or max_adapters < 1:
            raise InvalidLimitError(
                f"max_adapters must be an int >= 1 (how many adapters stay loaded); got {max_adapters!r}."
            )
        if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int)
                                      or max_bytes <= 0):
            raise InvalidLimitError(
                f"max_bytes must be a positive int (bytes of LoRA weights) or None; got {max_bytes!r}."
            )
        self.hypernetwork = resolve_hypernetwork(hypernetwork, **load_kwargs)
        base = model.get_base_model() if isinstance(model, PeftModel) else model
        check_compatible(self.hypernetwork.config, base)
        if cache is True:
            from .adapter_cache import AdapterCache

            cache = AdapterCache()
        self.cache: AdapterCache | None = cache or None
        self.max_adapters = max_adapters
        self.max_bytes = max_bytes
        self.use_rslora = use_rslora
        #: How each load was served: generated, read from the disk cache, or already in the pool.
        self.stats = {"generated": 0, "from_disk": 0, "in_pool": 0, "evicted": 0}
        self._model = model
        self._lock = threading.RLock()
        self._resident: OrderedDict[str, _Resident] = OrderedDict()  # least recently used first
        self._slots: dict[str, dict[str, torch.nn.Parameter]] = {}  # slot -> PEFT key -> its weight
        self._free: list[str] = []
        self._names: dict[str, tuple[str, str | None]] = {}  # name -> (adapter id, description)
        self._active: str | None = None

    # --- public API ----------------------------------------------------------------------------
    @property
    def model(self) -> PeftModel | torch.nn.Module:
        """The PeftModel the adapters run on (the base model itself until the first load)."""
        return self._model

    @property
    def active_adapter(self) -> str | None:
        """The id of the active adapter (None before the first activation)."""
        return self._active

    @property
    def capacity(self) -> int:
        """How many adapters fit at once (``max_adapters``, or fewer under ``max_bytes``)."""
        bytes_per = self._slot_bytes()
        if self.max_bytes is None or bytes_per is None:
            return self.max_adapters
        return max(1, min(self.max_adapters, self.max_bytes // bytes_per))

    @property
    def adapters(self) -> list[str]:
        """Ids of the loaded adapters, least recently used first."""
        with self._lock:
            return list(self._resident)

    @property
    def names(self) -> dict[str, str]:
        """User-facing names and the ids they map to (also names whose adapter was evicted)."""
        with self._lock:
            return {name: aid for name, (aid, _) in self._names.items()}

    def __len__(self) -> int:
        return len(self._resident)

    def __contains__(self, name_or_id: object) -> bool:
        with self._lock:
            return name_or_id in self._names or name_or_id in self._resident

    def load(self, description: str | Sequence[str], *, name: str | None = None) -> str | list[str]:
        """Make the adapter of ``description`` ready in a slot (not active) and return its id.

        An adapter already in the pool is only marked as recently used; else it is read from the
        disk cache or generated (a list of descriptions is generated in one batched pass), and may
        evict the least recently used adapter that is not active.

        Args:
            description: One description, or a list (then a list of ids is returned).
            name: A user-facing name for the adapter (one description only), for :meth:`set_adapter`.

        Raises:
            InvalidDescriptionError / DescriptionTypeError: an empty or non-string description.
            AdapterNameError: ``name`` is not a non-empty str, or is given with a list.
        """
        from .encoder import validate_descriptions
        from .errors import AdapterNameError

        single = isinstance(description, str)
        texts = validate_descriptions(description)
        if name is not None and (not single or not isinstance(name, str) or not name.strip()):
            raise AdapterNameError(f"name must be a non-empty str given with one description; got {name!r}.")
        ids = [adapter_id(self.hypernetwork, text, use_rslora=self.use_rslora) for text in texts]
        with self._lock:
            missing = {aid: text for aid, text in zip(ids, texts) if aid not in self._resident}
            adapters = self._fetch(missing)
            for aid in ids:
                if aid in adapters:
                    self._place(aid, adapters.pop(aid))
                elif aid in self._resident:
                    self._resident.move_to_end(aid)
                    self.stats["in_pool"] += 1
            if name is not None:
                self._names[name] = (ids[0], texts[0])
        return ids[0] if single else ids

    def set_adapter(self, name: str) -> str:
        """Make the adapter ``name`` (a name given to :meth:`load`, or an id) the active one, as PEFT's
        ``set_adapter``; an evicted one is loaded again first. Returns its id.

        Raises:
            UnknownAdapterError: no adapter of that name or id in the pool (or in its disk cache).
        """
        with self._lock:
            aid = self._resolve(name)
            if aid not in self._resident:
                description = self._names[name][1] if name in self._names else None
                if description is not None:
                    adapters = self._fetch({aid: description})
                else:
                    adapters = self._from_disk(aid)
                self._place(aid, adapters[aid])
            entry = self._resident[aid]
            self._resident.move_to_end(aid)
            self._model.set_adapter(entry.slot)
            self._active = aid
            return aid

    def activate(self, name_or_description: str) -> str:
        """:meth:`set_adapter` for a known name or id; anything else is taken as a description and loaded
        first. Returns the active adapter's id."""
        with self._lock:
            try:
                return self.set_adapter(name_or_description)
            except UnknownAdapterError:
                return self.set_adapter(self.load(name_or_description))  # type: ignore[arg-type]

    def delete_adapter(self, name: str) -> None:
        """Forget a name (or an id with all its names), as PEFT's ``delete_adapter``. The adapter's slot is
        freed when no name refers to it any more; deleting the active adapter activates the most
        recently used other one (or, if none, leaves the model as the base model).

        Raises:
            UnknownAdapterError: no adapter of that name or id in the pool.
        """
        with self._lock:
            if name in self._names:
                aid = self._names.pop(name)[0]
                if any(other == aid for other, _ in self._names.values()):
                    return
            elif name in self._resident:
                aid = name
                self._names = {n: v for n, v in self._names.items() if v[0] != aid}
            else:
                raise self._unknown(name)
            if aid in self._resident:
                self._free_slot(aid)

    def adapter(self, name: str) -> GeneratedAdapter:
        """The loaded adapter ``name`` (or id) as a :class:`~hf_t2l.GeneratedAdapter` (a copy of its
        weights, with its id in the provenance), e.g. to ``save_pretrained`` it or push it.

        Raises:
            UnknownAdapterError: no loaded adapter of that name or id.
        """
        from .adapter import GeneratedAdapter

        with self._lock:
            aid = self._resolve(name)
            if aid not in self._resident:
                raise self._unknown(name)
            entry = self._resident[aid]
            state = {k: p.detach().clone() for k, p in self._slots[entry.slot].items()}
            return GeneratedAdapter(state_dict=state, lora_config=entry.lora_config,
                                    description=entry.description, provenance=dict(entry.provenance))

    def push_to_hub(self, name: str, repo_id: str, **kwargs: Any) -> str:
        """Push the loaded adapter ``name`` (or id) to the Hub as a plain PEFT LoRA with its card, in one
        commit; the card and the safetensors metadata carry its id. ``kwargs`` (``private``, ``token``,
        ``revision``, ``commit_message``, ``overwrite_card``) are those of :func:`hf_t2l.push_adapter`.
        Returns the commit URL.

        Raises:
            UnknownAdapterError: no loaded adapter of that name or id.
            InvalidRepoIdError / HubError: as :func:`hf_t2l.push_adapter`.
        """
        from .hub import push_generated_adapter

        return push_generated_adapter(self.adapter(name), repo_id, **kwargs)

    def __repr__(self) -> str:
        return (f"AdapterPool({len(self._resident)}/{self.capacity} adapters, names={len(self._names)}, "
                f"active={self._active!r}, stats={self.stats})")

    # --- internals ------------------------------------------------------------------------------
    def _resolve(self, name: Any) -> str:
        if isinstance(name, str) and name in self._names:
            return self._names[name][0]
        if not isinstance(name, str):
            raise self._unknown(name)
        if name in self._resident or (self.cache is not None and _ID.fullmatch(name) and name in self.cache):
            return name
        raise self._unknown(name)

    def _unknown(self, name: Any) -> UnknownAdapterError:
        return UnknownAdapterError(
            f"No adapter {name!r} in this pool (names: {sorted(self._names)[:10]}, loaded ids: "
            f"{list(self._resident)[:10]}). Load it first with pool.load(description, name=...), or pass a "
            "description to pool.activate(...)."
        )

    def _from_disk(self, aid: str) -> dict[str, GeneratedAdapter]:
        adapter = self.cache.get(aid) if self.cache is not None else None
        if adapter is None:
            raise self._unknown(aid)
        self.stats["from_disk"] += 1
        return {aid: adapter}

    def _fetch(self, wanted: dict[str, str | None]) -> dict[str, GeneratedAdapter]:
        """The adapters of ``wanted`` (id -> description): from the disk cache, else generated in one pass."""
        found: dict[str, GeneratedAdapter] = {}
        for aid in wanted:
            adapter = self.cache.get(aid) if self.cache is not None else None
            if adapter is not None:
                found[aid] = adapter
                self.stats["from_disk"] += 1
        todo = [(aid, text) for aid, text in wanted.items() if aid not in found]
        if todo:
            generated = self.hypernetwork.generate([text for _, text in todo], use_rslora=self.use_rslora)
            for (aid, _), adapter in zip(todo, generated):
                found[aid] = stamp_adapter_id(adapter, aid)
                self.stats["generated"] += 1
                if self.cache is not None:
                    try:
                        self.cache.put(adapter)
                    except SaveError as e:  # the cache only saves time: a full disk must not stop the pool
                        logger.warning("Could not write adapter %s to the cache: %s", aid, e)
        return found

    def _slot_bytes(self) -> int | None:
        for params in self._slots.values():
            return sum(p.numel() * p.element_size() for p in params.values())
        return None

    def _place(self, aid: str, adapter: GeneratedAdapter) -> None:
        """Copy ``adapter`` into a free slot, a new slot, or the least recently used adapter's slot."""
        if self._free:
            slot = self._free.pop()
        elif len(self._slots) < self.capacity:
            self._check_fits(adapter)
            slot = self._new_slot(adapter)
            self._resident[aid] = self._entry(slot, adapter)
            if self._active is None and self._model.active_adapter == slot:
                self._active = aid  # a wrapped base model: its first adapter is active (as get_peft_model)
            return
        else:
            victim = next((v for v in self._resident if v != self._active), None) or self._active
            slot = self._resident.pop(victim).slot  # type: ignore[arg-type]
            self.stats["evicted"] += 1
            logger.debug("Evicting adapter %s from %s", victim, slot)
            if victim == self._active:  # only one slot: the new adapter takes the active one's place
                self._active = aid
        with torch.no_grad():
            params = self._slots[slot]
            for key, tensor in adapter.state_dict.items():
                params[key].copy_(tensor)
        self._resident[aid] = self._entry(slot, adapter)

    def _entry(self, slot: str, adapter: GeneratedAdapter) -> _Resident:
        return _Resident(slot, adapter.description, dict(adapter.provenance), adapter.lora_config)

    def _check_fits(self, adapter: GeneratedAdapter) -> None:
        if self.max_bytes is not None and not self._slots and adapter.nbytes > self.max_bytes:
            raise InvalidLimitError(
                f"max_bytes={self.max_bytes} is smaller than one adapter of this hypernetwork "
                f"({adapter.nbytes} bytes); raise max_bytes or leave it None."
            )

    def _new_slot(self, adapter: GeneratedAdapter) -> str:
        """Inject a new slot holding ``adapter`` (the only step whose cost grows with the number of slots)."""
        import copy

        from peft import PeftModel, get_peft_model

        from ._empty_init import empty_init
        from .integration import _inject

        slot = f"{SLOT_PREFIX}{len(self._slots)}"
        # own copies: the generated tensors may be views of a batch that must not stay alive in the slot
        owned = copy.copy(adapter)
        owned.state_dict = {k: v.clone() for k, v in adapter.state_dict.items()}
        if isinstance(self._model, PeftModel):
            _inject(self._model, owned, slot, new_model=False)
        else:
            lora_config = copy.copy(adapter.lora_config)
            lora_config.base_model_name_or_path = None
            with empty_init():
                self._model = get_peft_model(self._model, lora_config, adapter_name=slot)
            _inject(self._model, owned, slot, new_model=True)
        model = self._model
        model.peft_config[slot].inference_mode = True
        marker = f".{slot}."
        by_name = {n: p for n, p in model.named_parameters() if marker in n}
        params = {}
        for key in adapter.state_dict:
            stem, _, leaf = key.rpartition(".")  # ...lora_A.weight -> ...lora_A.<slot>.weight
            params[key] = by_name[f"{stem}.{slot}.{leaf}"]
            params[key].requires_grad_(False)
        self._slots[slot] = params
        model.eval()
        return slot

    def _free_slot(self, aid: str) -> None:
        slot = self._resident.pop(aid).slot
        self._free.append(slot)
        if self._active != aid:
            return
        self._active = None
        if self._resident:
            self.set_adapter(next(reversed(self._resident)))
            return
        with torch.no_grad():  # no adapter left: B = 0 makes the active slot a no-op (the base model)
            for key, p in self._slots[slot].items():
                if ".lora_B." in key:
                    p.zero_()
