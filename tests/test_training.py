"""Training on tiny models: SFT learns, reconstruction fits, resume is exact, bad input is clear."""

import json

import pytest
import torch
import yaml
from conftest import make_hypernetwork, write_tasks

from hf_t2l import TextToLoRA
from hf_t2l.errors import InvalidConfigError, TaskDataError
from hf_t2l.training import ReconConfig, SFTConfig, load_config, load_task_collection, train_recon, train_sft


def sft_config(tmp_path, tiny_base, toy_tasks, **kw):
    base = dict(
        output_dir=str(tmp_path / "out"),
        base_model=str(tiny_base),
        data=str(toy_tasks),
        latent_size=32,
        head_in_size=64,
        max_steps=40,
        learning_rate=3e-3,
        warmup_ratio=0.1,
        save_steps=20,
        eval_steps=20,
        tasks_per_step=4,
        examples_per_task=2,
        logging="none",
        seed=3,
        mixed_precision="no",  # float32, so runs can be compared closely (bf16: test_training_speed.py)
    )
    return SFTConfig(**{**base, **kw})


def test_sft_lowers_validation_loss_and_writes_a_hypernetwork(tmp_path, tiny_base, toy_tasks):
    # NEFTune is off: its noise (alpha/sqrt(len*dim)) swamps the 0.02-scale embeddings of a random tiny model
    cfg = sft_config(
        tmp_path,
        tiny_base,
        toy_tasks,
        max_steps=300,
        learning_rate=1e-2,
        label_smoothing=0.0,
        neftune_alpha=None,
        eval_steps=150,
        save_steps=150,
    )
    untrained = train_sft(
        sft_config(tmp_path / "zero", tiny_base, toy_tasks, max_steps=1, learning_rate=1e-12)
    )
    result = train_sft(cfg)
    assert result["best_eval_loss"] < 0.8 * untrained["final_eval_loss"]
    out = tmp_path / "out"
    assert {"config.json", "model.safetensors", "README.md", "training_metrics.json"} <= {
        p.name for p in out.iterdir()
    }
    card = (out / "README.md").read_text()
    assert "8 training tasks" in card and "Validation loss" in card
    t2l = TextToLoRA.from_pretrained(out)
    assert t2l.config.base_model_name_or_path == str(tiny_base)
    history = json.loads((out / "training_metrics.json").read_text())["history"]
    assert [h["step"] for h in history if "eval/loss" in h] == [150, 300]


def test_interrupted_and_resumed_run_ends_with_the_same_weights(tmp_path, tiny_base, toy_tasks):
    straight = sft_config(tmp_path / "a", tiny_base, toy_tasks, max_steps=6, save_steps=3, eval_steps=3)
    whole = train_sft(straight)
    broken = sft_config(tmp_path / "b", tiny_base, toy_tasks, max_steps=6, save_steps=3, eval_steps=3)
    assert train_sft(broken, stop_after=4)["interrupted"]  # dies after step 4; step-3 checkpoint on disk
    resumed = train_sft(broken, resume=True)
    a = TextToLoRA.from_pretrained(tmp_path / "a" / "out" / "checkpoints" / "step-6")
    b = TextToLoRA.from_pretrained(tmp_path / "b" / "out" / "checkpoints" / "step-6")
    for key, value in a.state_dict().items():
        assert torch.equal(value, b.state_dict()[key]), key
    # the run's record covers the whole run, not only what came after the resume
    assert whole["examples_seen"] == resumed["examples_seen"] == 6 * 4 * 2  # steps x tasks x examples
    assert resumed["seconds_from_step"] == 0 and resumed["seconds"] > 0
    a_metrics, b_metrics = (
        json.loads((tmp_path / d / "out" / "training_metrics.json").read_text()) for d in "ab"
    )
    assert b_metrics["result"]["examples_seen"] == 48

    def curve(metrics):  # each step's losses (the throughput differs from run to run)
        return [(h["step"], h.get("train/loss"), h.get("eval/loss")) for h in metrics["history"]]

    assert curve(b_metrics) == curve(a_metrics)
    assert [step for step, _, val in curve(b_metrics) if val is not None] == [3, 6]


