"""`AdapterPool`: many generated adapters on one base model, at a constant cost per adapter.

``load_description`` adds a PEFT adapter per description; each ``add_adapter`` walks and injects into
every target module, so the n-th adapter costs more than the first, and nothing is ever freed. A pool
instead keeps a fixed number of LoRA *slots* (PEFT adapters named ``t2l_slot_<i>``, injected once):
a new description is generated and its tensors are copied into a slot's ``lora_A``/``lora_B`` weights
in place. When every slot is taken, the least recently used adapter is evicted and its slot reused.

Adapters are known by their content-addressed id (:mod:`hf_t2l.adapters.ids`): loading a description
whose adapter is already in the pool costs nothing, and with a disk cache (:mod:`hf_t2l.adapters.cache`)
an adapter generated once (by any process) is read back instead of generated again. User-facing
names map to ids; a name whose adapter was evicted is loaded again when it is activated.

Mixed batches: :meth:`AdapterPool.forward` and :meth:`AdapterPool.generate` run a batch whose row i
uses ``adapters[i]`` (PEFT's ``adapter_names=``); the batch's adapters stay loaded while it runs.

All methods are thread-safe (one lock); running the model while another thread loads is safe as long
as the adapter being run is not evicted meanwhile (it is not while it is active).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch
from peft import PeftModel

from ..base_models import check_compatible
from ..errors import AdapterNameError, InvalidLimitError, UnknownAdapterError
from ..hub.resolve import resolve_hypernetwork
from ..inputs import validate_descriptions
from .cache import AdapterCache
from .generated import GeneratedAdapter
from .ids import adapter_id
from .slots import SlotStore

if TYPE_CHECKING:  # pragma: no cover
    from ..model.hypernetwork import TextToLoRA

__all__ = ["AdapterPool"]


class AdapterPool(SlotStore):
    """Generated adapters on one base model in a bounded number of reusable LoRA slots (LRU eviction).

    Args:
        model: A base causal LM (wrapped as a PeftModel on the first load, in place) or a PeftModel
            (slots are added beside its own adapters).
        hypernetwork: A :class:`~hf_t2l.TextToLoRA`, ``"default"``, a released checkpoint's name, a local
            folder or a Hub repo id (:func:`hf_t2l.resolve_hypernetwork`).
        max_adapters: How many adapters stay loaded at once (slots).
        max_bytes: Bound of the slots' LoRA weights in bytes (None: only ``max_adapters`` bounds them).
        cache: An :class:`~hf_t2l.AdapterCache`, True for the default one under
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
        if isinstance(max_adapters, bool) or not isinstance(max_adapters, int) or max_adapters < 1:
            raise InvalidLimitError(
                f"max_adapters must be an int >= 1 (how many adapters stay loaded); got {max_adapters!r}."
            )
        if max_bytes is not None and (
            isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0
        ):
            raise InvalidLimitError(
                f"max_bytes must be a positive int (bytes of LoRA weights) or None; got {max_bytes!r}."
            )
        self.hypernetwork = resolve_hypernetwork(hypernetwork, **load_kwargs)
        base = model.get_base_model() if isinstance(model, PeftModel) else model
        check_compatible(self.hypernetwork.config, base)
        self.hypernetwork.use_base_model(model)  # a base-model encoder reads with this model, adapters off
        if cache is True:
            cache = AdapterCache()
        self.cache: AdapterCache | None = cache or None
        self.max_adapters = max_adapters
        self.max_bytes = max_bytes
        self.use_rslora = use_rslora
        self._init_slots(model)

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
        single = isinstance(description, str)
        texts = validate_descriptions(description)  # checked once, here: ids and generation trust them
        if name is not None and (not single or not isinstance(name, str) or not name.strip()):
            raise AdapterNameError(f"name must be a non-empty str given with one description; got {name!r}.")
        ids = [adapter_id(self.hypernetwork, text, use_rslora=self.use_rslora) for text in texts]
        with self._lock:
            missing = {aid: text for aid, text in zip(ids, texts) if aid not in self._resident}
            for aid in dict.fromkeys(ids):  # loaded ones are used now: placing the others does not evict them
                if aid in self._resident:
                    self._resident.move_to_end(aid)
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
            aid = self._ensure(name)
            self._model.set_adapter(self._resident[aid].slot)
            self._active = aid
            return aid

    def prepare(self, name: str) -> str:
        """Make the adapter ``name`` (a name or an id) resident, without activating it; returns its id.

        An adapter read back from the disk cache is checked first (see :class:`~hf_t2l.AdapterCache`).

        Raises:
            UnknownAdapterError: no adapter of that name or id in the pool or its disk cache.
            AdapterCacheCorruptError: the cached entry of that id is not what the id promises.
        """
        with self._lock:
            return self._ensure(name)

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
        with self._lock:
            aid = self._resolve(name)
            if aid not in self._resident:
                raise self._unknown(name)
            entry = self._resident[aid]
            state = {k: p.detach().clone() for k, p in self._slots[entry.slot].items()}
            return GeneratedAdapter(
                state_dict=state,
                lora_config=entry.lora_config,
                description=entry.description,
                provenance=dict(entry.provenance),
            )

    def push_to_hub(self, name: str, repo_id: str, **kwargs: Any) -> str:
        """Push the loaded adapter ``name`` (or id) to the Hub as a plain PEFT LoRA with its card, in one
        commit; the card and the safetensors metadata carry its id. ``kwargs`` (``private``, ``token``,
        ``revision``, ``commit_message``, ``overwrite_card``) are those of :func:`hf_t2l.push_adapter`.
        Returns the commit URL.

        Raises:
            UnknownAdapterError: no loaded adapter of that name or id.
            InvalidRepoIdError / HubError: as :func:`hf_t2l.push_adapter`.
        """
        return self.adapter(name).push_to_hub(repo_id, **kwargs)

    def forward(self, input_ids: torch.Tensor, *, adapters: Sequence[str], **kwargs: Any) -> Any:
        """One forward pass of a mixed batch: row i runs with the adapter ``adapters[i]`` (a name or id),
        as PEFT's ``adapter_names=``; each row's output is that of the row alone with its adapter active.
        Missing adapters are loaded first; none of the batch's adapters is evicted while it runs.

        Raises:
            MixedBatchError: ``adapters`` is not one name or id per row.
            InvalidLimitError: the batch uses more distinct adapters than the pool holds.
            UnknownAdapterError: an adapter is neither loaded, named, nor in the disk cache.

        Example:
            >>> out = pool.forward(input_ids, adapters=["french", "french", "sql"])  # doctest: +SKIP
        """
        with self._lock, self._pinned_rows(adapters, len(input_ids)) as slots:
            return self._model(input_ids=input_ids, adapter_names=slots, **kwargs)

    def generate(self, input_ids: torch.Tensor, *, adapters: Sequence[str], **kwargs: Any) -> torch.Tensor:
        """``model.generate`` on a mixed batch: row i decodes with ``adapters[i]`` (see :meth:`forward`);
        ``kwargs`` go to ``generate`` (e.g. ``attention_mask``, ``max_new_tokens``, ``streamer``).

        Raises:
            MixedBatchError / InvalidLimitError / UnknownAdapterError: as :meth:`forward`.

        Example:
            >>> out = pool.generate(ids, attention_mask=mask, adapters=[a, b])  # doctest: +SKIP
        """
        with self._lock, self._pinned_rows(adapters, len(input_ids)) as slots:
            return self._model.generate(input_ids=input_ids, adapter_names=slots, **kwargs)

    def __repr__(self) -> str:
        return (
            f"AdapterPool({len(self._resident)}/{self.capacity} adapters, names={len(self._names)}, "
            f"active={self._active!r}, stats={self.stats})"
        )
