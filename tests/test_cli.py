import subprocess
import sys

from conftest import tiny_llama_config
from peft import LoraConfig
from safetensors.torch import load_file

from hf_t2l.cli import main


def _init(tmp_path, capsys):
    tiny_llama_config().save_pretrained(tmp_path / "base")
    assert main(["init", "--base", str(tmp_path / "base"), "--base-model-id", "org/tiny", "--latent-size", "32",
                 "--head-in-size", "64", "--output", str(tmp_path / "t2l")]) == 0
    assert "untrained L hypernetwork" in capsys.readouterr().out
    return tmp_path / "t2l"


def test_init_then_generate_writes_a_peft_folder(tmp_path, capsys):
    t2l = _init(tmp_path, capsys)
    rc = main(["generate", "Sort the words alphabetically.", "--hypernetwork", str(t2l), "--output", str(tmp_path / "lora"),
               "--scaling", "standard"])
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
    assert main(["generate", "ok", "--hypernetwork", str(tmp_path / "missing"), "--output", str(tmp_path / "x")]) == 2
    assert "No folder" in capsys.readouterr().err


def test_help_lists_the_commands():
    out = subprocess.run([sys.executable, "-m", "hf_t2l.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("generate", "init", "info", "demo"):
        assert command in out
