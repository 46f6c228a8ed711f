"""Evaluation results as evidence: the card's model-index, the shipped card, the ablation table."""

import json
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_tasks
from huggingface_hub import ModelCard

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.cli import main
from hf_t2l.evaluation.report import EvalReport
from hf_t2l.evaluation.summary import summarize
from hf_t2l.hub.model_card import is_unedited_generated_card, write_eval_results
from hf_t2l.offline.bundled import MINILM_ID

ROOT = Path(__file__).resolve().parent.parent
DESC = "Reply with the word alpha."
EXAMPLES = [("word : cat", "alpha"), ("word : dog", "alpha")]
TASKS = [
    ("t-alpha", [DESC, "Answer alpha.", "Say alpha, whatever the word."], EXAMPLES),
    ("t-beta", ["Reply with the word beta.", "Answer beta."], [(p, "beta") for p, _ in EXAMPLES]),
]
TRAINING = {"max_steps": 10, "tasks_per_step": 4, "examples_per_task": 2, "data": "tasks/x"}


@pytest.fixture(scope="module")
def hypernetwork_dir(tmp_path_factory, tiny_base):
    """A saved tiny hypernetwork (with its card) and the training record `hf-t2l train` leaves beside it."""
    folder = tmp_path_factory.mktemp("evidence") / "run"
    t2l = TextToLoRA(T2LConfig.from_base_model(tiny_base, encoder=MINILM_ID, latent_size=32, head_in_size=64))
    t2l.save_pretrained(folder)
    state = folder / "checkpoints" / "step-5"
    state.mkdir(parents=True)
    (state / "trainer_state.json").write_text(json.dumps({"step": 5, "config": TRAINING}))
    result = {
        "step": 5,
        "stopped_early": True,
        "examples_seen": 40,
        "seconds": 120.0,
        "final_eval_loss": 1.5,
        "best_checkpoint": "elsewhere/checkpoints/step-5",  # where training ran; the run folder moved
    }
    (folder / "training_metrics.json").write_text(json.dumps({"result": result, "history": []}))
    t2l.generate(DESC).save_pretrained(folder.parent / "multitask")
    t2l.generate(DESC).save_pretrained(folder.parent / "oracles" / "t-alpha")
    for split in ("heldout", "heldout_compositions"):
        write_tasks(folder.parent / "data", TASKS, split)
    return folder


def _eval(folder: Path, split: str, out: Path, *extra: str) -> int:
    return main(
        [
            "eval",
            "--hypernetwork",
            str(folder),
            "--data",
            str(folder.parent / "data"),
            "--split",
            split,
            "--lora",
            f"multitask={folder.parent / 'multitask'}",
            "--oracle-dir",
            str(folder.parent / "oracles"),
            "--max-examples",
            "2",
            "--seeds",
            "3",
            "--max-new-tokens",
            "2",
            "--output",
            str(out),
            *extra,
        ]
    )


def _by_set(card_path: Path) -> dict[tuple[str, str], dict[str, object]]:
    """The card's model-index read back with huggingface_hub: {(collection, split): {metric name: result}}."""
    out: dict[tuple[str, str], dict[str, object]] = {}
    for r in ModelCard.load(card_path).data.eval_results:
        out.setdefault((r.dataset_type, r.dataset_split), {})[r.metric_name] = r
    return out


def test_eval_update_card_records_the_report_in_the_hypernetworks_model_index(hypernetwork_dir, tmp_path):
    assert is_unedited_generated_card((hypernetwork_dir / "README.md").read_text())
    assert _eval(hypernetwork_dir, "heldout", tmp_path / "heldout", "--update-card") == 0
    data = json.loads((tmp_path / "heldout" / "results.json").read_text())
    sets = _by_set(hypernetwork_dir / "README.md")
    assert list(sets) == [("data", "heldout")]
    metrics = sets["data", "heldout"]
    names = {
        "base": "base model",
        "base+description": "description in the prompt",
        "t2l": "T2L",
        "t2l-random": "T2L from an unrelated description (control)",
        "lora:multitask": "multi-task LoRA",
        "oracle": "per-task oracle LoRA",
    }
    assert set(data["summary"]) == set(names)
    for condition, name in names.items():
        s, r = data["summary"][condition], metrics[name]
        assert (r.metric_type, r.metric_value) == ("accuracy", round(s["mean"], 4))
        assert r.metric_args["ci_low"] == round(s["ci_low"], 4)
        assert r.metric_args["ci_high"] == round(s["ci_high"], 4)
        assert r.metric_args["tasks"] == (1 if condition == "oracle" else 2)  # oracles where present
    diff = metrics["T2L minus description in the prompt (paired over tasks)"]
    assert diff.metric_value == round(data["differences"]["t2l - base+description"]["mean"], 4)
    assert metrics["T2L best minus worst description"].metric_value == round(data["robustness"]["mean"], 4)
    # the card stays recognisably generated (a later push may still replace it)
    assert is_unedited_generated_card((hypernetwork_dir / "README.md").read_text())

    # a second set adds an entry; evaluating a set again replaces its entry
    assert _eval(hypernetwork_dir, "heldout_compositions", tmp_path / "comp", "--update-card") == 0
    assert _eval(hypernetwork_dir, "heldout", tmp_path / "again", "--update-card") == 0
    sets = _by_set(hypernetwork_dir / "README.md")
    assert sorted(sets) == [("data", "heldout"), ("data", "heldout_compositions")]
    assert len(sets["data", "heldout"]) == len(metrics)


