"""A fresh hypernetwork's defaults have one home (hf_t2l.constants.HYPERNETWORK_DEFAULTS) that
T2LConfig, T2LConfig.from_base_model, `hf-t2l init` and the training configs all read (target modules:
from_base_model and `hf-t2l init` ask hf_t2l.base_models.default_target_modules, whose answer for a
model_type PEFT has no entry for is the home's)."""

from __future__ import annotations

import dataclasses
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from hf_t2l.base_models import default_target_modules
from hf_t2l.cli import build_parser
from hf_t2l.constants import HYPERNETWORK_DEFAULTS
from hf_t2l.model.config import T2LConfig
from hf_t2l.training.recipes import SFTConfig, TrainConfig

ROOT = Path(__file__).resolve().parent.parent

# Reads every place that offers a default for a fresh hypernetwork and prints them as JSON.
_READ_DEFAULTS = """
import dataclasses, inspect, json
from hf_t2l.base_models import default_target_modules
from hf_t2l.cli import build_parser
from hf_t2l.model.config import T2LConfig
from hf_t2l.constants import HYPERNETWORK_DEFAULTS as home
from hf_t2l.training.recipes import TrainConfig

names = [f.name for f in dataclasses.fields(home)]
cli = vars(build_parser().parse_args(["init", "--base", "b", "--output", "o"]))
assert cli["target_modules"] is None  # the base's model_type picks them
cli["target_modules"] = list(default_target_modules("a_type_peft_does_not_know"))
cli = {name: cli[name.replace("-", "_")] for name in names}
factory = inspect.signature(T2LConfig.from_base_model).parameters
factory = {name: factory[name].default for name in names}
assert factory["target_modules"] is None
factory["target_modules"] = list(default_target_modules(None))
fields = {f.name: f for f in dataclasses.fields(TrainConfig)}
train = {name: fields[name].default for name in names if name != "target_modules"}
train["target_modules"] = fields["target_modules"].default_factory()
config = {f.name: f.default for f in dataclasses.fields(T2LConfig)}
config = {name: config[name] for name in ("rank", "lora_alpha", "variant", "latent_size", "head_in_size")}
config["encoder"] = T2LConfig.__dataclass_fields__["encoder_name_or_path"].default
print(json.dumps({"home": dataclasses.asdict(home), "cli": cli, "from_base_model": factory,
                  "train": train, "T2LConfig": config}, default=list))
"""

# Replaces the home by different values before anything of hf_t2l reads it.
_CHANGE_HOME = """
import dataclasses, importlib.util, sys
spec = importlib.util.spec_from_file_location("hf_t2l.constants", {path!r})
constants = importlib.util.module_from_spec(spec)
sys.modules["hf_t2l.constants"] = constants
spec.loader.exec_module(constants)
constants.HYPERNETWORK_DEFAULTS = dataclasses.replace(
    constants.HYPERNETWORK_DEFAULTS, encoder="someone/encoder", variant="M", rank=3, lora_alpha=5.0,
    target_modules=("k_proj", "o_proj"), latent_size=24, head_in_size=40,
)
"""


def _read_defaults(prelude: str = "") -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    code = prelude + _READ_DEFAULTS
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _check_all_follow(found: dict) -> None:
    home = found.pop("home")
    for where, values in found.items():
        expected = {k: v for k, v in home.items() if k in values}
        assert values == expected, f"{where} has its own defaults: {values} != {expected}"


def test_every_default_agrees_with_the_home():
    home = dataclasses.asdict(HYPERNETWORK_DEFAULTS)
    args = build_parser().parse_args(["init", "--base", "b", "--output", "o"])
    assert args.target_modules is None  # hf_t2l.base_models.default_target_modules picks them
    assert default_target_modules("a_type_peft_does_not_know") == home["target_modules"]
    assert default_target_modules("llama") == home["target_modules"]
    for name in ("encoder", "variant", "rank", "lora_alpha", "latent_size", "head_in_size"):
        assert getattr(args, name) == home[name], name
    params = inspect.signature(T2LConfig.from_base_model).parameters
    assert {name: params[name].default for name in home} == {**home, "target_modules": None}
    cfg = SFTConfig(output_dir="out")
    assert {name: getattr(cfg, name) for name in home} == {
        **home,
        "target_modules": list(home["target_modules"]),
    }
    t2l_fields = {f.name: f.default for f in dataclasses.fields(T2LConfig)}
    assert t2l_fields["encoder_name_or_path"] == home["encoder"]
    for name in ("variant", "rank", "lora_alpha", "latent_size", "head_in_size"):
        assert t2l_fields[name] == home[name], name
    assert issubclass(SFTConfig, TrainConfig)


def test_a_changed_home_changes_every_default():
    """A literal default anywhere (even an equal one) would not follow the home, and fails here."""
    before = _read_defaults()
    _check_all_follow(dict(before))
    path = str(ROOT / "hf_t2l" / "constants.py")
    changed = _read_defaults(_CHANGE_HOME.format(path=path))
    assert changed["home"]["rank"] == 3 and changed["home"] != before["home"]
    _check_all_follow(changed)