def test_resuming_a_checkpoint_from_before_the_count_was_kept(tmp_path, tiny_base, toy_tasks):
    from hf_t2l.errors import CheckpointError
    from hf_t2l.training.checkpoints import HISTORY_JSON, STATE_JSON

    cfg = sft_config(tmp_path, tiny_base, toy_tasks, max_steps=6, save_steps=3, eval_steps=3)
    train_sft(cfg, stop_after=4)
    step3 = tmp_path / "out" / "checkpoints" / "step-3"
    (step3 / HISTORY_JSON).write_text('{"step": "not a list"}')
    with pytest.raises(CheckpointError, match=HISTORY_JSON):
        train_sft(cfg, resume=True)
    # an older checkpoint: no example count, no seconds, no history
    (step3 / HISTORY_JSON).unlink()
    meta = json.loads((step3 / STATE_JSON).read_text())
    for key in ("examples_seen", "train_seconds"):
        del meta[key]
    (step3 / STATE_JSON).write_text(json.dumps(meta))
    result = train_sft(cfg, resume=True)
    assert result["examples_seen"] == 6 * 8  # the 3 steps before counted at this start's 8 per step
    assert result["seconds_from_step"] == 3  # and the card says the time is only that of steps 4 to 6
    card = (tmp_path / "out" / "README.md").read_text()
    assert "48 examples seen in" in card and "(timed from step 3)" in card
    history = json.loads((tmp_path / "out" / "training_metrics.json").read_text())["history"]
    assert [h["step"] for h in history if "train/loss" in h] == [4, 5, 6]


def test_early_stopping_ends_a_run_whose_validation_loss_stops_falling(tmp_path, tiny_base, toy_tasks):
    # lr 1e-12 leaves every float32 weight as it is: the validation loss never falls after the first
    knobs = dict(learning_rate=1e-12, eval_steps=2, save_steps=2, keep_checkpoints=20)
    cfg = sft_config(tmp_path, tiny_base, toy_tasks, max_steps=40, early_stopping_patience=2, **knobs)
    result = train_sft(cfg)
    assert result["stopped_early"] and result["step"] == 6  # validations at 2 (best), 4 and 6 (no better)
    assert TextToLoRA.from_pretrained(tmp_path / "out").config.num_layers > 0
    again = train_sft(cfg, resume=True)  # a resumed run that had stopped early stays stopped
    assert again["step"] == 6 and again["stopped_early"] and again["examples_seen"] == 6 * 8
    # resumed with early stopping off (or a larger patience), it trains on to max_steps
    on = train_sft(sft_config(tmp_path, tiny_base, toy_tasks, **{**knobs, "max_steps": 10}), resume=True)
    assert on["step"] == 10 and not on["stopped_early"] and on["examples_seen"] == 10 * 8
    history = json.loads((tmp_path / "out" / "training_metrics.json").read_text())["history"]
    assert [h["step"] for h in history if "eval/loss" in h] == [2, 4, 6, 8, 10]
    with pytest.raises(InvalidConfigError, match="early_stopping_patience"):
        sft_config(tmp_path, tiny_base, toy_tasks, early_stopping_patience=0)


def _random_lora(folder, seed, config):
    from peft import LoraConfig
    from safetensors.torch import save_file

    g = torch.Generator().manual_seed(seed)
    state = {}
    for m in config.target_modules:
        for layer in range(config.num_layers):
            state[config.peft_key(m, layer, "A")] = (
                torch.randn(config.rank, config.in_features[m], generator=g) * 0.1
            )
            state[config.peft_key(m, layer, "B")] = (
                torch.randn(config.out_features[m], config.rank, generator=g) * 0.1
            )
    folder.mkdir(parents=True)
    LoraConfig(r=config.rank, lora_alpha=16, target_modules=config.target_modules).save_pretrained(folder)
    save_file(state, folder / "adapter_model.safetensors")
    return state


def test_reconstruction_fits_a_small_lora_library(tmp_path, tiny_base):
    config = make_hypernetwork().config
    descriptions = ["Sort the words.", "Translate to French.", "Answer yes or no.", "Count the letters."]
    library = []
    targets = []
    for i, d in enumerate(descriptions):
        targets.append(_random_lora(tmp_path / f"lora{i}", i, config))
        library.append({"adapter": str(tmp_path / f"lora{i}"), "descriptions": [d]})
    cfg = ReconConfig(
        output_dir=str(tmp_path / "out"),
        base_model=str(tiny_base),
        library=library,
        latent_size=32,
        head_in_size=64,
        max_steps=300,
        learning_rate=3e-3,
        adapters_per_step=4,
        save_steps=0,
        eval_steps=0,
        logging="none",
        warmup_ratio=0.05,
    )
    train_recon(cfg)
    t2l = TextToLoRA.from_pretrained(tmp_path / "out")
    assert t2l.config.training_task == "recon" and t2l.config.pred_z_score
    errors = []
    for d, target in zip(descriptions, targets):
        got = t2l.generate(d).state_dict
        errors += [float((got[k] - v).norm() / v.norm()) for k, v in target.items()]
    assert max(errors) < 0.1, f"relative reconstruction error {max(errors):.3f} (threshold 0.1)"


