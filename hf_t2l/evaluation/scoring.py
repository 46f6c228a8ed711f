"""Per-task scorers of the hf_t2l task suites (``tasks/t2l-tasks-v1`` and ``tasks/t2l-tasks-v2``).

Every task names one metric from :data:`METRICS`; :func:`score` compares one model output with the
gold response and returns 1.0 (correct) or 0.0 (wrong). Only the standard library is used, so this
module is cheap to import from training and evaluation code.

Metrics:

``exact_match``
    Both strings are stripped, lower-cased and lose any trailing full stops, then compared.
``exact_match_cased``
    As ``exact_match`` but case-sensitive; for tasks whose answer is about case (``"CAT"``, ``"Paris"``).
``label_accuracy``
    The label of the output is the one among ``labels`` that occurs earliest in it as a whole word,
    case-insensitively (the longest one if several start at the same place); it must equal the gold label.
    An output naming no label scores 0.0.
``numeric``
    The first number in the output (``-3``, ``2.5``, ``1,000``) must equal the gold number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["METRICS", "Scorer", "exact_match", "exact_match_cased", "label_accuracy", "numeric", "score"]

Scorer = Callable[[str, str, Sequence[str] | None], float]

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")


def _normalise(text: str, *, cased: bool) -> str:
    text = text.strip().rstrip(".").rstrip()
    return text if cased else text.casefold()


def exact_match(prediction: str, reference: str, labels: Sequence[str] | None = None) -> float:
    """1.0 if the texts are equal after stripping, lower-casing and removing trailing full stops."""
    return float(_normalise(prediction, cased=False) == _normalise(reference, cased=False))


def exact_match_cased(prediction: str, reference: str, labels: Sequence[str] | None = None) -> float:
    """1.0 if the texts are equal after stripping and removing trailing full stops (case matters)."""
    return float(_normalise(prediction, cased=True) == _normalise(reference, cased=True))


def _first_label(text: str, labels: Sequence[str]) -> str | None:
    best: tuple[int, int, str] | None = None  # (position, -length, label)
    for label in labels:
        match = re.search(rf"(?<!\w){re.escape(label.strip())}(?!\w)", text, flags=re.IGNORECASE)
        if match is not None:
            key = (match.start(), -len(label), label)
            if best is None or key < best:
                best = key
    return None if best is None else best[2]


def label_accuracy(prediction: str, reference: str, labels: Sequence[str] | None = None) -> float:
    """1.0 if the label found earliest in ``prediction`` (see the module docs) is the gold label."""
    if not labels:
        raise ValueError("The 'label_accuracy' metric needs the task's labels; got none.")
    folded = {label.strip().casefold() for label in labels}
    if reference.strip().casefold() not in folded:
        raise ValueError(f"The reference {reference!r} is not one of the labels {list(labels)!r}.")
    found = _first_label(prediction, labels)
    return float(found is not None and found.strip().casefold() == reference.strip().casefold())


def _parse_number(text: str) -> float | None:
    match = _NUMBER.search(text)
    return None if match is None else float(match.group().replace(",", ""))


def numeric(prediction: str, reference: str, labels: Sequence[str] | None = None) -> float:
    """1.0 if the first number in ``prediction`` equals the first number in ``reference``."""
    gold = _parse_number(reference)
    if gold is None:
        raise ValueError(f"The 'numeric' metric needs a number in the reference; got {reference!r}.")
    found = _parse_number(prediction)
    return float(found is not None and abs(found - gold) <= 1e-9 * max(1.0, abs(gold)))


METRICS: dict[str, Scorer] = {
    "exact_match": exact_match,
    "exact_match_cased": exact_match_cased,
    "label_accuracy": label_accuracy,
    "numeric": numeric,
}


def score(metric: str, prediction: str, reference: str, labels: Sequence[str] | None = None) -> float:
    """Score one model output against the gold response with the task's metric: 1.0 or 0.0.

    Args:
        metric: A name in :data:`METRICS`.
        prediction: The model's output.
        reference: The gold response.
        labels: The task's labels; required by ``label_accuracy``, ignored by the others.

    Raises:
        ValueError: For an unknown metric, or a reference the metric cannot use.
    """
    try:
        scorer = METRICS[metric]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown metric {metric!r}; known metrics: {', '.join(sorted(METRICS))}.") from None
    return scorer(prediction, reference, labels)