def test_eval_records_its_command_and_the_training_budget(hypernetwork_dir, tmp_path):
    assert _eval(hypernetwork_dir, "heldout", tmp_path / "out") == 0
    run = EvalReport.load(tmp_path / "out").run
    assert run["command"].startswith("hf-t2l eval --hypernetwork ") and "--seeds 3" in run["command"]
    assert (run["split"], run["seeds"], run["max_examples"]) == ("heldout", 3, 2)
    assert run["training"] == {
        "step": 5,
        "stopped_early": True,
        "examples_seen": 40,
        **{k: TRAINING[k] for k in ("max_steps", "tasks_per_step", "examples_per_task", "data")},
    }
    table = summarize([tmp_path / "out"])
    assert "5 steps x 4 tasks x 2 examples of 10, stopped early at step 5" in table
    assert "`hf-t2l eval --hypernetwork " in table


def _report(folder: Path, t2l: list[float], prompt: float, *, data: str, split: str = "heldout") -> Path:
    """A report through the real EvalReport (two tasks, three descriptions each), saved to ``folder``."""
    report = EvalReport(
        split,
        ["base", "base+description", "t2l"],
        {
            "a": {"base": [0.0], "base+description": [prompt] * 3, "t2l": t2l},
            "b": {"base": [0.25], "base+description": [prompt] * 3, "t2l": [v / 2 for v in t2l]},
        },
        examples_per_task=4,
    )
    report.run = {"data": data, "command": f"hf-t2l eval --data {data} --split {split}"}
    report.save(folder)
    return folder


def test_summarize_prints_one_row_per_run_with_the_recorded_numbers(tmp_path):
    a = _report(tmp_path / "a", [1.0, 0.5, 0.75], 0.25, data="tasks/t2l-tasks-v2")
    b = _report(tmp_path / "b", [0.0, 0.0, 0.0], 0.5, data="tasks/t2l-tasks-v2")
    rows = summarize([a, b]).splitlines()
    assert len(rows) == 4 and rows[0].startswith("| run | command | training budget |")
    assert rows[2].startswith(f"| {a} | `hf-t2l eval --data tasks/t2l-tasks-v2 --split heldout` | - | 2 |")
    # T2L: task a 0.75, task b 0.375 -> 56.2; minus prompt 0.25 -> +31.2; best - worst: 0.5 and 0.25
    assert "| 56.2 |" in rows[2] and "| +31.2 |" in rows[2] and rows[2].endswith("| 37.5 | - |")
    assert "| 0.0 |" in rows[3] and "| -50.0 |" in rows[3]
    # the second hypernetwork against the first, paired over their two shared tasks: it loses both
    assert rows[3].endswith("| -56.2 (-75.0 to -37.5), 0/2 of 2 |")
    with pytest.raises(ValueError, match="holds no results.json"):
        summarize([tmp_path])
    # results written before the budget was recorded: the run's training record copied beside them
    result = {"step": 300, "examples_seen": 2400, "stopped_early": False}
    (tmp_path / "training_metrics.json").write_text(json.dumps({"result": result}))
    assert "| 300 steps (2400 examples) |" in summarize([a]).splitlines()[2]
    assert main(["eval", "summarize", str(a), str(b)]) == 0


