"""config.json, args.yaml and adapter_config.json from strangers: named errors, nothing allocated first."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch
import yaml
from conftest import make_hypernetwork
from reference_impl import reference_shapes, write_reference_folder

from hf_t2l import T2LConfig, TextToLoRA
from hf_t2l.errors import CheckpointError, InvalidConfigError
from hf_t2l.hub.native_format import ZERO_TENSORS_KEY, is_fixed, state_shapes

NAMED = (InvalidConfigError, CheckpointError)


def _nested(depth: int) -> list:
    value: list = ["q_proj"]
    for _ in range(depth):
        value = [value]
    return value


def _set(**changes):
    return lambda cfg: {**cfg, **changes}


def _table(name, **entries):
    return lambda cfg: {**cfg, name: {**cfg[name], **entries}}


def _drop_entry(name, key):
    return lambda cfg: {**cfg, name: {k: v for k, v in cfg[name].items() if k != key}}


#: (case, how config.json is changed, what the message must name)
BAD_CONFIG_JSON = [
    ("num_layers_1e6", _set(num_layers=1_000_000), "num_layers=1000000"),
    ("num_layers_bool", _set(num_layers=True), r"num_layers=True \(bool\)"),
    ("num_layers_float", _set(num_layers=2.0), r"num_layers=2\.0 \(float\)"),
    (
        "layers_beyond_the_file",
        _set(num_layers=4000),
        r"layer_depth_encoder\.0\.weight: file \[2, 8\] vs config \[4000, 8\]",
    ),
    (
        "features_beyond_the_file",
        _table("in_features", q_proj=100_000),
        r"heads\.q_proj\.weight: file \[64, 64\]",
    ),
    ("rank_str", _set(rank="8"), r"rank='8' \(str\)"),
    ("rank_null", _set(rank=None), r"rank=None"),
    ("latent_negative", _set(latent_size=-5), r"latent_size=-5"),
    ("head_in_size_null", _set(head_in_size=None), r"head_in_size=None"),
    ("embedding_dim_huge", _set(embedding_dim=10**12), r"embedding_dim=1000000000000"),
    ("target_modules_int", _set(target_modules=3), r"target_modules=3 \(int\)"),
    ("target_modules_str", _set(target_modules="q_proj"), r"target_modules='q_proj' \(str\)"),
    ("target_modules_item_int", _set(target_modules=["q_proj", 3]), r"target_modules\[1\]=3"),
    (
        "target_modules_dotted",
        _set(target_modules=["self_attn.q_proj"]),
        r"target_modules\[0\]='self_attn\.q_proj'",
    ),
    ("target_modules_reserved", _set(target_modules=["keys"]), r"target_modules\[0\]='keys'"),
    ("target_modules_nested_50", _set(target_modules=_nested(50)), r"target_modules\[0\]=\[\[\["),
    ("in_features_missing_module", _drop_entry("in_features", "v_proj"), r"in_features has no entry.*v_proj"),
    ("in_features_list", _set(in_features=[64, 64]), r"in_features=\[64, 64\] \(list\)"),
    ("in_features_str", _table("in_features", q_proj="64"), r"in_features\['q_proj'\]='64'"),
    ("out_features_zero", _table("out_features", v_proj=0), r"out_features\['v_proj'\]=0"),
    (
        "module_path_field",
        _table("module_paths", q_proj="model.{x}.{layer}.q_proj"),
        r"module_paths\['q_proj'\]",
    ),
    (
        "module_path_no_layer",
        _table("module_paths", q_proj="model.q_proj"),
        r"module_paths\['q_proj'\].*no '\{layer\}'",
    ),
    (
        "huge_string",
        _set(base_model_name_or_path="x" * 200_000),
        r"base_model_name_or_path is 200000 characters",
    ),
    ("lora_alpha_nan", _set(lora_alpha=math.nan), r"lora_alpha=nan must be a finite number"),
    ("lora_alpha_str", _set(lora_alpha="16"), r"lora_alpha='16' \(str\)"),
    ("delta_w_scaling_inf", _set(delta_w_scaling=math.inf), r"delta_w_scaling=inf"),
    ("embedding_scale_nan", _set(embedding_scale=math.nan), r"embedding_scale=nan"),
    ("lora_dropout_str", _set(lora_dropout="0.1"), r"lora_dropout='0\.1' \(str\)"),
    ("dropout_nan", _set(dropout=math.nan), r"dropout=nan"),
    ("use_rslora_str", _set(use_rslora="yes"), r"use_rslora='yes' \(str\)"),
    ("head_use_bias_int", _set(head_use_bias=1), r"head_use_bias=1 \(int\)"),
    ("encoder_max_length_str", _set(encoder_max_length="512"), r"encoder_max_length='512'"),
    ("encoder_name_list", _set(encoder_name_or_path=["a"]), r"encoder_name_or_path=\['a'\] \(list\)"),
    ("variant_null", _set(variant=None), r"variant=None"),
]


@pytest.fixture(scope="module")
def native_folder(tmp_path_factory):
    """A small valid native hypernetwork (variant S: 2 layers, q_proj 64->64, v_proj 64->32, D=32)."""
    folder = tmp_path_factory.mktemp("native") / "t2l"
    make_hypernetwork(variant="S").save_pretrained(folder)
    return folder


def _copy_with_config(src: Path, dst: Path, config_text: str) -> Path:
    dst.mkdir()
    (dst / "model.safetensors").write_bytes((src / "model.safetensors").read_bytes())
    (dst / "config.json").write_text(config_text)
    return dst


@pytest.mark.parametrize("case,change,match", BAD_CONFIG_JSON, ids=[c[0] for c in BAD_CONFIG_JSON])
def test_bad_config_json_gives_a_named_error_naming_the_field(native_folder, tmp_path, case, change, match):
    config = json.loads((native_folder / "config.json").read_text())
    folder = _copy_with_config(native_folder, tmp_path / case, json.dumps(change(config)))
    with pytest.raises(NAMED, match=match) as err:
        TextToLoRA.from_pretrained(str(folder))
    assert len(str(err.value)) < 1000  # what was received is shown, cut short


@pytest.mark.parametrize(
    "case,text,match",
    [
        ("deeply_nested", '{"target_modules": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests too deeply"),
        (
            "over_the_size_cap",
            json.dumps({"base_model_name_or_path": "x" * 2_000_000}),
            "bytes allowed for a hypernetwork's config.json",
        ),
        ("a_list", "[1, 2]", "holds a list, not the mapping of settings"),
        ("not_json", "{num_layers: 2", "not valid JSON"),
    ],
    ids=["deeply_nested", "over_the_size_cap", "a_list", "not_json"],
)
def test_unreadable_config_json_is_a_named_error(native_folder, tmp_path, case, text, match):
    folder = _copy_with_config(native_folder, tmp_path / case, text)
    with pytest.raises(InvalidConfigError, match=match):
        TextToLoRA.from_pretrained(str(folder))


def test_config_json_not_utf8_is_a_named_error(native_folder, tmp_path):
    folder = _copy_with_config(native_folder, tmp_path / "latin1", "")
    (folder / "config.json").write_bytes(b'{"variant": "\xff"}')
    with pytest.raises(InvalidConfigError, match="UnicodeDecodeError"):
        TextToLoRA.from_pretrained(str(folder))


def test_direct_construction_checks_types_too():
    base = {
        "base_model_name_or_path": "x",
        "num_layers": 2,
        "target_modules": ["q"],
        "in_features": {"q": 4},
        "out_features": {"q": 4},
        "module_paths": {"q": "layers.{layer}.q"},
    }
    T2LConfig(**base)
    with pytest.raises(InvalidConfigError, match=r"rank='8' \(str\)"):
        T2LConfig(**base, rank="8")
    with pytest.raises(InvalidConfigError, match=r"target_modules=3 \(int\)"):
        T2LConfig(**{**base, "target_modules": 3})
    with pytest.raises(InvalidConfigError, match="A config is a mapping of fields; got list"):
        T2LConfig.from_dict([("num_layers", 2)])


def _huge_but_consistent(folder: Path) -> Path:
    """A crafted folder whose stored tensors match its config, but whose declared zero tensors
    (AB_offset / recon statistics, declared instead of stored) would take ~800 GB."""
    cfg = T2LConfig(
        base_model_name_or_path="x",
        num_layers=4096,
        target_modules=["q_proj"],
        in_features={"q_proj": 1_000_000},
        out_features={"q_proj": 1_000_000},
        module_paths={"q_proj": "model.layers.{layer}.self_attn.q_proj"},
        variant="S",
        rank=8,
        latent_size=4,
        head_in_size=1,
        embedding_dim=4,
        learnable_pos_emb=True,
    )
    with torch.device("meta"):
        shapes = state_shapes(TextToLoRA(cfg))
    stored = {k: torch.zeros(shape) for k, (shape, _) in shapes.items() if not is_fixed(k)}
    declared = sorted(k for k in shapes if is_fixed(k))
    from safetensors.torch import save_file

    folder.mkdir()
    save_file(stored, str(folder / "model.safetensors"), metadata={ZERO_TENSORS_KEY: json.dumps(declared)})
    (folder / "config.json").write_text(cfg.to_json_string())
    return folder


_UNDER_A_MEMORY_LIMIT = textwrap.dedent(
    """
    import json, resource, sys
    from hf_t2l import TextToLoRA
    # the valid folder first: imports and first-use costs happen before the limit
    TextToLoRA.from_pretrained(sys.argv[1])
    with open("/proc/self/status") as f:
        vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize:"))
    limit = vm + (1 << 30)  # 1 GiB of address space left: a declared-size allocation fails loudly
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    results = {}
    for folder in sys.argv[1:]:
        try:
            TextToLoRA.from_pretrained(folder)
            results[folder] = ["ok", ""]
        except BaseException as e:
            results[folder] = [type(e).__name__, str(e)[:300]]
    print(json.dumps(results))
    """
)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmSize from /proc")
def test_a_lying_config_allocates_nothing(native_folder, tmp_path):
    """Under an address-space limit of 1 GiB above the loaded state, configs that declare terabytes
    are refused by name; before the checks, each of them died allocating declared zeros."""
    config = json.loads((native_folder / "config.json").read_text())
    million_layers = _copy_with_config(
        native_folder, tmp_path / "layers", json.dumps({**config, "num_layers": 10**6})
    )
    wide = {**config, "num_layers": 4096, "in_features": {"q_proj": 1_000_000, "v_proj": 1_000_000}}
    wide_modules = _copy_with_config(native_folder, tmp_path / "wide", json.dumps(wide))
    crafted = _huge_but_consistent(tmp_path / "crafted")
    assert (
        os.path.getsize(million_layers / "config.json") < 2000
        and os.path.getsize(crafted / "model.safetensors") < 10**7
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}
    folders = [native_folder, million_layers, wide_modules, crafted]
    proc = subprocess.run(
        [sys.executable, "-c", _UNDER_A_MEMORY_LIMIT, *map(str, folders)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    assert results[str(native_folder)] == ["ok", ""]  # the limit leaves room for a real load
    assert (
        results[str(million_layers)][0] == "InvalidConfigError"
        and "num_layers=1000000" in results[str(million_layers)][1]
    )
    assert (
        results[str(wide_modules)][0] == "CheckpointError"
        and "shape mismatches" in results[str(wide_modules)][1]
    )
    assert (
        results[str(crafted)][0] == "CheckpointError" and "bytes of zero tensors" in results[str(crafted)][1]
    )


# --- reference folders: args.yaml and adapter_config.json ------------------------------------------
MODULES = ["q_proj", "v_proj"]
INS, OUTS = {"q_proj": 64, "v_proj": 64}, {"q_proj": 64, "v_proj": 32}
ADAPTER_CONFIG = {
    "r": 4,
    "lora_alpha": 16,
    "use_rslora": True,
    "lora_dropout": 0.05,
    "target_modules": MODULES,
    "peft_type": "LORA",
    "task_type": "CAUSAL_LM",
}
ARGS = {
    "emb_model": "Alibaba-NLP/gte-large-en-v1.5",
    "hypernet_latent_size": 16,
    "head_in_size": 24,
    "encoder_type": "linear",
    "training_task": "sft",
    "pred_z_score": False,
    "factorized": True,
    "delta_w_scaling": 10000,
    "target_modules": MODULES,
    "use_one_hot_task_emb": False,
    "mt_lora_path": None,
    "learnable_pos_emb": False,
    "shared_AB_head": False,
    "autoreg_gen": False,
}


@pytest.fixture
def reference_folder(tmp_path):
    from conftest import tiny_llama_config

    tiny_llama_config().save_pretrained(tmp_path / "base")
    args = {**ARGS, "model_dir": str(tmp_path / "base")}
    folder = tmp_path / "ref"
    write_reference_folder(folder, args, ADAPTER_CONFIG, reference_shapes(args, MODULES, 2, INS, OUTS, 4, 48))
    TextToLoRA.from_pretrained(str(folder))  # valid as written
    return folder, args


BAD_ARGS = [
    ("latent_str", {"hypernet_latent_size": "x"}, r"args\.yaml: hypernet_latent_size='x' \(str\)"),
    ("latent_negative", {"hypernet_latent_size": -5}, r"hypernet_latent_size=-5"),
    ("head_in_size_negative", {"head_in_size": -5}, r"head_in_size=-5"),
    ("target_modules_int", {"target_modules": 3}, r"args\.yaml: target_modules=3 \(int\)"),
    ("target_modules_item_int", {"target_modules": ["q_proj", 3]}, r"target_modules\[1\]=3"),
    ("shared_head_str", {"shared_AB_head": "no"}, r"shared_AB_head='no' \(str\)"),
    ("delta_w_str", {"delta_w_scaling": "big"}, r"delta_w_scaling='big'"),
    ("emb_model_list", {"emb_model": ["gte"]}, r"emb_model=\['gte'\]"),
    ("training_task_int", {"training_task": 1}, r"training_task=1 \(int\)"),
]


@pytest.mark.parametrize("case,change,match", BAD_ARGS, ids=[c[0] for c in BAD_ARGS])
def test_bad_args_yaml_gives_a_named_error_naming_the_field(reference_folder, case, change, match):
    folder, args = reference_folder
    (folder / "args.yaml").write_text(yaml.safe_dump({**args, **change}))
    with pytest.raises(InvalidConfigError, match=match):
        TextToLoRA.from_pretrained(str(folder))


BAD_ADAPTER_CONFIG = [
    ("r_negative", {"r": -1}, r"adapter_config\.json: r=-1"),
    ("r_str", {"r": "8"}, r"adapter_config\.json: r='8' \(str\)"),
    ("lora_alpha_str", {"lora_alpha": "a"}, r"lora_alpha='a' \(str\)"),
    ("lora_alpha_nan", {"lora_alpha": math.nan}, r"lora_alpha=nan"),
    ("use_rslora_str", {"use_rslora": "true"}, r"use_rslora='true' \(str\)"),
    ("lora_dropout_two", {"lora_dropout": 2}, r"lora_dropout=2 must be in \[0, 1\)"),
]


@pytest.mark.parametrize("case,change,match", BAD_ADAPTER_CONFIG, ids=[c[0] for c in BAD_ADAPTER_CONFIG])
def test_bad_adapter_config_gives_a_named_error_naming_the_field(reference_folder, case, change, match):
    folder, _ = reference_folder
    (folder / "adapter_config.json").write_text(json.dumps({**ADAPTER_CONFIG, **change}))
    with pytest.raises(InvalidConfigError, match=match):
        TextToLoRA.from_pretrained(str(folder))


def test_adapter_target_modules_are_checked_when_args_name_none(reference_folder):
    folder, args = reference_folder
    (folder / "args.yaml").write_text(yaml.safe_dump({**args, "target_modules": None}))
    (folder / "adapter_config.json").write_text(json.dumps({**ADAPTER_CONFIG, "target_modules": 3}))
    with pytest.raises(InvalidConfigError, match=r"adapter_config\.json: target_modules=3 \(int\)"):
        TextToLoRA.from_pretrained(str(folder))


@pytest.mark.parametrize(
    "name,text,error,match",
    [
        ("args.yaml", "a: " + "[" * 50_000 + "]" * 50_000, CheckpointError, "nests too deeply"),
        ("args.yaml", "- 1\n- 2\n", CheckpointError, "holds a list, not the mapping of settings"),
        (
            "args.yaml",
            "x: " + "y" * (2 << 20),
            CheckpointError,
            r"bytes allowed for the training arguments \(args\.yaml\)",
        ),
        ("adapter_config.json", "{r: 8", CheckpointError, "not valid JSON"),
        ("adapter_config.json", "[" * 100_000 + "]" * 100_000, CheckpointError, "nests too deeply"),
        (
            "adapter_config.json",
            '"r"',
            CheckpointError,
            "holds a str, not the mapping of settings a PEFT adapter_config.json is",
        ),
    ],
    ids=["args_deep", "args_list", "args_huge", "adapter_not_json", "adapter_deep", "adapter_str"],
)
def test_unreadable_reference_files_are_named_errors(reference_folder, name, text, error, match):
    folder, _ = reference_folder
    (folder / name).write_text(text)
    with pytest.raises(error, match=match):
        TextToLoRA.from_pretrained(str(folder))


def test_hypermod_offsets_of_the_wrong_rank_are_named(reference_folder):
    folder, _ = reference_folder
    state = torch.load(folder / "hypermod.pt", weights_only=True)
    state["AB_offset.A.q_proj"] = torch.zeros(8)
    torch.save(state, folder / "hypermod.pt")
    with pytest.raises(CheckpointError, match=r"AB_offset\.A\.q_proj has shape \[8\], expected 3 dimensions"):
        TextToLoRA.from_pretrained(str(folder))