@pytest.mark.parametrize(
    "bad,match",
    [
        (
            {"task_id": "t1", "descriptions": [], "metric": "exact_match"},
            "'t1' has no \\(or an empty\\) description",
        ),
        ({"descriptions": ["x"]}, "has no task_id"),
    ],
)
def test_bad_tasks_are_named(tmp_path, bad, match):
    (tmp_path / "tasks").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "tasks" / "train.jsonl").write_text(json.dumps(bad) + "\n")
    (tmp_path / "examples" / "train.jsonl").write_text(
        json.dumps({"task_id": "t1", "prompt": "p", "response": "r"}) + "\n"
    )
    with pytest.raises(TaskDataError, match=match):
        load_task_collection(str(tmp_path), "train")


def test_bad_examples_are_named(tmp_path):
    write_tasks(tmp_path, [("t1", ["Do it."], [("p", "r")]), ("t2", ["Do that."], [("p", "  ")])], "train")
    with pytest.raises(TaskDataError, match="task 't2' has an empty response"):
        load_task_collection(str(tmp_path), "train")
    write_tasks(tmp_path, [("t1", ["Do it."], [("p", "r")]), ("t3", ["No examples."], [])], "train")
    with pytest.raises(TaskDataError, match=r"\['t3'\] have no examples"):
        load_task_collection(str(tmp_path), "train")
    (tmp_path / "examples" / "train.jsonl").write_text(json.dumps({"task_id": "t1", "prompt": "p"}) + "\n")
    with pytest.raises(TaskDataError, match="lacks a 'prompt' or 'response'"):
        load_task_collection(str(tmp_path), "train")


def test_bad_configs_are_clear(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump({"output_dir": str(tmp_path), "max_stepz": 3}))
    with pytest.raises(InvalidConfigError, match="Unknown sft option\\(s\\) \\['max_stepz'\\]"):
        load_config("sft", path)
    with pytest.raises(InvalidConfigError, match="max_steps=0"):
        load_config("sft", None, ["--output_dir=x", "--max_steps=0"])
    with pytest.raises(InvalidConfigError, match="output_dir is required"):
        load_config("sft", None, [])
    with pytest.raises(InvalidConfigError, match="library is empty"):
        load_config("recon", None, ["--output_dir=x"])


def test_cli_train_with_overrides(tmp_path, tiny_base, toy_tasks, capsys):
    from hf_t2l.cli import main

    path = tmp_path / "sft.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "base_model": str(tiny_base),
                "data": str(toy_tasks),
                "latent_size": 32,
                "head_in_size": 64,
                "logging": "none",
                "max_steps": 50,
            }
        )
    )
    assert (
        main(
            ["train", "sft", str(path), f"--output_dir={tmp_path / 'out'}", "--max_steps=2", "--eval_steps=0"]
        )
        == 0
    )
    assert "Trained 2 steps" in capsys.readouterr().out
    assert main(["train", "sft", str(path), "--bogus=1"]) == 2


def test_precomputed_embeddings_replace_the_encoder(tmp_path, tiny_base, toy_tasks, capsys):
    from hf_t2l.cli import main
    from hf_t2l.training.data import DescriptionEmbeddings

    emb = tmp_path / "emb.safetensors"
    path = tmp_path / "sft.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "base_model": str(tiny_base),
                "data": str(toy_tasks),
                "latent_size": 32,
                "head_in_size": 64,
                "logging": "none",
                "embeddings": str(emb),
                "mixed_precision": "no",  # float32 embeddings, compared below with the encoder's own
            }
        )
    )
    assert main(["train", "embed", str(path), "--output_dir=unused"]) == 0
    assert "19 descriptions" in capsys.readouterr().out  # 8 tasks x 2 (train) + 3 (heldout)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".emb")]  # no temporary file left behind
    table = DescriptionEmbeddings.load(emb)
    assert table.dim == 384 and table.encoder.endswith("all-MiniLM-L6-v2")

    with_encoder = sft_config(tmp_path / "a", tiny_base, toy_tasks, max_steps=3, eval_steps=0)
    with_file = sft_config(
        tmp_path / "b", tiny_base, toy_tasks, max_steps=3, eval_steps=0, embeddings=str(emb)
    )
    train_sft(with_encoder), train_sft(with_file)
    a, b = (TextToLoRA.from_pretrained(tmp_path / x / "out") for x in "ab")
    # the file holds the encoder's own embeddings; they were computed in other batches, so the last bits can
    # differ with the thread count, and Adam's normalised steps can grow such a difference on a near-zero
    # gradient to ~1e-4 in a few weights after 3 steps
    texts = [d for t in load_task_collection(str(toy_tasks), "train") for d in t.descriptions]
    torch.testing.assert_close(table.encode(texts), a.get_encoder().encode(texts), rtol=1e-5, atol=1e-5)
    for key, value in a.state_dict().items():
        torch.testing.assert_close(b.state_dict()[key], value, rtol=1e-3, atol=1e-3)
    assert b.config.encoder_name_or_path == a.config.encoder_name_or_path and b.config.embedding_dim == 384

    with pytest.raises(TaskDataError, match="no precomputed embedding, e.g. 'never written'"):
        table.encode(["never written"])
    with pytest.raises(TaskDataError, match="does not exist"):
        DescriptionEmbeddings.load(tmp_path / "missing.safetensors")
    capsys.readouterr()
    assert main(["train", "embed", str(path), "--output_dir=x", "--embeddings=null"]) == 2
    assert "Set embeddings=FILE" in capsys.readouterr().err