def test_ship_default_writes_every_evaluated_set_into_the_shipped_cards_model_index(
    hypernetwork_dir, tmp_path
):
    v2 = _report(tmp_path / "heldout", [1.0, 0.5, 0.75], 0.25, data="tasks/t2l-tasks-v2")
    comp = _report(
        tmp_path / "comp", [0.5, 0.5, 0.5], 0.5, data="tasks/t2l-tasks-v2", split="heldout_compositions"
    )
    v1 = _report(tmp_path / "v1", [0.0, 0.25, 0.5], 0.0, data="tasks/t2l-tasks-v1")
    ship = runpy.run_path(str(ROOT / "configs" / "ship_default.py"))["main"]
    target = ship(str(hypernetwork_dir), (str(v2), str(comp), str(v1)), target=tmp_path / "shipped")
    sets = _by_set(target / "README.md")
    assert sorted(sets) == [
        ("t2l-tasks-v1", "heldout"),
        ("t2l-tasks-v2", "heldout"),
        ("t2l-tasks-v2", "heldout_compositions"),
    ]
    for (collection, split), folder in [(("t2l-tasks-v2", "heldout"), v2), (("t2l-tasks-v1", "heldout"), v1)]:
        report = EvalReport.load(folder)
        for condition, name in [("t2l", "T2L"), ("base+description", "description in the prompt")]:
            mean, low, high = report.mean(condition)
            r = sets[collection, split][name]
            assert (r.metric_value, r.metric_args["ci_low"], r.metric_args["ci_high"]) == (
                round(mean, 4),
                round(low, 4),
                round(high, 4),
            )
    assert sets["t2l-tasks-v2", "heldout"]["T2L"].metric_value == 0.5625
    assert sets["t2l-tasks-v1", "heldout"]["T2L"].metric_value == 0.1875


def test_update_card_needs_a_hypernetwork_folder_with_a_card(tmp_path, capsys):
    assert main(["eval", "--output", str(tmp_path / "o"), "--update-card"]) == 2
    assert "--update-card writes into the evaluated hypernetwork's folder" in capsys.readouterr().err
    with pytest.raises(ValueError, match="has no README.md"):
        write_eval_results(tmp_path, [])


def test_eval_without_output_is_a_named_error(capsys):
    assert main(["eval"]) == 2
    assert "required: --output" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")
def test_make_eval_default_runs_the_eval_v2_sets_on_the_shipped_default_and_ship_default_carries_them():
    out = subprocess.run(
        [
            "make",
            "-n",
            "eval-default",
            "eval-v2",
            "ship-default",
            "V2_HYPERNETWORK=runs/x",
            "HYPERNETWORK=runs/x",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    evals = [line for line in out.splitlines() if "hf-t2l eval " in line]
    default, v2 = evals[:5], evals[5:]
    assert len(v2) == 5 and all("--hypernetwork default " in line for line in default)
    same = [
        line.replace("--hypernetwork default", "--hypernetwork runs/x").replace(
            "results/smollm2-default/", "results/x/"
        )
        for line in default
    ]
    assert same == v2  # one definition: the shipped default is evaluated exactly as a trained folder
    sets = [(line.split("--data ")[1].split()[0], line.split("--split ")[1].split()[0]) for line in default]
    assert sets == [
        ("tasks/t2l-tasks-v2", "heldout"),
        ("tasks/t2l-tasks-v2", "heldout"),
        ("tasks/t2l-tasks-v2", "heldout_compositions"),
        ("tasks/t2l-tasks-v1", "heldout"),
        ("runs/seen-tasks-v2", "train"),  # training families on new examples (configs/seen_tasks_v2.py)
    ]
    assert "configs/seen_tasks_v2.py --out runs/seen-tasks-v2" in out  # written before it is scored
    assert "--oracle-dir" not in default[0] and "--lora multitask=" in default[0]
    # the oracle run: the 12 held-out tasks that have an oracle LoRA, as one comma-separated list
    assert "--oracle-dir runs/oracles-v2" in default[1]
    assert len(default[1].split("--tasks ")[1].split()[0].split(",")) == 12
    ship = next(line for line in out.splitlines() if "configs/ship_default.py" in line)
    # the card's model-index carries the held-out sets only, not the training families
    assert ship.endswith("runs/x results/x/heldout results/x/heldout_compositions results/x/v1-heldout")


def test_a_card_a_person_edited_keeps_its_text_and_gets_the_results(tmp_path):
    card = "---\nlicense: mit\n---\n# My hypernetwork\n\nNotes a person wrote.\n"
    (tmp_path / "README.md").write_text(card)
    report = EvalReport.load(_report(tmp_path / "r", [1.0, 0.5, 0.75], 0.25, data="tasks/t2l-tasks-v2"))
    text = write_eval_results(tmp_path, [report]).read_text()
    assert text.endswith("# My hypernetwork\n\nNotes a person wrote.\n") and "license: mit" in text
    assert not is_unedited_generated_card(text)  # still the person's card: a push will not replace it
    assert _by_set(tmp_path / "README.md")["t2l-tasks-v2", "heldout"]["T2L"].metric_value == 0.5625
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".README")] == []  # no temporary left
