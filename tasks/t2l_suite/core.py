"""The task suite's building blocks: input formats, output formats, tasks, families and discovery.

A **family** is one skill (reverse a word, translate a number word, classify a review...); its
**tasks** are that skill with one parameter fixed (into French, into Spanish; labels yes/no or
true/false; the 1st to 5th letter). The suite is split by family: every task of a family lands in the
family's split, so held-out families are skills that nothing in training has seen.

How to add a family
-------------------
Write one new module ``tasks/t2l_suite/families/<family>.py`` (nothing else needs editing: the
builder imports every module of that package and collects its ``FAMILY``)::

    from ..core import Family, only
    from ..domains import D

    FAMILY = Family("word_reverse", split="train", summary="write a word backwards")
    FAMILY.add(
        "word_reverse",                       # task id, unique in the whole suite
        D["word"],                            # the input format (or ``make=`` below)
        lambda w: w[::-1],                    # input -> gold response; None skips the input
        ["reverse the order of the letters in the word", "write the word backwards"],  # actions
        only("the reversed word"),            # how the answer is written (only/num/lab/yn/exactly)
    )

- Actions are imperative phrases that start in lower case and have no final full stop; give 2-3 that
  say the same thing differently. The style banks in ``styles.py`` turn actions, the input format's
  noun phrases, the output format and one of the task's own examples into at least
  ``N_DESCRIPTIONS`` descriptions in many styles (terse, question, second person, passive, with an
  example...). Add hand-written descriptions with ``extra=[...]``.
- Inputs: a ``Domain`` from ``domains.py`` (shared input formats, so that only the description tells
  tasks on the same input apart), or ``make=fn`` where ``fn(rng) -> (prompt, response) | None``
  with ``inputs=("a noun phrase naming the input", ...)``.
- Classification: ``labels=[...]`` (metric ``label_accuracy``; examples are balanced over labels).
  Other metrics: ``metric="exact_match_cased"`` or ``"numeric"`` (see ``hf_t2l/evaluation/scoring.py``).
- Splits: ``train``; ``validation`` (model selection only); ``heldout`` (never seen in training);
  ``heldout_compositions`` (new combinations of trained skills: give ``comp="task_a+task_b"``).
  Validation and held-out families get descriptions from a separate style bank.
- Keep prompts short (about 40 tokens at most) and answers shorter (about 12 tokens) for a 135M model,
  and make sure the description alone decides the answer. Then run ``python -m tasks.t2l_suite.build``
  and ``pytest tests/test_tasks.py`` and commit the module with the rebuilt files.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SPLITS",
    "Domain",
    "Example",
    "Family",
    "Output",
    "Task",
    "discover",
    "exactly",
    "lab",
    "num",
    "only",
    "rng_for",
    "says",
    "yn",
]

SEED = "hf_t2l-tasks-v2"
SPLITS = ("train", "validation", "heldout", "heldout_compositions")
N_EXAMPLES = {"train": 96, "validation": 80, "heldout": 80, "heldout_compositions": 80}
MIN_EXAMPLES = 64
N_DESCRIPTIONS = 24
METRICS = ("exact_match", "exact_match_cased", "label_accuracy", "numeric")

Example = tuple[str, str]


def rng_for(*parts: str) -> random.Random:
    """A generator seeded by the suite seed and ``parts`` (e.g. ``"examples", task_id``)."""
    return random.Random(":".join((SEED, *parts)))


@dataclass(frozen=True)
class Domain:
    """An input format: how to draw an input, how to write it as a prompt, and how descriptions name it."""

    name: str
    inputs: tuple[str, ...]  # noun phrases naming one input, for descriptions ("a single English word")
    sample: Callable[[random.Random], Any] | None = None
    render: Callable[[Any], str] = str
    pool: tuple[Any, ...] | None = None  # finite domains list every input instead of sampling


@dataclass(frozen=True)
class Output:
    """How the answer is written; the style banks render it as sentences in their own wording.

    ``kind`` is one of ``only`` (``what`` alone), ``number`` (``what`` in digits), ``labels`` (one of
    ``labels``), ``yesno`` (``yes`` if ``cond`` else ``no``), ``exactly`` (a template such as
    ``'Hello, NAME!'``) or ``sentences`` (hand-written format sentences, used as they are).
    """

    kind: str
    what: str = ""
    labels: tuple[str, ...] = ()
    cond: str = ""
    yes: str = "yes"
    no: str = "no"
    sentences: tuple[str, ...] = ()


def only(what: str) -> Output:
    """The answer is ``what`` alone (``only("the reversed word")``)."""
    return Output("only", what=what)


def num(what: str) -> Output:
    """The answer is the number ``what``, in digits."""
    return Output("number", what=what)


def lab(*labels: str) -> Output:
    """The answer is exactly one of ``labels``."""
    return Output("labels", labels=tuple(labels))


def yn(cond: str, yes: str = "yes", no: str = "no") -> Output:
    """The answer is ``yes`` when ``cond`` holds and ``no`` otherwise."""
    return Output("yesno", cond=cond, yes=yes, no=no)


def exactly(template: str) -> Output:
    """The answer is exactly ``template`` with its placeholder filled (``"'Hello, NAME!'"``)."""
    return Output("exactly", what=template)


def says(sentences: Sequence[str], *, what: str = "") -> Output:
    """Hand-written format sentences (for rules that need spelling out); ``what`` names the answer."""
    return Output("sentences", what=what, sentences=tuple(sentences))


@dataclass
class Task:
    """One task: a skill with its parameters fixed, the data maker and the slots of its descriptions."""

    task_id: str
    family: str
    split: str
    inputs: tuple[str, ...]
    actions: list[str]
    output: Output
    metric: str
    labels: list[str] | None = None
    composition: str | None = None
    balance: bool = False
    domain: Domain | None = None
    answer: Callable[[Any], Any] | None = None
    pool: tuple[Any, ...] | None = None
    make: Callable[[random.Random], Example | None] | None = None
    extra: list[str] = field(default_factory=list)

    def examples(self) -> list[Example]:
        """Examples with distinct prompts, balanced over the labels of a classification task."""
        n = N_EXAMPLES[self.split]
        rng = rng_for("examples", self.task_id)
        candidates: dict[str, str] = {}
        for prompt, gold in self.candidates(rng, n):
            if prompt not in candidates:
                candidates[prompt] = gold
                if not self.balance and len(candidates) == n:
                    break
        pairs = list(candidates.items())
        if self.balance:
            pairs = balanced(pairs, n)
            rng.shuffle(pairs)
        pairs = pairs[:n]
        if len(pairs) < MIN_EXAMPLES:
            raise ValueError(
                f"Task {self.task_id!r} has only {len(pairs)} distinct examples; "
                f"it needs {MIN_EXAMPLES}: widen its inputs."
            )
        return pairs

    def candidates(self, rng: random.Random, n: int) -> Iterator[Example]:
        """Examples drawn with ``rng`` (repeats possible), from a stream of up to about 100 x ``n``."""
        if self.make is not None:
            for _ in range(100 * n):
                pair = self.make(rng)
                if pair is not None:
                    yield pair
            return
        assert self.domain is not None and self.answer is not None
        pool = self.pool if self.pool is not None else self.domain.pool
        if pool is not None:
            items = list(pool)
            rng.shuffle(items)
        else:
            assert self.domain.sample is not None
            items = (self.domain.sample(rng) for _ in range(100 * n))  # type: ignore[assignment]
        for item in items:
            gold = self.answer(item)
            if gold is not None:
                yield self.domain.render(item), str(gold)


def balanced(pairs: list[Example], n: int) -> list[Example]:
    """Up to ``n`` of ``pairs`` taken round-robin over their answers (in sorted order), so every label
    of a classification task is about equally frequent."""
    by_label: dict[str, list[Example]] = {}
    for pair in pairs:
        by_label.setdefault(pair[1], []).append(pair)
    buckets = [by_label[key] for key in sorted(by_label)]
    chosen: list[Example] = []
    while len(chosen) < n and any(buckets):
        for bucket in buckets:
            if bucket and len(chosen) < n:
                chosen.append(bucket.pop(0))
    return chosen


@dataclass
class Family:
    """A skill and its tasks; the unit of the train / validation / held-out split."""

    name: str
    split: str
    summary: str = ""
    tasks: list[Task] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.split not in SPLITS:
            raise ValueError(f"Family {self.name!r}: split {self.split!r} is not one of {SPLITS}.")

    def add(
        self,
        task_id: str,
        domain: Domain | None,
        answer: Callable[[Any], Any] | None,
        actions: Sequence[str],
        output: Output | Sequence[str],
        *,
        metric: str | None = None,
        labels: Sequence[str] | None = None,
        comp: str | None = None,
        balance: bool | None = None,
        pool: Sequence[Any] | None = None,
        make: Callable[[random.Random], Example | None] | None = None,
        inputs: Sequence[str] | None = None,
        extra: Sequence[str] = (),
    ) -> Task:
        """Add one task to the family and return it.

        Args:
            task_id: Unique in the whole suite (``word_reverse``, ``num_add_7``).
            domain: The input format; ``None`` when ``make`` draws the examples.
            answer: Input -> gold response (``None`` skips that input); ``None`` with ``make``.
            actions: 1-3 imperative phrases, lower-case, no final full stop, naming the task's parameter.
            output: How the answer is written (``only``, ``num``, ``lab``, ``yn``, ``exactly``), or a list of
                hand-written format sentences.
            metric: A scorer of ``hf_t2l.evaluation.scoring``; default ``label_accuracy`` with labels, else ``exact_match``.
            labels: The closed label set of a classification task (examples are balanced over it).
            comp: For ``heldout_compositions``: the training tasks combined, ``"task_a+task_b"``.
            balance: Balance the examples over their answers (default: when there are labels).
            pool: The inputs to use instead of the domain's own.
            make: ``rng -> (prompt, response) | None``, instead of domain and answer.
            inputs: Noun phrases naming one input (required with ``make``; default: the domain's).
            extra: Hand-written descriptions, used before the generated ones.

        Raises:
            ValueError: an unknown metric, neither or both of domain/answer and ``make``, no input
                phrases, or a composition without ``comp``.
        """
        if metric is None:
            metric = "label_accuracy" if labels else "exact_match"
        if metric not in METRICS:
            raise ValueError(f"Task {task_id!r}: unknown metric {metric!r}; use one of {METRICS}.")
        if (make is None) == (domain is None or answer is None):
            raise ValueError(f"Task {task_id!r}: give either a domain and an answer function, or make=.")
        if not isinstance(output, Output):
            output = says(output)
        names = tuple(inputs) if inputs else (domain.inputs if domain is not None else ())
        if not names:
            raise ValueError(f"Task {task_id!r}: name its input for the descriptions with inputs=(...).")
        if self.split == "heldout_compositions" and not comp:
            raise ValueError(f"Task {task_id!r}: a composition needs comp='task_a+task_b'.")
        task = Task(
            task_id,
            self.name,
            self.split,
            names,
            list(actions),
            output,
            metric,
            list(labels) if labels else None,
            comp,
            bool(labels) if balance is None else balance,
            domain,
            answer,
            tuple(pool) if pool is not None else None,
            make,
            list(extra),
        )
        self.tasks.append(task)
        return task

    def drop(self, *task_ids: str, taught_by: str) -> None:
        """Remove tasks that another family (``taught_by``) already teaches.

        Families written side by side can sweep the same parameter values, and a training task must not
        teach what a held-out or validation family tests; the suite keeps one definition of each skill.
        Every id must be one of this family's tasks.
        """
        unknown = sorted(set(task_ids) - {t.task_id for t in self.tasks})
        if unknown:
            raise ValueError(f"Family {self.name!r} cannot drop {unknown}: it has no such tasks.")
        self.tasks = [t for t in self.tasks if t.task_id not in set(task_ids)]


def discover(package: str = __package__ + ".families") -> list[Family]:
    """Import every module of ``package`` and return their ``FAMILY`` objects, sorted by module name."""
    pkg = importlib.import_module(package)
    families: list[Family] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        family = getattr(module, "FAMILY", None)
        if not isinstance(family, Family):
            raise TypeError(
                f"Module {module.__name__} defines no FAMILY = Family(...); every family module must."
            )
        if family.name != info.name:
            raise ValueError(
                f"Module {module.__name__} defines family {family.name!r}; name the module after "
                f"its family ({family.name}.py)."
            )
        families.append(family)
    names = [f.name for f in families]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"Family name(s) {dupes} are defined by more than one module.")
    return families
