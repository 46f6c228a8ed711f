import json

import pytest
import torch
from conftest import logits, make_hypernetwork, tiny_llama, write_tasks
from peft import PeftModel

from hf_t2l.evaluation.evaluate import evaluate
from hf_t2l.training.lora_hooks import generated_lora

DESC = "Reply with the word alpha."


def test_training_hooks_apply_exactly_what_peft_applies(tiny_model):
    t2l = make_hypernetwork()
    with torch.no_grad():
        weights = t2l(t2l.get_encoder().encode([DESC]))
    ids = torch.tensor([[1, 5, 9, 17, 33, 65, 2, 7], [3, 4, 5, 6, 7, 8, 9, 10]])
    with generated_lora(
        tiny_model,
        t2l.config,
        {m: (A.expand(2, *A.shape[1:]), B.expand(2, *B.shape[1:])) for m, (A, B) in weights.items()},
    ):
        hooked = logits(tiny_model, ids)
    peft = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    torch.testing.assert_close(hooked, logits(peft, ids), rtol=1e-5, atol=1e-5)


def test_evaluate_writes_a_report_for_every_condition(tmp_path, tiny_base):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from hf_t2l import T2LConfig, TextToLoRA
    from hf_t2l.offline.bundled import MINILM_ID

    examples = [("word : cat", "alpha"), ("word : dog", "alpha"), ("word : red", "alpha")]
    write_tasks(
        tmp_path / "data",
        [
            ("t-alpha", [DESC, "Answer alpha."], examples),
            ("t-beta", ["Reply with the word beta."], [(p, "beta") for p, _ in examples]),
        ],
        "heldout",
    )
    model = AutoModelForCausalLM.from_pretrained(tiny_base)
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    t2l = TextToLoRA(T2LConfig.from_base_model(tiny_base, encoder=MINILM_ID, latent_size=32, head_in_size=64))
    t2l.generate(DESC).save_pretrained(tmp_path / "lora")
    report = evaluate(
        str(tmp_path / "data"),
        hypernetwork=t2l,
        base_model=model,
        tokenizer=tokenizer,
        max_examples=3,
        seeds=2,
        loras={"fixed": str(tmp_path / "lora")},
        max_new_tokens=3,
        show_progress=False,
    )
    assert report.conditions == ["base", "base+description", "t2l", "t2l-random", "lora:fixed"]
    assert set(report.per_task) == {"t-alpha", "t-beta"}
    for values in report.per_task.values():
        assert len(values["t2l"]) == 2 and len(values["base"]) == 1
        assert all(0.0 <= a <= 1.0 for accs in values.values() for a in accs)
    # an untrained hypernetwork writes delta W = 0, so T2L answers exactly as the base model does
    assert report.per_task["t-alpha"]["t2l"] == report.per_task["t-alpha"]["base"] * 2
    folder = report.save(tmp_path / "report")
    summary = json.loads((folder / "results.json").read_text())["summary"]
    assert set(summary) == set(report.conditions)
    assert "| t-alpha |" in (folder / "results.md").read_text()
    assert (folder / "per_task.svg").read_text().count("<rect") >= 2 * 5


def test_paired_differences_and_reading_a_report_back(tmp_path):
    from hf_t2l.evaluation.evaluate import EvalReport

    report = EvalReport("heldout", ["base+description", "t2l"], examples_per_task=4)
    report.per_task = {
        "a": {"base+description": [0.5], "t2l": [1.0, 0.5]},  # t2l wins by 0.25
        "b": {"base+description": [0.5], "t2l": [0.25, 0.25]},  # loses by 0.25
        "c": {"base+description": [0.0], "t2l": [0.75, 0.75]},  # wins by 0.75
        "d": {"t2l": [1.0, 1.0]},
    }  # not paired: left out
    d = report.difference("t2l", "base+description")
    assert (d["tasks"], d["wins"], d["losses"]) == (3, 2, 1)
    assert abs(d["mean"] - 0.25) < 1e-12 and d["ci_low"] <= d["mean"] <= d["ci_high"]
    report.save(tmp_path)
    assert "| t2l - base+description | +25.0 |" in (tmp_path / "results.md").read_text()
    back = EvalReport.load(tmp_path)
    assert back.per_task == report.per_task and back.conditions == report.conditions
    assert (
        json.loads((tmp_path / "results.json").read_text())["differences"]["t2l - base+description"]["wins"]
        == 2
    )


def _eval_fixture(tmp_path, tiny_base):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    examples = [("word : cat", "alpha"), ("word : dog", "alpha"), ("word : red", "alpha")]
    write_tasks(
        tmp_path / "data",
        [
            ("t-alpha", [DESC, "Answer alpha."], examples),
            ("t-beta", ["Reply with the word beta."], [(p, "beta") for p, _ in examples]),
            ("t-gamma", ["Count the letters of the word."], [(p, "3") for p, _ in examples]),
        ],
        "heldout",
    )
    return AutoModelForCausalLM.from_pretrained(tiny_base), AutoTokenizer.from_pretrained(tiny_base)


