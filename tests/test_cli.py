import argparse
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from conftest import make_hypernetwork, tiny_llama_config
from peft import LoraConfig
from safetensors.torch import load_file

from hf_t2l.cli import main
from hf_t2l.errors import InvalidConfigError


def _init(tmp_path, capsys):
    tiny_llama_config().save_pretrained(tmp_path / "base")
    assert (
        main(
            [
                "init",
                "--base",
                str(tmp_path / "base"),
                "--base-model-id",
                "org/tiny",
                "--latent-size",
                "32",
                "--head-in-size",
                "64",
                "--output",
                str(tmp_path / "t2l"),
            ]
        )
        == 0
    )
    assert "untrained L hypernetwork" in capsys.readouterr().out
    return tmp_path / "t2l"


def test_init_then_generate_writes_a_peft_folder(tmp_path, capsys):
    t2l = _init(tmp_path, capsys)
    rc = main(
        [
            "generate",
            "Sort the words alphabetically.",
            "--hypernetwork",
            str(t2l),
            "--output",
            str(tmp_path / "lora"),
            "--scaling",
            "standard",
        ]
    )
    assert rc == 0
    config = LoraConfig.from_pretrained(tmp_path / "lora")
    assert config.base_model_name_or_path == "org/tiny" and config.use_rslora is False
    assert len(load_file(tmp_path / "lora" / "adapter_model.safetensors")) == 2 * 2 * 2
    assert main(["info", str(t2l)]) == 0
    assert "q_proj       64 -> 64" in capsys.readouterr().out


