"""The evidence harness: bootstrap intervals, paired differences and robustness on known inputs, and
`evaluate` on a toy split under every condition (base, description in the prompt, multi-task LoRA,
T2L, the unrelated-description control, per-task oracle LoRAs)."""

import json
import math

import pytest
from conftest import write_tasks

from hf_t2l.evaluation.evaluate import evaluate
from hf_t2l.evaluation.report import EvalReport, bootstrap_interval

DESC = "Reply with the word alpha."


def test_bootstrap_interval_on_known_inputs():
    assert bootstrap_interval([0.25] * 7) == (0.25, 0.25)  # no spread: the interval is the value
    values = [0.0, 0.0, 1.0, 1.0, 0.5, 0.5, 1.0, 0.0]
    low, high = bootstrap_interval(values)
    assert 0.0 < low < sum(values) / len(values) < high < 1.0
    wide = bootstrap_interval([0.0, 1.0] * 4)
    narrow = bootstrap_interval([0.0, 1.0] * 40)  # ten times the tasks: a narrower interval
    assert narrow[1] - narrow[0] < 0.6 * (wide[1] - wide[0])
    assert bootstrap_interval(values) == (low, high)  # seeded: the same report gives the same numbers


def test_paired_difference_keeps_tasks_paired():
    report = EvalReport("heldout", ["base", "t2l"])
    # every task gains exactly 0.5 over the base model although the tasks' levels differ widely
    report.per_task = {f"t{i}": {"base": [i / 10], "t2l": [i / 10 + 0.5] * 3} for i in range(5)}
    d = report.difference("t2l", "base")
    assert (d["mean"], d["ci_low"], d["ci_high"]) == pytest.approx((0.5, 0.5, 0.5))
    assert (d["wins"], d["losses"], d["tasks"]) == (5, 0, 5)


def test_robustness_is_best_minus_worst_description_per_task(tmp_path):
    report = EvalReport("heldout", ["base", "t2l"], examples_per_task=4)
    report.per_task = {
        "a": {"base": [0.0], "t2l": [0.25, 1.0, 0.5]},  # gap 0.75
        "b": {"base": [0.5], "t2l": [0.5, 0.5, 0.5, 0.5]},  # gap 0
        "c": {"base": [0.0], "t2l": [1.0, 0.0, 0.5]},  # gap 1
        "d": {"base": [0.0], "t2l": [0.0, 1.0]},
    }  # only 2 descriptions: left out
    r = report.robustness()
    assert r["per_task"] == {"a": 0.75, "b": 0.0, "c": 1.0}
    assert r["tasks"] == 3 and r["mean"] == pytest.approx(1.75 / 3)
    assert r["ci_low"] <= r["mean"] <= r["ci_high"]
    assert math.isnan(report.robustness("base")["mean"])  # one value per task: nothing to measure
    report.save(tmp_path)
    md = (tmp_path / "results.md").read_text()
    assert "mean over tasks 58.3 points" in md and "best - worst (t2l)" in md
    assert "| a | 0 | 58 | 75 |" in md and "| d | 0 | 50 | - |" in md
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["robustness"]["per_task"]["c"] == 1.0 and data["robustness"]["tasks"] == 3


def test_evaluate_scores_every_condition_of_the_evidence_table(tmp_path, tiny_base):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.offline.bundled import MINILM_ID

    examples = [("word : cat", "alpha"), ("word : dog", "alpha"), ("word : red", "alpha")]
    descriptions = [DESC, "Answer alpha.", "Whatever the input, the output is alpha."]
    write_tasks(
        tmp_path / "data",
        [
            ("t-alpha", descriptions, examples),
            (
                "t-beta",
                ["Reply with beta.", "Say beta.", "Output: beta."],
                [(p, "beta") for p, _ in examples],
            ),
        ],
        "heldout",
    )
    model = AutoModelForCausalLM.from_pretrained(tiny_base)
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    t2l = TextToLoRA(T2LConfig.from_base_model(tiny_base, encoder=MINILM_ID, latent_size=32, head_in_size=64))
    t2l.generate(DESC).save_pretrained(tmp_path / "multitask")
    t2l.generate(DESC).save_pretrained(tmp_path / "oracles" / "t-alpha")  # an oracle for one task only
    report = evaluate(
        str(tmp_path / "data"),
        hypernetwork=t2l,
        base_model=model,
        tokenizer=tokenizer,
        max_examples=3,
        seeds=3,
        loras={"multitask": str(tmp_path / "multitask")},
        oracle_dir=str(tmp_path / "oracles"),
        max_new_tokens=3,
        show_progress=False,
    )
    assert report.conditions == ["base", "base+description", "t2l", "t2l-random", "lora:multitask", "oracle"]
    assert "oracle" in report.per_task["t-alpha"] and "oracle" not in report.per_task["t-beta"]
    assert all(len(report.per_task[t]["t2l"]) == 3 for t in report.per_task)
    # untrained: every adapter is delta W = 0, so each wording scores as the base model and the gap is 0
    assert report.robustness()["per_task"] == {"t-alpha": 0.0, "t-beta": 0.0}
    folder = report.save(tmp_path / "report")
    data = json.loads((folder / "results.json").read_text())
    assert set(data["differences"]) == {f"t2l - {c}" for c in report.conditions if c != "t2l"}
    assert data["differences"]["t2l - oracle"]["tasks"] == 1
    assert data["robustness"]["tasks"] == 2
    assert "| t2l - lora:multitask |" in (folder / "results.md").read_text()
