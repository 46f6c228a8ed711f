"""The slot bookkeeping behind :class:`~hf_t2l.AdapterPool`: LoRA slots, residents, LRU eviction, fetching.

A slot is a PEFT adapter named ``t2l_slot_<i>``, injected once; loading an adapter into a slot copies
its tensors into the slot's ``lora_A``/``lora_B`` weights in place. ``_resident`` maps the ids of the
loaded adapters to their slots, least recently used first. Adapters *pinned* for a running mixed batch
are never chosen for eviction. Everything here runs under the pool's lock.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch
from peft import PeftModel

from ..errors import (
    AdapterCacheCorruptError,
    IncompatibleAdapterError,
    InvalidLimitError,
    MixedBatchError,
    UnknownAdapterError,
)
from ..integration import inject_adapter, wrap_empty
from ..model.generation import from_descriptions
from .ids import ADAPTER_ID_PATTERN, stamp_adapter_id
from .integrity import AdapterSpec, check_state_matches, lora_config_from_settings, lora_settings

if TYPE_CHECKING:  # pragma: no cover
    from peft import LoraConfig

    from ..model.hypernetwork import TextToLoRA
    from .cache import AdapterCache
    from .generated import GeneratedAdapter

__all__ = ["SLOT_PREFIX", "SlotStore"]

logger = logging.getLogger(__name__)
SLOT_PREFIX = "t2l_slot_"


@dataclass
class _Resident:
    slot: str
    description: str | None
    provenance: dict[str, Any]
    lora_config: LoraConfig


class SlotStore:
    """Slots, residents and LRU order of an adapter pool (public API: :class:`~hf_t2l.AdapterPool`)."""

    hypernetwork: TextToLoRA
    cache: AdapterCache | None
    max_adapters: int
    max_bytes: int | None
    use_rslora: bool | None

    if TYPE_CHECKING:  # pragma: no cover

        def set_adapter(self, name: str) -> str: ...

    def _init_slots(self, model: torch.nn.Module) -> None:
        #: How each load was served: generated, read from the disk cache, or already in the pool.
        self.stats = {"generated": 0, "from_disk": 0, "in_pool": 0, "evicted": 0}
        self._model = model
        self._lock = threading.RLock()
        self._resident: OrderedDict[str, _Resident] = OrderedDict()  # least recently used first
        self._slots: dict[str, dict[str, torch.nn.Parameter]] = {}  # slot -> PEFT key -> its weight
        self._free: list[str] = []
        self._names: dict[str, tuple[str, str | None]] = {}  # name -> (adapter id, description)
        self._active: str | None = None

        self._pinned: set[str] = set()  # ids a running mixed batch uses: never evicted meanwhile

    @property
    def capacity(self) -> int:
        """How many adapters fit at once (``max_adapters``, or fewer under ``max_bytes``)."""
        bytes_per = self._slot_bytes()
        if self.max_bytes is None or bytes_per is None:
            return self.max_adapters
        return max(1, min(self.max_adapters, self.max_bytes // bytes_per))

    def _resolve(self, name: Any) -> str:
        if isinstance(name, str) and name in self._names:
            return self._names[name][0]
        if not isinstance(name, str):
            raise self._unknown(name)
        if name in self._resident or (
            self.cache is not None and ADAPTER_ID_PATTERN.fullmatch(name) and name in self.cache
        ):
            return name
        raise self._unknown(name)

    def _ensure(self, name: str) -> str:
        """The id of ``name`` (a name or id), its adapter made resident and most recently used."""
        aid = self._resolve(name)
        if aid not in self._resident:
            description = self._names[name][1] if name in self._names else None
            adapters = self._fetch({aid: description}) if description is not None else self._from_disk(aid)
            self._place(aid, adapters[aid])
        self._resident.move_to_end(aid)
        return aid

    @contextmanager
    def _pinned_rows(self, adapters: Sequence[str], rows: int) -> Iterator[list[str]]:
        """The slot of each row's adapter (loaded if needed), all pinned (not evictable) until the exit."""
        if (
            isinstance(adapters, str)
            or not isinstance(adapters, Sequence)
            or not all(isinstance(a, str) for a in adapters)
        ):
            raise MixedBatchError(
                f"adapters must be a list of adapter names or ids, one per row; got {type(adapters).__name__}"
                f" {adapters!r:.200}."
            )
        if len(adapters) != rows:
            raise MixedBatchError(
                f"adapters has {len(adapters)} entries for a batch of {rows} rows; give one per row."
            )
        distinct = set(adapters)
        if len(distinct) > self.capacity:
            raise InvalidLimitError(
                f"A batch uses {len(distinct)} distinct adapters but the pool holds at most "
                f"{self.capacity} at once: raise max_adapters (or max_bytes), or split the batch."
            )
        aids = [self._resolve(name) for name in adapters]
        pinned = {aid for aid in aids if aid not in self._pinned}
        self._pinned |= pinned
        try:
            for aid in dict.fromkeys(aids):  # loaded ones first: loading the others never evicts them
                if aid in self._resident:
                    self._resident.move_to_end(aid)
            slots = [self._resident[self._ensure(name)].slot for name in adapters]
            yield slots
        finally:
            self._pinned -= pinned

    def _unknown(self, name: Any) -> UnknownAdapterError:
        return UnknownAdapterError(
            f"No adapter {name!r} in this pool (names: {sorted(self._names)[:10]}, loaded ids: "
            f"{list(self._resident)[:10]}). Load it first with pool.load(description, name=...), or pass a "
            "description to pool.activate(...)."
        )

    def _spec(self) -> AdapterSpec:
        """What each adapter of this pool is: keys, shapes, dtype and LoRA settings of its hypernetwork's."""
        t2l = self.hypernetwork
        return AdapterSpec.for_config(t2l.config, dtype=t2l.dtype, use_rslora=self.use_rslora)

    def _from_disk(self, aid: str) -> dict[str, GeneratedAdapter]:
        """The adapter ``aid`` from the disk cache (an id with no known description).

        Raises:
            UnknownAdapterError: not cached. AdapterCacheCorruptError: cached, but not what the id promises.
        """
        if self.cache is None:
            raise self._unknown(aid)
        try:
            adapter = self.cache.read(aid, expect=self._spec())
        except AdapterCacheCorruptError:
            raise
        except UnknownAdapterError:
            raise self._unknown(aid) from None
        self.stats["from_disk"] += 1
        return {aid: adapter}

    def _fetch(self, wanted: dict[str, str | None]) -> dict[str, GeneratedAdapter]:
        """The adapters of ``wanted`` (id -> description): from the disk cache, else generated in one pass.

        The descriptions were checked by :meth:`AdapterPool.load` (a name keeps its checked description).
        """
        found: dict[str, GeneratedAdapter] = {}
        spec = self._spec() if self.cache is not None and wanted else None
        for aid in wanted:
            adapter = self.cache.get(aid, expect=spec) if self.cache is not None else None
            if adapter is not None:
                found[aid] = adapter
                self.stats["from_disk"] += 1
        todo = [(aid, text) for aid, text in wanted.items() if aid not in found]
        if todo:
            texts = [text for _, text in todo]
            generated = from_descriptions(self.hypernetwork, texts, use_rslora=self.use_rslora)
            for (aid, _), adapter in zip(todo, generated):
                found[aid] = stamp_adapter_id(adapter, aid)
                self.stats["generated"] += 1
                if self.cache is not None:
                    self.cache.put(adapter)  # logs and goes on if it cannot write: the cache only saves time
        return found

    def _slot_bytes(self) -> int | None:
        for params in self._slots.values():
            return sum(p.numel() * p.element_size() for p in params.values())
        return None

    def _place(self, aid: str, adapter: GeneratedAdapter) -> None:
        """Copy ``adapter`` into a free slot, a new slot, or the least recently used adapter's slot.

        Raises:
            IncompatibleAdapterError: the adapter is not one of this pool's hypernetwork (nothing changed).
        """
        _check_placeable(aid, adapter, self._spec())
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
            victim = next((v for v in self._resident if v != self._active and v not in self._pinned), None)
            if victim is None:
                victim = self._active if self._active not in self._pinned else None
            if victim is None:
                raise InvalidLimitError(
                    f"All {len(self._resident)} slots hold adapters of a running batch; a batch may use at "
                    f"most {self.capacity} distinct adapters: raise max_adapters or split the batch."
                )
            slot = self._resident.pop(victim).slot
            self.stats["evicted"] += 1
            logger.debug("Evicting adapter %s from %s", victim, slot)
            if victim == self._active:  # only one slot: the new adapter takes the active one's place
                self._active = aid
        try:
            with torch.no_grad():
                params = self._slots[slot]
                for key, tensor in adapter.state_dict.items():
                    params[key].copy_(tensor)
        except BaseException:  # the slot holds a mix: it is free again, as the base model (B = 0)
            self._clear_slot(slot)
            self._active = None if self._active == aid else self._active
            raise
        self._resident[aid] = self._entry(slot, adapter)

    def _clear_slot(self, slot: str) -> None:
        with torch.no_grad():
            for key, p in self._slots[slot].items():
                if ".lora_B." in key:
                    p.zero_()
        self._free.append(slot)

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
        # a name no adapter of the model has: pools for other hypernetworks may share this PeftModel
        taken = set(getattr(self._model, "peft_config", {}))
        i = len(self._slots)
        while f"{SLOT_PREFIX}{i}" in taken:
            i += 1
        slot = f"{SLOT_PREFIX}{i}"
        # own copies: the generated tensors may be views of a batch that must not stay alive in the slot
        owned = copy.copy(adapter)
        owned.lora_config = lora_config_from_settings(self._spec().lora)  # the hypernetwork's, never a file's
        owned.state_dict = {k: v.clone() for k, v in adapter.state_dict.items()}
        if isinstance(self._model, PeftModel):
            inject_adapter(self._model, owned, slot, new_model=False)
        else:
            self._model = wrap_empty(self._model, owned, slot)
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


def _check_placeable(aid: str, adapter: GeneratedAdapter, spec: AdapterSpec) -> None:
    """``adapter`` has exactly the tensor keys and shapes and the LoRA settings of the pool's slots."""
    try:
        declared = {k: (tuple(t.shape), t.dtype) for k, t in adapter.state_dict.items()}
        check_state_matches(declared, spec.shapes, None)
        settings = lora_settings(adapter.lora_config)
        if settings != dict(spec.lora):
            diff = {k: v for k, v in settings.items() if spec.lora.get(k) != v}
            raise IncompatibleAdapterError(f"its LoRA settings {diff} differ from the hypernetwork's")
    except IncompatibleAdapterError as e:
        raise IncompatibleAdapterError(
            f"Adapter {aid} cannot go into a slot of this pool: {e}. Nothing was changed."
        ) from None
