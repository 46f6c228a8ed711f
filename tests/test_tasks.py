"""The task suite v2 (tasks/t2l-tasks-v2, built by the tasks.t2l_suite package): it matches its
generator, splits by family, has varied descriptions whose evaluation wording is separate from the
training wording, scores its own answers, loads with `datasets` and round-trips through the Hub."""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hf_t2l.evaluation.scoring import METRICS, score
from tasks.t2l_suite import build as suite_build
from tasks.t2l_suite.core import SPLITS, Family, discover, only
from tasks.t2l_suite.domains import D
from tasks.t2l_suite.styles import HELDOUT, TRAIN

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tasks" / "t2l-tasks-v2"
FILES = sorted(
    ["README.md", *(f"{kind}/{split}.jsonl" for kind in ("tasks", "examples") for split in SPLITS)]
)
TASK_KEYS = {"task_id", "family", "split", "descriptions", "metric", "labels", "composition"}


def _read(kind: str, split: str) -> list[dict]:
    with open(SUITE / kind / f"{split}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def suite():
    return {s: _read("tasks", s) for s in SPLITS}, {s: _read("examples", s) for s in SPLITS}


def test_committed_suite_equals_a_fresh_build(tmp_path):
    suite_build.build(tmp_path)
    produced = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert produced == FILES
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SUITE / name).read_bytes(), (
            f"{name} differs: run `python -m tasks.t2l_suite.build` and commit the result"
        )


def test_adding_a_family_leaves_every_other_task_unchanged():
    families = discover()
    before = {b.task.task_id: (b.descriptions, b.examples) for b in suite_build.build_tasks(families)}
    extra = Family("zz_extra_family", split="train")
    extra.add(
        "zz_extra_task",
        D["word"],
        lambda w: w + w,
        ["write the word twice without a space"],
        only("the doubled word"),
    )
    after = {
        b.task.task_id: (b.descriptions, b.examples) for b in suite_build.build_tasks([extra, *families])
    }
    assert set(after) == set(before) | {"zz_extra_task"}
    assert all(after[task_id] == value for task_id, value in before.items())


def test_discovery_finds_one_family_per_module():
    folder = ROOT / "tasks" / "t2l_suite" / "families"
    modules = sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))
    assert [f.name for f in discover()] == modules  # the module is named after its family


def test_schema_and_consistency(suite):
    tasks, examples = suite
    for split in SPLITS:
        ids = [t["task_id"] for t in tasks[split]]
        assert len(ids) == len(set(ids))
        for task in tasks[split]:
            assert set(task) == TASK_KEYS and task["split"] == split
            assert task["metric"] in METRICS, task["task_id"]
            assert (task["metric"] == "label_accuracy") == (task["labels"] is not None), task["task_id"]
        prompts = defaultdict(set)
        for example in examples[split]:
            assert set(example) == {"task_id", "split", "prompt", "response"} and example["split"] == split
            assert example["task_id"] in ids
            assert example["prompt"].strip() and example["response"].strip()
            assert example["prompt"] not in prompts[example["task_id"]], "duplicate prompt within a task"
            prompts[example["task_id"]].add(example["prompt"])


def test_every_task_has_at_least_20_distinct_descriptions_used_by_no_other_task(suite):
    tasks, _ = suite
    owner: dict[str, str] = {}
    for task in (t for split in SPLITS for t in tasks[split]):
        texts = task["descriptions"]
        assert len(set(texts)) == len(texts) >= 20, task["task_id"]
        assert all(d == d.strip() and d[0].isupper() and d[-1] in ".?!)" for d in texts), task["task_id"]
        for d in texts:
            assert owner.setdefault(d, task["task_id"]) == task["task_id"], f"shared description: {d!r}"


def test_descriptions_cover_the_styles(suite):
    tasks, _ = suite
    for task in tasks["train"][:50]:
        texts = task["descriptions"]
        assert any(d.endswith("?") or "? " in d for d in texts), task["task_id"]  # a question
        assert any('" gives "' in d for d in texts), task["task_id"]  # an inline example
        assert any(d.startswith("Output format:") for d in texts), task["task_id"]  # naming the format
        assert any(d.startswith(("You are given", "You are provided with")) for d in texts), task["task_id"]


