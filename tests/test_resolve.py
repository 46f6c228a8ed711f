"""One road for ``hypernetwork=``: each accepted form, and the named errors for anything else."""

import itertools
from pathlib import Path

import pytest
import torch
from conftest import make_hypernetwork, tiny_llama
from huggingface_hub import HfApi
from peft import PeftModel
from transformers import Gemma2Config

import hf_t2l.hub.loading
import hf_t2l.hub.resolve
from hf_t2l import AdapterPool, TextToLoRA
from hf_t2l.constants import DEFAULT_HYPERNETWORK_DIR, REFERENCE_REPO, WEIGHTS_NAME
from hf_t2l.errors import HypernetworkNotFoundError, HypernetworkTypeError
from hf_t2l.hub.releases import RELEASED, released_by_name
from hf_t2l.hub.resolve import is_untrained_default, resolve_hypernetwork
from hf_t2l.offline.bundled import default_hypernetwork

DESC = "Answer with the capital city of the given country."
_ids = itertools.count()
GEMMA = released_by_name("gemma_2b_t2l")


def _same_weights(a: TextToLoRA, b: TextToLoRA) -> bool:
    sa, sb = a.state_dict(), b.state_dict()
    return sa.keys() == sb.keys() and all(torch.equal(sa[k], sb[k]) for k in sa)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    t2l = make_hypernetwork(seed=3)
    folder = tmp_path_factory.mktemp("resolve") / "t2l"
    t2l.save_pretrained(folder)
    return t2l, folder


@pytest.fixture(scope="module")
def released_on_hub(hub, saved):
    """A native hypernetwork where the gemma release lives: the reference repo, its subfolder."""
    HfApi().create_repo(REFERENCE_REPO, exist_ok=True)
    HfApi().upload_folder(folder_path=str(saved[1]), repo_id=REFERENCE_REPO, path_in_repo=GEMMA.subfolder)
    return saved[0]


def test_an_instance_is_returned_as_it_is():
    t2l = make_hypernetwork()
    assert resolve_hypernetwork(t2l, revision="ignored") is t2l


@pytest.mark.parametrize("as_path", [False, True])
def test_a_local_folder_str_or_path(saved, as_path):
    t2l, folder = saved
    loaded = resolve_hypernetwork(Path(folder) if as_path else str(folder))
    assert isinstance(loaded, TextToLoRA) and loaded is not t2l and _same_weights(loaded, t2l)


@pytest.mark.skipif(not (DEFAULT_HYPERNETWORK_DIR / WEIGHTS_NAME).is_file(), reason="no shipped default")
def test_default_is_the_shipped_hypernetwork():
    loaded = resolve_hypernetwork("default")
    assert loaded.provenance["hypernetwork"] == "default" and not is_untrained_default(loaded)
    assert default_hypernetwork()[1] is True  # bundled's helper takes the same road


def test_default_without_shipped_files_is_named_or_untrained_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr(hf_t2l.hub.loading, "DEFAULT_HYPERNETWORK_DIR", tmp_path)
    monkeypatch.setattr(hf_t2l.hub.resolve, "DEFAULT_HYPERNETWORK_DIR", tmp_path)
    with pytest.raises(HypernetworkNotFoundError, match="no shipped default hypernetwork"):
        resolve_hypernetwork("default")
    stand_in = resolve_hypernetwork("default", untrained_default=True)
    assert is_untrained_default(stand_in)
    assert stand_in.config.base_model_name_or_path == "HuggingFaceTB/SmolLM2-135M-Instruct"
    t2l, trained = default_hypernetwork()
    assert trained is False and is_untrained_default(t2l)


def test_a_hub_repo_id(hub, saved):
    repo_id = f"tester/resolve-{next(_ids)}"
    saved[0].push_to_hub(repo_id)
    loaded = resolve_hypernetwork(repo_id)
    assert loaded.provenance["hypernetwork"] == repo_id and _same_weights(loaded, saved[0])


def test_a_released_checkpoints_name(released_on_hub):
    loaded = resolve_hypernetwork("gemma_2b_t2l")
    assert loaded.provenance["hypernetwork"] == REFERENCE_REPO
    assert loaded.provenance["subfolder"] == GEMMA.subfolder and _same_weights(loaded, released_on_hub)
    # the loader itself knows the names, so every caller of from_pretrained (the CLI too) gets them
    assert _same_weights(TextToLoRA.from_pretrained("gemma_2b_t2l"), released_on_hub)


def test_none_picks_the_release_for_the_base_models_config(released_on_hub):
    config = Gemma2Config(num_hidden_layers=26, hidden_size=2304, name_or_path=GEMMA.base_model)
    loaded = resolve_hypernetwork(None, model_config=config)
    assert loaded.provenance["subfolder"] == GEMMA.subfolder and _same_weights(loaded, released_on_hub)
    with pytest.raises(HypernetworkNotFoundError, match="Known pairs"):
        resolve_hypernetwork(None, model_config=tiny_llama().config)


def test_none_without_a_base_model_is_a_named_error():
    with pytest.raises(HypernetworkTypeError, match="no base model was given"):
        resolve_hypernetwork(None)


@pytest.mark.parametrize("bad", [3, 2.5, b"default", ["org/name"]])
def test_another_type_is_a_named_error_saying_what_to_pass(bad):
    with pytest.raises(HypernetworkTypeError) as info:
        resolve_hypernetwork(bad)
    message = str(info.value)
    assert isinstance(info.value, TypeError)
    assert type(bad).__name__ in message and repr(bad) in message
    assert '"default"' in message and "Hub repo id" in message and "local folder" in message


def test_an_unknown_name_is_not_found_and_the_known_names_are_listed(hub):
    with pytest.raises(HypernetworkNotFoundError) as info:
        resolve_hypernetwork("no_such_t2l")
    assert all(name in str(info.value) for name in ["default", *(rel.name for rel in RELEASED)])


def test_each_released_checkpoint_has_a_distinct_name():
    names = [rel.name for rel in RELEASED]
    assert names == ["mistral_7b_t2l", "llama_8b_t2l", "gemma_2b_t2l"]
    assert all(released_by_name(name).name == name for name in names) and released_by_name("default") is None


def test_peft_integration_and_the_pool_take_the_same_road(saved):
    with pytest.raises(HypernetworkTypeError):
        PeftModel.from_description(tiny_llama(), DESC, hypernetwork=3)
    with pytest.raises(HypernetworkTypeError):
        AdapterPool(tiny_llama(), 3)
    pool = AdapterPool(tiny_llama(), Path(saved[1]), max_adapters=1)
    assert _same_weights(pool.hypernetwork, saved[0])