def test_batching_across_tasks_and_conditions_changes_no_answer(tmp_path, tiny_base):
    model, tokenizer = _eval_fixture(tmp_path, tiny_base)
    t2l = make_hypernetwork(seed=4)  # trained-like: every description writes another adapter
    reports = [
        evaluate(
            str(tmp_path / "data"),
            hypernetwork=t2l,
            base_model=model,
            tokenizer=tokenizer,
            max_examples=3,
            seeds=2,
            max_new_tokens=3,
            show_progress=False,
            batch_size=size,
            conditions=("base", "base+description", "t2l", "t2l+description", "t2l-random"),
        )
        for size in (1, 64)
    ]
    one, many = reports
    assert one.per_task == many.per_task and one.samples == many.samples
    # each condition answered what it says: the description before the prompt, or not
    samples = {}
    for sample in many.samples["t-alpha"]:  # the first seed's
        samples.setdefault(sample["condition"], sample["prompt"])
    assert samples["t2l+description"] == f"{DESC}\n\nword : cat" == samples["base+description"]
    assert samples["t2l"] == "word : cat"


def test_the_router_uses_the_adapter_only_for_familiar_descriptions(tmp_path, tiny_base):
    from hf_t2l.model.task_index import TaskIndex

    model, tokenizer = _eval_fixture(tmp_path, tiny_base)
    t2l = make_hypernetwork(seed=4)
    encode = t2l.get_encoder().encode
    t2l.task_index = TaskIndex.build(
        {"known": encode([DESC, "Answer alpha."])},
        families={"known": "k"},
        descriptions={"known": DESC},
        threshold=0.9,
    )
    report = evaluate(
        str(tmp_path / "data"),
        hypernetwork=t2l,
        base_model=model,
        tokenizer=tokenizer,
        max_examples=3,
        seeds=1,
        max_new_tokens=3,
        show_progress=False,
        conditions=("base+description", "t2l", "router"),
    )
    for task, routed_to in (("t-alpha", "t2l"), ("t-gamma", "base+description")):
        samples = {s["condition"]: s for s in report.samples[task]}
        assert samples["router"]["prompt"] == samples[routed_to]["prompt"]
        assert report.per_task[task]["router"] == report.per_task[task][routed_to]


def test_spearman_and_the_familiarity_signal():
    import math

    from hf_t2l.evaluation.report import EvalReport
    from hf_t2l.evaluation.summary import familiarity, spearman

    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 2, 3], [1, 2, 2, 3]) == pytest.approx(1.0)  # ties share their rank
    assert spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]) == pytest.approx(0.8)
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))
    report = EvalReport("heldout", ["base+description", "t2l"])
    report.per_task = {
        "near": {"base+description": [0.5], "t2l": [1.0, 0.75]},
        "far": {"base+description": [0.5], "t2l": [0.0, 0.25]},
        "mid": {"base+description": [0.5], "t2l": [0.5, 1.0]},
    }
    report.run = {
        "nearest_similarity": {"near": [0.9, 0.8], "far": [0.2, 0.3], "mid": [0.5, 0.6]},
        "familiarity_threshold": 0.4,
    }
    f = familiarity(report)
    assert f["descriptions"] == 6 and f["spearman"] > 0.8
    assert f["flagged"] == 2 / 6 and f["precision"] == 1.0  # both far descriptions did worse than the prompt
    assert f["recall"] == 2 / 3  # mid's first seed tied the prompt without being flagged
    assert familiarity(report, threshold=0.0)["flagged"] == 0.0
    assert familiarity(EvalReport("heldout", ["t2l"])) is None


def test_evaluate_records_each_descriptions_nearest_training_task(tmp_path, tiny_base):
    from hf_t2l.evaluation.summary import summarize
    from hf_t2l.model.task_index import TaskIndex

    model, tokenizer = _eval_fixture(tmp_path, tiny_base)
    t2l = make_hypernetwork(seed=4)
    t2l.task_index = TaskIndex.build(
        {"known": t2l.get_encoder().encode([DESC])},
        families={"known": "k"},
        descriptions={"known": DESC},
        threshold=0.5,
    )
    report = evaluate(
        str(tmp_path / "data"),
        hypernetwork=t2l,
        base_model=model,
        tokenizer=tokenizer,
        max_examples=2,
        seeds=2,
        max_new_tokens=2,
        show_progress=False,
        conditions=("base+description", "t2l"),
    )
    sims = report.run["nearest_similarity"]
    assert set(sims) == {"t-alpha", "t-beta", "t-gamma"} and all(len(v) == 2 for v in sims.values())
    assert sims["t-alpha"][0] == pytest.approx(1.0, abs=1e-4)  # DESC is the indexed task's own description
    assert max(sims["t-gamma"]) < 0.9
    assert report.run["familiarity_threshold"] == 0.5
    report.save(tmp_path / "r")
    assert "Spearman: nearest-task similarity vs T2L accuracy" in summarize([tmp_path / "r"])