def test_splits_are_disjoint_by_family_and_meet_their_sizes(suite):
    tasks, examples = suite
    families = {s: {t["family"] for t in tasks[s]} for s in SPLITS}
    for i, a in enumerate(SPLITS):
        for b in SPLITS[i + 1 :]:
            assert not families[a] & families[b], (a, b, families[a] & families[b])
    assert 6 <= len(families["validation"]) <= 10
    assert len(families["heldout"]) >= 25 and len(tasks["heldout"]) >= 60
    assert len(tasks["heldout_compositions"]) >= 15
    assert len(families["train"]) >= 100 and len(tasks["train"]) >= 1000
    assert sum(len(f) for f in families.values()) >= 100
    for split in SPLITS:
        per_task = Counter(e["task_id"] for e in examples[split])
        assert all(per_task[t["task_id"]] >= 64 for t in tasks[split])
    size = sum((SUITE / name).stat().st_size for name in FILES)
    assert size < 20_000_000


def test_compositions_combine_training_tasks(suite):
    tasks, _ = suite
    train_ids = {t["task_id"] for t in tasks["train"]}
    for task in tasks["heldout_compositions"]:
        parts = (task["composition"] or "").split("+")
        assert len(parts) >= 2 and set(parts) <= train_ids, task["task_id"]
    assert all(t["composition"] is None for s in ("validation", "heldout") for t in tasks[s])


def _templates(bank) -> list[str]:
    return (
        [f for fs in bank.frames.values() for f in fs]
        + [o for os in bank.outputs.values() for o in os]
        + [bank.example]
    )


def _literal_bigrams(bank) -> set[tuple[str, str]]:
    grams = set()
    for template in _templates(bank):
        for piece in re.split(r"\{\w+\}", template):
            words = re.findall(r"[a-z']+", piece.lower())
            grams.update(zip(words, words[1:]))
    return grams


def _openers(bank) -> set[str]:
    return {m[0].lower() for t in _templates(bank) if (m := re.match(r"[A-Za-z']+", t))}


def test_evaluation_wording_shares_no_phrase_with_the_training_bank(suite):
    assert not _literal_bigrams(TRAIN) & _literal_bigrams(HELDOUT)  # no two-word phrase in common
    assert not _openers(TRAIN) & _openers(HELDOUT)  # and no template starts with the same word
    tasks, _ = suite
    train_sentences = {
        s for t in tasks["train"] for d in t["descriptions"] for s in re.split(r"(?<=[.?!]) ", d)
    }
    for split in ("validation", "heldout", "heldout_compositions"):
        for task in tasks[split]:
            for d in task["descriptions"]:
                assert not set(re.split(r"(?<=[.?!]) ", d)) & train_sentences, (task["task_id"], d)


def test_every_gold_response_scores_one_and_a_wrong_answer_zero(suite):
    tasks, examples = suite
    rng = random.Random(0)
    for split in SPLITS:
        by_id = {t["task_id"]: t for t in tasks[split]}
        by_task = defaultdict(list)
        for example in examples[split]:
            task = by_id[example["task_id"]]
            assert score(task["metric"], example["response"], example["response"], task["labels"]) == 1.0
            by_task[example["task_id"]].append(example["response"])
        for task_id, responses in by_task.items():
            task = by_id[task_id]
            distinct = {r.strip().casefold() for r in responses}
            assert len(distinct) >= 2, f"{task_id}: every example has the same answer"
            for gold in rng.sample(responses, min(5, len(responses))):
                wrong = next(r for r in responses if r.strip().casefold() != gold.strip().casefold())
                if task["metric"] == "numeric":
                    wrong = str(float(re.search(r"-?[\d,]*\.?\d+", gold)[0].replace(",", "")) + 1)
                assert score(task["metric"], wrong, gold, task["labels"]) == 0.0, (task_id, wrong, gold)


def test_label_tasks_use_their_labels_and_yes_no_tasks_are_balanced(suite):
    tasks, examples = suite
    for split in SPLITS:
        counts = defaultdict(Counter)
        for example in examples[split]:
            counts[example["task_id"]][example["response"]] += 1
        for task in tasks[split]:
            if task["labels"]:
                seen = counts[task["task_id"]]
                assert set(seen) <= set(task["labels"]) and len(seen) >= 2, task["task_id"]
                if len(task["labels"]) == 2:
                    assert min(seen.values()) >= max(seen.values()) // 4, (task["task_id"], seen)