def test_bad_input_is_a_one_line_error_not_a_traceback(tmp_path, capsys):
    t2l = _init(tmp_path, capsys)
    assert main(["generate", "   ", "--hypernetwork", str(t2l), "--output", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "error: Description 0 is empty" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
    assert (
        main(["generate", "ok", "--hypernetwork", str(tmp_path / "missing"), "--output", str(tmp_path / "x")])
        == 2
    )
    assert "No folder" in capsys.readouterr().err


def test_help_lists_the_commands():
    out = subprocess.run(
        [sys.executable, "-m", "hf_t2l.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("generate", "init", "info", "demo"):
        assert command in out


def _bad_invocations(w):
    """(argv, a regex the one-line error must match) for user mistakes; ``w`` holds the fixtures."""
    B, H, O = str(w / "base"), str(w / "t2l"), str(w / "out")
    F = str(w / "afile")
    return [
        (["init", "--base", str(w / "nope"), "--output", O], "--base .*no such folder"),
        (["init", "--base", "./nope", "--output", O], "--base ./nope: no such folder"),
        (["init", "--base", B, "--output", O, "--head-in-size", "-5"], "--head-in-size.*must be >= 1"),
        (["init", "--base", B, "--output", O, "--latent-size", "0"], "--latent-size.*>= 1"),
        (["init", "--base", B, "--output", O, "--rank", "0"], "--rank.*>= 1"),
        (["init", "--base", B, "--output", O, "--rank", "abc"], "--rank.*not an integer"),
        (["init", "--base", B, "--output", O, "--lora-alpha", "nan"], "--lora-alpha.*positive finite"),
        (["init", "--base", B, "--output", O, "--lora-alpha", "inf"], "--lora-alpha.*positive finite"),
        (["init", "--base", B, "--output", O, "--lora-alpha", "-1"], "--lora-alpha.*positive finite"),
        (
            ["init", "--base", B, "--output", O, "--target-modules", "nope_proj"],
            "no Linear module named 'nope_proj'",
        ),
        (
            ["init", "--base", B, "--output", O, "--target-modules", ","],
            "target_modules (is empty|names 0 modules)",
        ),
        (["init", "--base", B, "--output", F], "exists and is not a folder"),
        (["init", "--base", B, "--output", ""], "--output.*empty path"),
        (["init", "--base", F, "--output", O], "--base .*no such folder"),
        (
            ["init", "--base", str(w / "emptydir"), "--output", O],
            "could not read the base model's config.json",
        ),
        (["init", "--base", "bad id!", "--output", O], "neither a folder nor a valid Hub repo id"),
        (
            ["init", "--base", B, "--output", O, "--encoder", "./nope-enc"],
            "--encoder ./nope-enc: no such folder",
        ),
        (["init", "--base", B, "--output", O, "--variant", "X"], "invalid choice: 'X'"),
        (["init", "--base", B], "required: --output"),
        (["generate", "x", "--hypernetwork", H, "--output", F], "exists and is not a folder"),
        (["generate", "x", "--hypernetwork", H, "--output", F + "/sub"], "is a file, not a folder"),
        (["generate", " ", "--hypernetwork", H, "--output", O], "Description 0 is empty"),
        (["generate", "x", "--hypernetwork", "./nope", "--output", O], "No folder"),
        (
            ["generate", "x", "--hypernetwork", str(w / "emptydir"), "--output", O],
            "not a hf_t2l hypernetwork folder",
        ),
        (
            ["generate", "x", "--hypernetwork", str(w / "bad.json"), "--output", O],
            "config.json is not valid JSON",
        ),
        (
            ["generate", "x", "--hypernetwork", H, "--output", O, "--push-to-hub", "../x"],
            "not a valid Hub repo id",
        ),
        (
            ["generate", "x", "--hypernetwork", H, "--output", O, "--push-to-hub", "a/b/c"],
            "not a valid Hub repo id",
        ),
        (["generate", "x", "--hypernetwork", H, "--output", ""], "--output.*empty path"),
        (["generate", "x", "--hypernetwork", H, "--output", O, "--scaling", "foo"], "invalid choice: 'foo'"),
        (["generate", "x", "--hypernetwork", H, "--output", O, "--subfolder", "nope"], "No folder"),
        (["generate", "x", "--hypernetwork", H], "required: --output"),
        (["generate", "x", "--hypernetwork", H, "--output", O, "--bogus"], "unrecognized arguments: --bogus"),
        (["convert", "./nope", "--output", O], "No folder"),
        (["convert", H, "--output", O], "already in hf_t2l's format"),
        (["convert", str(w / "bad.json"), "--output", O], "not valid JSON"),
        (["convert", H, "--output", O, "--push-to-hub", "../x"], "not a valid Hub repo id"),
        (["push", str(w / "emptydir"), "me/x"], "neither an adapter folder"),
        (["push", F, "me/x"], "neither an adapter folder"),
        (["push", H, "../x"], "not a valid Hub repo id"),
        (["train", "sft", "nope.yaml"], "No training config file nope.yaml"),
        (["train", "multitask-lora", "nope.yaml"], "No training config file"),
        (["train", "sft", str(w / "bad.yaml")], "bad.yaml is not valid YAML"),
        (["train", "sft", str(w / "list.yaml")], "must hold a mapping"),
        (["train", "sft", str(w / "unk.yaml")], "Unknown sft option"),
        (["train", "sft"], "output_dir is required"),
        (["train", "sft", str(w / "unk.yaml"), "--nokey"], "not of the form --key=value"),
        (["train", "bogus", "x.yaml"], "invalid choice: 'bogus'"),
        (["eval", "--output", O, "--data", "./nope"], "--data ./nope: no such folder"),
        (["eval", "--output", O, "--hypernetwork", "./nope"], "No folder"),
        (["eval", "--output", O, "--lora", "noequals"], "not NAME=FOLDER"),
        (["eval", "--output", O, "--max-examples", "-1"], "--max-examples.*>= 1"),
        (["eval", "--output", O, "--seeds", "0"], "--seeds.*>= 1"),
        (["eval", "--output", O, "--max-new-tokens", "0"], "--max-new-tokens.*>= 1"),
        (["eval", "--output", O, "--conditions", "bogus"], "--conditions 'bogus'"),
        (["eval", "--output", F], "exists and is not a folder"),
        (["info", "./nope"], "No folder"),
        (["info", str(w / "bad.json")], "not valid JSON"),
        (["demo", "--description", "  "], "description is empty"),
        (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
        ([], "required: command"),
    ]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    w = tmp_path_factory.mktemp("cli-bad")
    tiny_llama_config().save_pretrained(w / "base")
    make_hypernetwork().save_pretrained(w / "t2l")
    (w / "afile").write_text("x")
    (w / "emptydir").mkdir()
    (w / "bad.json").mkdir()
    (w / "bad.json" / "config.json").write_text("{nope")
    (w / "bad.json" / "model.safetensors").write_text("x")
    (w / "bad.yaml").write_text("a: [unclosed\n")
    (w / "list.yaml").write_text("- 1\n- 2\n")
    (w / "unk.yaml").write_text("nonsense_key: 3\n")
    return w


def test_bad_invocations_are_one_line_errors_with_exit_code_2(workdir, capsys):
    cases = _bad_invocations(workdir)
    assert len(cases) >= 40
    failures = []
    for argv, expected in cases:
        try:
            code = main(argv)
        except SystemExit as e:
            code = e.code
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        ok = code == 2 and len(lines) == 1 and "error: " in lines[0] and re.search(expected, lines[0])
        if not ok or "Traceback" in err:
            failures.append((argv, code, err[-400:]))
    assert not failures, "\n".join(map(str, failures))
    assert not (workdir / "out").exists()  # nothing was written by any of them


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["init", "--base", "./nope", "--output", "out"], "--base ./nope: no such folder"),
        (["train", "sft", "nope.yaml"], "No training config file"),
        (["init", "--base", "base", "--output", "out", "--lora-alpha", "nan"], "positive finite"),
        (
            ["generate", "x", "--hypernetwork", "t2l", "--output", "out", "--push-to-hub", "../x"],
            "not a valid Hub repo id",
        ),
    ],
)
def test_bad_invocations_in_a_real_process(workdir, argv, expected):
    import hf_t2l

    root = str(Path(hf_t2l.__file__).resolve().parents[1])  # this copy of hf_t2l, from any working folder
    path = os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": path}
    proc = subprocess.run(
        [sys.executable, "-m", "hf_t2l.cli", *argv], capture_output=True, text=True, cwd=workdir, env=env
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert re.search(expected, proc.stderr) and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (workdir / "out").exists()


def test_push_in_offline_mode_is_a_one_line_error(workdir, monkeypatch, capsys):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    assert main(["push", str(workdir / "t2l"), "me/offline-push"]) == 2
    err = capsys.readouterr().err
    assert "offline mode is on (HF_HUB_OFFLINE=1)" in err and "Traceback" not in err


def test_generate_refuses_to_replace_an_adapter_folder_without_overwrite(tmp_path, capsys):
    t2l = _init(tmp_path, capsys)
    argv = ["generate", "Sort the words.", "--hypernetwork", str(t2l), "--output", str(tmp_path / "lora")]
    assert main(argv) == 0
    before = (tmp_path / "lora" / "adapter_model.safetensors").read_bytes()
    capsys.readouterr()
    assert main([*argv[:1], "Reverse the words.", *argv[2:]]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "already holds files" in err[0] and "--overwrite" in err[0], err
    assert (tmp_path / "lora" / "adapter_model.safetensors").read_bytes() == before  # untouched
    assert main([*argv[:1], "Reverse the words.", *argv[2:], "--overwrite"]) == 0
    assert (tmp_path / "lora" / "adapter_model.safetensors").read_bytes() != before


def test_help_shows_defaults_and_serve_defaults_to_the_shipped_hypernetwork(capsys):
    from hf_t2l.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["serve", "--base", "b"])
    assert args.hypernetwork == "default"  # as generate's
    assert parser.parse_args(["generate", "x", "--output", "o"]).hypernetwork == "default"
    helps = {}
    for command in ("serve", "init", "demo"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        helps[command] = " ".join(capsys.readouterr().out.split())
    for shown in ("--port PORT (default: 8000)", "(default: 16)", "(default: 5.0)", "429s (default: 64)"):
        assert shown in helps["serve"], shown
    assert "--seed SEED (default: 0)" in helps["init"] and "--rank RANK (default: 8)" in helps["init"]
    assert "--input TEXT" in helps["demo"]
    with pytest.raises(SystemExit):
        main(["--help"])
    top = " ".join(capsys.readouterr().out.split())
    assert all(kind in top for kind in ("sft", "recon", "multitask-lora", "embed")), top


def test_demo_of_your_own_description_needs_inputs(capsys):
    assert main(["demo", "--description", "Reply in French."]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--input" in err[0], err


def _toy_command():
    """A command module as `hf_t2l/cli/` holds them: NAME, add_parser(subparsers), run(args)."""
    toy = types.ModuleType("toy")
    toy.NAME = "toy"
    ran = []

    def add_parser(subparsers):
        parser = subparsers.add_parser(toy.NAME, help="a toy command registered by a test")
        parser.add_argument("--times", type=int, default=1)
        return parser

    def run(args):
        if args.times < 0:
            raise InvalidConfigError(f"--times {args.times}: give a count >= 0.")
        ran.append(args.times)

    toy.add_parser, toy.run, toy.ran = add_parser, run, ran
    return toy


def test_a_command_is_one_module_in_the_registry(capsys):
    """Adding a command = its module and its line in COMMANDS: it shows in `hf-t2l --help`, parses its own
    options, runs, and a T2LError it raises is one line with exit code 2."""
    from hf_t2l.cli import COMMANDS

    toy = _toy_command()
    commands = (*COMMANDS, toy)
    with pytest.raises(SystemExit):
        main(["--help"], commands=commands)
    top = capsys.readouterr().out
    assert "toy" in top and "a toy command registered by a test" in " ".join(top.split())
    assert main(["toy", "--times", "3"], commands=commands) == 0 and toy.ran == [3]
    assert main(["toy", "--times", "-1"], commands=commands) == 2
    assert capsys.readouterr().err.strip() == "hf-t2l toy: error: --times -1: give a count >= 0."
    with pytest.raises(SystemExit) as exited:  # only `train` takes --key=value overrides
        main(["toy", "--key=value"], commands=commands)
    assert exited.value.code == 2
    assert "unrecognized arguments: --key=value" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])  # the registry itself is untouched
    assert "toy" not in capsys.readouterr().out


def test_every_registered_command_is_a_subcommand_with_add_parser_and_run():
    from hf_t2l.cli import COMMANDS, build_parser

    names = [command.NAME for command in COMMANDS]
    assert len(set(names)) == len(names), names
    for command in COMMANDS:
        assert callable(command.add_parser) and callable(command.run), command.__name__
        assert command.__name__.startswith("hf_t2l.cli."), command.__name__
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert list(subparsers.choices) == names
