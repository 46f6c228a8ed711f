"""The index of a hypernetwork's training tasks: nearest tasks, calibrated threshold, safe files."""

import json

import pytest
import torch

from hf_t2l.errors import CheckpointError, InvalidConfigError
from hf_t2l.model.task_index import INDEX_META_NAME, INDEX_WEIGHTS_NAME, TaskIndex


def _index(dim=16, n_tasks=6, per_task=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    centres = torch.randn(n_tasks, dim, generator=g)
    embeddings = {
        f"task{i}": centres[i] + 0.1 * torch.randn(per_task, dim, generator=g) for i in range(n_tasks)
    }
    index = TaskIndex.build(
        embeddings,
        families={f"task{i}": f"fam{i % 2}" for i in range(n_tasks)},
        descriptions={f"task{i}": f"Do task {i}." for i in range(n_tasks)},
        encoder="enc",
    )
    return index, centres


def test_nearest_tasks_come_first_with_their_cosine_similarity():
    index, centres = _index()
    query = torch.stack([centres[3] * 5.0, centres[1]])  # the scale of an embedding does not matter
    nearest = index.nearest(query, k=2)
    assert [n[0].task_id for n in nearest] == ["task3", "task1"]
    assert nearest[0][0].similarity > nearest[0][1].similarity
    assert nearest[0][0].similarity == pytest.approx(
        float(torch.cosine_similarity(centres[3], index.centroids[3], dim=0)), abs=1e-5
    )
    assert nearest[0][0].family == "fam1" and nearest[0][0].description == "Do task 3."
    assert len(index.nearest(centres[0], k=50)[0]) == len(index)  # k is capped by the number of tasks


def test_threshold_is_calibrated_on_held_apart_descriptions_and_flags_far_ones():
    index, centres = _index()
    g = torch.Generator().manual_seed(1)
    near = centres[:3] + 0.3 * torch.randn(3, centres.shape[1], generator=g)
    threshold = index.calibrate(near, quantile=0.0)
    assert threshold == pytest.approx(float(index.similarities(near).max(-1).values.min()))
    assert not any(index.is_unfamiliar(n) for n in index.nearest(near))
    far = -centres.sum(0, keepdim=True)  # opposite to every task
    assert index.is_unfamiliar(index.nearest(far)[0])


def test_round_trip_through_files(tmp_path):
    index, centres = _index()
    index.calibrate(centres, quantile=0.1)
    index.save(tmp_path)
    loaded = TaskIndex.load(tmp_path)
    assert loaded.task_ids == index.task_ids and loaded.families == index.families and loaded.encoder == "enc"
    assert loaded.threshold == pytest.approx(index.threshold)
    torch.testing.assert_close(loaded.centroids, index.centroids, atol=2e-3, rtol=0)  # stored as float16
    assert (tmp_path / INDEX_WEIGHTS_NAME).stat().st_size < 1000
    assert TaskIndex.load(tmp_path / "nothing-here") is None  # an index is optional


@pytest.mark.parametrize(
    "damage",
    ["one_file", "bad_json", "not_strings", "count_mismatch", "nan", "extra_tensor", "threshold_text"],
)
def test_damaged_index_files_are_named_errors(tmp_path, damage):
    from safetensors.torch import save_file

    index, _ = _index()
    index.save(tmp_path)
    meta_path, weights = tmp_path / INDEX_META_NAME, tmp_path / INDEX_WEIGHTS_NAME
    meta = json.loads(meta_path.read_text())
    if damage == "one_file":
        weights.unlink()
    elif damage == "bad_json":
        meta_path.write_text("{not json")
    elif damage == "not_strings":
        meta_path.write_text(json.dumps({**meta, "task_ids": [1, 2, 3, 4, 5, 6]}))
    elif damage == "count_mismatch":
        meta_path.write_text(json.dumps({**meta, "task_ids": meta["task_ids"][:2]}))
    elif damage == "nan":
        save_file({"centroids": torch.full((6, 16), float("nan"), dtype=torch.float16)}, str(weights))
    elif damage == "extra_tensor":
        save_file({"centroids": torch.zeros(6, 16), "other": torch.zeros(1)}, str(weights))
    elif damage == "threshold_text":
        meta_path.write_text(json.dumps({**meta, "threshold": "high"}))
    with pytest.raises(CheckpointError):
        TaskIndex.load(tmp_path)


def test_bad_arguments_are_named_errors():
    index, _ = _index()
    with pytest.raises(InvalidConfigError, match="size 5"):
        index.nearest(torch.zeros(1, 5))
    with pytest.raises(InvalidConfigError, match="2-d float tensor"):
        TaskIndex(torch.zeros(3, dtype=torch.long), ["a"], ["f"], ["d"])
    with pytest.raises(InvalidConfigError, match="one task id"):
        TaskIndex(torch.zeros(2, 4), ["a"], ["f"], ["d"])
    with pytest.raises(InvalidConfigError, match="quantile"):
        index.calibrate(torch.zeros(1, 16), quantile=1.5)


TASKS = {
    "word_reverse": (
        "string_transform",
        ["Reverse the letters of the word.", "Write the given word backwards."],
    ),
    "capital_city": (
        "geography",
        ["Name the capital city of the country.", "Give the capital of this country."],
    ),
    "sentiment": (
        "classification",
        ["Is this movie review positive or negative?", "Classify the review's sentiment."],
    ),
}


@pytest.fixture(scope="module")
def indexed_hypernetwork():
    from conftest import make_hypernetwork

    t2l = make_hypernetwork()
    enc = t2l.get_encoder()
    t2l.task_index = TaskIndex.build(
        {t: enc.encode(d) for t, (_, d) in TASKS.items()},
        families={t: f for t, (f, _) in TASKS.items()},
        descriptions={t: d[0] for t, (_, d) in TASKS.items()},
        encoder="minilm",
    )
    t2l.task_index.calibrate(
        enc.encode(
            [
                "Spell the word in reverse order.",
                "What is the capital of the country?",
                "Say whether the review is favourable.",
            ]
        ),
        quantile=0.0,
    )
    return t2l


def test_generate_reports_the_nearest_training_tasks_and_warns_far_from_all(indexed_hypernetwork, recwarn):
    from hf_t2l.errors import UnfamiliarDescriptionWarning

    adapter = indexed_hypernetwork.generate("Print the word with its letters in reverse order.")
    assert adapter.nearest_tasks[0].task_id == "word_reverse"
    assert not [w for w in recwarn if issubclass(w.category, UnfamiliarDescriptionWarning)]
    with pytest.warns(UnfamiliarDescriptionWarning, match="far from every task"):
        far = indexed_hypernetwork.generate("\U0001f600\U0001f600\U0001f600")
    assert far.nearest_tasks[0].similarity < indexed_hypernetwork.task_index.threshold


def test_index_is_saved_loaded_and_written_into_adapter_cards(indexed_hypernetwork, tmp_path):
    from hf_t2l import TextToLoRA

    indexed_hypernetwork.save_pretrained(tmp_path / "hn")
    assert {INDEX_WEIGHTS_NAME, INDEX_META_NAME} <= {p.name for p in (tmp_path / "hn").iterdir()}
    loaded = TextToLoRA.from_pretrained(tmp_path / "hn")
    assert loaded.task_index.task_ids == list(TASKS) and loaded.task_index.threshold == pytest.approx(
        indexed_hypernetwork.task_index.threshold
    )
    adapter = loaded.generate("Which city is the capital of this country?")
    assert adapter.nearest_tasks[0].task_id == "capital_city"
    adapter.save_pretrained(tmp_path / "adapter")
    card = (tmp_path / "adapter" / "README.md").read_text()
    assert "Closest training tasks" in card and "`capital_city`" in card