def test_card_describes_splits_and_scorers(suite):
    tasks, _ = suite
    card = (SUITE / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "None" not in card
    for split in SPLITS:
        assert re.search(
            rf"^\| `{split}` \| [^|]+ \| {len({t['family'] for t in tasks[split]})} "
            rf"\| {len(tasks[split])} \|",
            card,
            flags=re.MULTILINE,
        ), split
    for metric in {t["metric"] for s in SPLITS for t in tasks[s]}:
        assert re.search(rf"^\| `{metric}` \| \d+ \| ", card, flags=re.MULTILINE), metric


def test_loads_with_datasets(tmp_path, suite):
    datasets = pytest.importorskip("datasets")
    tasks, examples = suite
    cache = str(tmp_path / "cache")
    for split in SPLITS:
        loaded = datasets.load_dataset(str(SUITE), "tasks", split=split, cache_dir=cache)
        assert set(loaded.column_names) == TASK_KEYS and len(loaded) == len(tasks[split])
        assert isinstance(loaded[0]["descriptions"], list)
    held = datasets.load_dataset(str(SUITE), "examples", split="heldout", cache_dir=cache)
    assert held.to_list() == examples["heldout"]


def test_hf_t2l_reads_every_split(suite):
    from hf_t2l.training.data import load_task_collection

    tasks, examples = suite
    for split in SPLITS:
        loaded = load_task_collection(str(SUITE), split)
        assert [t.task_id for t in loaded] == [t["task_id"] for t in tasks[split]]
        assert sum(len(t.examples) for t in loaded) == len(examples[split])


def test_push_to_hub_uploads_one_commit_and_downloads_back_the_same_files(hub, tmp_path):
    from huggingface_hub import snapshot_download

    from tasks.t2l_suite.hub import push_to_hub

    repo_id = "tester/t2l-tasks-v2"
    url = push_to_hub(SUITE, repo_id)
    assert repo_id in url
    assert hub.commits(repo_id, repo_type="dataset") == 2  # the repo's initial commit + one for the push
    local = Path(snapshot_download(repo_id, repo_type="dataset", local_dir=tmp_path / "download"))
    for name in FILES:
        assert (local / name).read_bytes() == (SUITE / name).read_bytes(), name
    pushed = {n for n in hub.files(repo_id, repo_type="dataset") if not n.startswith(".")}
    assert pushed == set(FILES)


def test_push_to_hub_rejects_a_folder_that_is_not_a_suite(hub, tmp_path):
    from tasks.t2l_suite.hub import push_to_hub

    before = len(hub.state.log)
    with pytest.raises(FileNotFoundError, match=r"not a built task suite.*tasks\.t2l_suite\.build"):
        push_to_hub(tmp_path, "tester/not-a-suite")
    assert len(hub.state.log) == before  # nothing was sent


def test_family_rejects_bad_definitions():
    family = Family("f", split="train")
    with pytest.raises(ValueError, match="either a domain and an answer function, or make="):
        family.add("t", None, None, ["do it"], only("it"))
    with pytest.raises(ValueError, match="unknown metric 'bleu'"):
        family.add("t", D["word"], str.upper, ["do it"], only("it"), metric="bleu")
    with pytest.raises(ValueError, match="split 'test' is not one of"):
        Family("f", split="test")
    with pytest.raises(ValueError, match="needs comp="):
        Family("c", split="heldout_compositions").add("t", D["word"], str.upper, ["do it"], only("it"))


def test_build_rejects_a_gold_answer_that_its_own_scorer_does_not_accept():
    family = Family("f", split="train")
    family.add("t", D["word"], lambda w: "maybe", ["say yes or no"], only("yes or no"), labels=["yes", "no"])
    with pytest.raises(
        ValueError, match=r"Task 't', prompt '\w+': The reference 'maybe' is not one of the labels"
    ):
        suite_build.build_tasks([family])
    numeric = Family("g", split="train")
    numeric.add("u", D["word"], str.upper, ["shout the word"], only("the word"), metric="numeric")
    with pytest.raises(ValueError, match=r"Task 'u'.*needs a number in the reference"):
        suite_build.build_tasks([numeric])


def test_no_held_out_task_is_answered_by_a_training_task(suite):
    """Where a held-out and a training task share 20+ inputs, their gold answers must not agree (>= 90%).

    (Fewer shared inputs can agree by coincidence: swapping the halves of a six-letter word is
    rotating it by 3.)
    """
    _, examples = suite
    answers = defaultdict(dict)
    for split in SPLITS:
        for e in examples[split]:
            answers[(split, e["task_id"])][e["prompt"]] = e["response"].strip()
    by_prompt = defaultdict(set)
    for (split, task_id), table in answers.items():
        if split == "train":
            for prompt in table:
                by_prompt[prompt].add(task_id)
    for split in ("heldout", "validation"):
        for (s, task_id), table in answers.items():
            if s != split:
                continue
            shared = Counter(t for prompt in table for t in by_prompt.get(prompt, ()))
            for train_id, n in shared.items():
                if n < 20:
                    continue
                train_table = answers[("train", train_id)]
                agree = sum(train_table[p] == a for p, a in table.items() if p in train_table) / n
                assert agree < 0.9, (split, task_id, train_id, n, agree)
