"""Training for generalisation on task suite v2: the recipes, description dropout, lazy tokenisation."""

import random
from pathlib import Path

import pytest
import torch
from conftest import WORDS, make_hypernetwork, write_tasks

from hf_t2l import TextToLoRA
from hf_t2l.errors import InvalidConfigError
from hf_t2l.training import SFTConfig, load_config, load_task_collection, train_sft
from hf_t2l.training.bank import TaskBank, drop_words

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {
    "weather": "Describe tomorrow's weather forecast for the coastal town in one short sentence please",
    "cooking": "Write the first step of a recipe for baking fresh bread with flour yeast and water",
    "football": "Name the team that scored the winning goal in the football match last night",
}


@pytest.mark.parametrize("name", ["smollm2-v2-cpu", "smollm2-v2-gpu", "smollm2-v2-oracle"])
def test_v2_recipes_load_and_point_at_existing_splits(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    cfg = load_config("sft", ROOT / "configs" / f"{name}.yaml")
    assert cfg.data == "tasks/t2l-tasks-v2"
    for split in filter(None, (cfg.train_split, cfg.eval_split)):
        assert (ROOT / cfg.data / "tasks" / f"{split}.jsonl").is_file(), split
    if name == "smollm2-v2-oracle":
        assert cfg.train_split == "heldout" and cfg.eval_split is None and cfg.skip_examples >= 16
        return
    # selection and early stopping see validation families only, never the held-out ones
    assert cfg.train_split == "train" and cfg.eval_split == "validation"
    assert cfg.select_best and cfg.early_stopping_patience and 0 < cfg.description_dropout < 1
    assert cfg.save_steps and cfg.max_steps % cfg.save_steps == 0  # a re-run resumes from a checkpoint


def test_drop_words_keeps_an_ordered_nonempty_subset():
    rng = random.Random(0)
    text = TOPICS["weather"]
    variants = [drop_words(text, rng) for _ in range(200)]
    for v in variants:
        words = iter(text.split())
        assert v and all(w in words for w in v.split())  # a subsequence of the original words
    assert sum(v != text for v in variants) > 190  # 16 words at 25%: nearly always shortened
    assert all(drop_words("hello", random.Random(s), rate=1.0) == "hello" for s in range(5))


def test_description_dropout_samples_reencoded_variants_of_the_right_task(tmp_path, tiny_base):
    from transformers import AutoTokenizer

    encoder = make_hypernetwork().get_encoder()
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    rows = [(topic, [text], [("word : " + w, w)]) for (topic, text), w in zip(TOPICS.items(), WORDS)]
    write_tasks(tmp_path, rows, "train")
    tasks = load_task_collection(str(tmp_path), "train")  # one description and one example per task
    plain = TaskBank(tasks, tokenizer, encoder, 64)
    dropped = TaskBank(tasks, tokenizer, encoder, 64, description_dropout=1.0)
    stored = torch.cat(plain.embeddings)  # [3, E], one description per task
    rng = random.Random(1)
    items, embs = plain.sample(random.Random(1), 6, 1)
    assert all(any(torch.equal(e, s) for s in stored) for e in embs)  # p=0: stored embeddings only
    items, embs = dropped.sample(rng, 6, 2)
    assert len(items) == embs.shape[0] == 12
    assert not any(torch.equal(e, s) for e in embs for s in stored)  # p=1: every one re-encoded
    # each variant stays closest to its own task's description: the same task, another wording
    owner = [next(t for t in range(len(tasks)) if dropped.example(t, 0) is item) for item in items]
    nearest = torch.nn.functional.cosine_similarity(embs[:, None], stored[None], dim=-1).argmax(dim=1)
    assert nearest.tolist() == owner


def test_training_with_description_dropout_runs_and_bad_values_are_named(tmp_path, tiny_base):
    folder = tmp_path / "data"
    rows = [
        (f"t-{w}", [f"Always reply with the word {w}."], [("word : " + x, w) for x in WORDS[:6]])
        for w in WORDS[:4]
    ]
    write_tasks(folder, rows, "train")
    cfg = SFTConfig(
        output_dir=str(tmp_path / "out"),
        base_model=str(tiny_base),
        data=str(folder),
        eval_split=None,
        latent_size=32,
        head_in_size=64,
        max_steps=3,
        save_steps=0,
        logging="none",
        description_dropout=0.5,
    )
    assert train_sft(cfg)["step"] == 3
    assert TextToLoRA.from_pretrained(tmp_path / "out").config.embedding_dim == 384
    for bad in (1.5, -0.1, "often", True):
        with pytest.raises(InvalidConfigError, match=f"description_dropout={bad!r} must be a probability"):
            SFTConfig(output_dir="x", description_dropout=bad)


def test_multitask_lora_resumes_to_the_same_adapter(tmp_path, tiny_base):
    from safetensors.torch import load_file

    from hf_t2l.training.multitask import train_multitask_lora

    folder = tmp_path / "data"
    rows = [(f"t-{w}", [f"Reply {w}."], [("word : " + x, w) for x in WORDS[:6]]) for w in WORDS[:4]]
    write_tasks(folder, rows, "train")

    def cfg(name):
        return SFTConfig(
            output_dir=str(tmp_path / name),
            base_model=str(tiny_base),
            data=str(folder),
            eval_split=None,
            max_steps=6,
            save_steps=3,
            learning_rate=1e-2,
            logging="none",
        )

    train_multitask_lora(cfg("a"), tmp_path / "a")
    assert train_multitask_lora(cfg("b"), tmp_path / "b", stop_after=4)["interrupted"]  # step-3 on disk
    assert train_multitask_lora(cfg("b"), tmp_path / "b", resume=True)["steps"] == 6
    a, b = (load_file(tmp_path / x / "adapter_model.safetensors") for x in "ab")
    assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a)
    assert any(v.abs().sum() > 0 for k, v in a.items() if "lora_B" in k)  # it trained: B left its zero init


def test_make_targets_name_ten_or_more_existing_heldout_oracle_tasks():
    import re

    text = (ROOT / "Makefile").read_text()
    names = re.search(r"ORACLE_TASKS_V2 := ((?:.*\\\n)*.*)", text).group(1).replace("\\\n", " ").split()
    heldout = {t.task_id for t in load_task_collection(str(ROOT / "tasks" / "t2l-tasks-v2"), "heldout")}
    assert len(set(names)) >= 10 and set(names) <= heldout
    for target in ("train-v2-cpu:", "train-v2-gpu:", "train-v2-multitask:", "train-oracles-v2:"):
        recipe = text.split(target, 1)[1].split("\n\n", 1)[0]
        assert "--resume" in recipe, target  # a re-run continues where the last one stopped