def test_select_best_false_outputs_the_last_checkpoint(tmp_path, tiny_base, toy_tasks):
    cfg = sft_config(
        tmp_path,
        tiny_base,
        toy_tasks,
        max_steps=4,
        save_steps=2,
        eval_steps=2,
        select_best=False,
        learning_rate=5e-2,
    )
    result = train_sft(cfg)
    assert result["best_checkpoint"].endswith("step-4")
    out = TextToLoRA.from_pretrained(tmp_path / "out")
    last = TextToLoRA.from_pretrained(tmp_path / "out" / "checkpoints" / "step-4")
    for key, value in last.state_dict().items():
        assert torch.equal(out.state_dict()[key], value), key


def test_training_on_chosen_tasks_without_their_scored_examples(toy_tasks):
    from hf_t2l.training.data import select_tasks

    tasks = load_task_collection(str(toy_tasks), "heldout")
    chosen = select_tasks(tasks, ["heldout-beta"], skip_examples=3)
    assert [t.task_id for t in chosen] == ["heldout-beta"]
    assert chosen[0].examples == tasks[1].examples[3:]
    with pytest.raises(TaskDataError, match="Unknown task id\\(s\\) \\['nope'\\]"):
        select_tasks(tasks, ["nope"])
    with pytest.raises(TaskDataError, match="skip_examples=100 leaves no examples"):
        select_tasks(tasks, None, skip_examples=100)
    cfg = load_config("sft", None, ["--output_dir=x", "--tasks=heldout-beta", "--mixed_precision=no"])
    assert cfg.tasks == ["heldout-beta"] and cfg.mixed_precision == "no"  # YAML reads a bare `no` as false
    with pytest.raises(InvalidConfigError, match="skip_examples=-1"):
        load_config("sft", None, ["--output_dir=x", "--skip_examples=-1"])


def test_a_broken_json_line_is_named(tmp_path):
    write_tasks(tmp_path, [("t", ["Say hi."], [("a", "hi")])], "train")
    with open(tmp_path / "examples" / "train.jsonl", "a") as f:
        f.write('{"task_id": "t", "prompt": "b", \n')
    with pytest.raises(TaskDataError, match="train.jsonl, line 2: not valid JSON"):
        load_task_collection(str(tmp_path), "train")


def test_multitask_lora_baseline_runs_through_the_training_loop_with_the_hypernetworks_settings(
    tmp_path, tiny_base, toy_tasks
):
    from hf_t2l.training.multitask import train_multitask_lora

    init = make_hypernetwork(lora_dropout=0.2, rank=4, lora_alpha=8, use_rslora=False)
    init.save_pretrained(tmp_path / "init")
    cfg = sft_config(
        tmp_path,
        tiny_base,
        toy_tasks,
        init_from=str(tmp_path / "init"),
        max_steps=4,
        save_steps=2,
        eval_split=None,
    )
    result = train_multitask_lora(cfg, tmp_path / "lora")
    adapter_config = json.loads((tmp_path / "lora" / "adapter_config.json").read_text())
    assert (adapter_config["lora_dropout"], adapter_config["r"], adapter_config["lora_alpha"]) == (0.2, 4, 8)
    assert adapter_config["use_rslora"] is False
    assert result["steps"] == 4 and torch.isfinite(torch.tensor(result["final_loss"]))
    history = json.loads((tmp_path / "lora" / "training_metrics.json").read_text())["history"]
    assert [h["step"] for h in history] == [1, 2, 3, 4]
    assert sorted(p.name for p in (tmp_path / "lora" / "checkpoints").iterdir()) == ["step-2", "step-4"]
