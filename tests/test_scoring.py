"""hf_t2l.evaluation.scoring: the per-task scorers of the task suites."""

from __future__ import annotations

import pytest

from hf_t2l.evaluation.scoring import METRICS, score


@pytest.mark.parametrize(
    "prediction, reference, expected",
    [
        ("Paris", "Paris", 1.0),
        ("  paris. ", "Paris", 1.0),
        ("PARIS", "paris", 1.0),
        ("Paris.", "Paris.", 1.0),
        ("Paris is the capital", "Paris", 0.0),
        ("Lyon", "Paris", 0.0),
        ("", "Paris", 0.0),
    ],
)
def test_exact_match(prediction, reference, expected):
    assert score("exact_match", prediction, reference) == expected


def test_exact_match_cased():
    assert score("exact_match_cased", " CAT. ", "CAT") == 1.0
    assert score("exact_match_cased", "cat", "CAT") == 0.0
    assert score("exact_match_cased", "Cat", "CAT") == 0.0


@pytest.mark.parametrize(
    "prediction, reference, labels, expected",
    [
        ("yes", "yes", ["yes", "no"], 1.0),
        ("No, it is not.", "no", ["yes", "no"], 1.0),
        ("Yes", "no", ["yes", "no"], 0.0),
        ("I know nothing", "no", ["yes", "no"], 0.0),  # "no" only inside other words: no label
        ("negative, not positive", "negative", ["positive", "negative"], 1.0),  # the earliest label counts
        ("It is not freezing", "not freezing", ["freezing", "not freezing"], 1.0),
        ("freezing", "not freezing", ["freezing", "not freezing"], 0.0),
        ("Body Part", "body part", ["animal", "body part"], 1.0),
        (":(", ":(", [":)", ":("], 1.0),
        ("non", "oui", ["oui", "non"], 0.0),
        ("", "yes", ["yes", "no"], 0.0),
    ],
)
def test_label_accuracy(prediction, reference, labels, expected):
    assert score("label_accuracy", prediction, reference, labels) == expected


def test_label_accuracy_needs_labels_and_a_gold_label():
    with pytest.raises(ValueError, match="labels"):
        score("label_accuracy", "yes", "yes")
    with pytest.raises(ValueError, match="not one of the labels"):
        score("label_accuracy", "yes", "maybe", ["yes", "no"])


@pytest.mark.parametrize(
    "prediction, reference, expected",
    [
        ("42", "42", 1.0),
        ("The answer is 42.", "42", 1.0),
        ("42.0", "42", 1.0),
        ("-3", "-3", 1.0),
        ("3", "-3", 0.0),
        ("1,000 m", "1000", 1.0),
        ("2.5", "2.5", 1.0),
        ("75%", "75%", 1.0),
        ("41", "42", 0.0),
        ("forty-two", "42", 0.0),
        ("42 or 43", "43", 0.0),
    ],
)
def test_numeric(prediction, reference, expected):
    assert score("numeric", prediction, reference) == expected


def test_numeric_needs_a_numeric_reference():
    with pytest.raises(ValueError, match="number in the reference"):
        score("numeric", "42", "forty-two")


def test_unknown_metric_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown metric 'bleu'.*exact_match.*label_accuracy.*numeric"):
        score("bleu", "a", "a")


def test_metrics_registry():
    assert {"exact_match", "exact_match_cased", "label_accuracy", "numeric"} <= set(METRICS)
