"""The real huggingface_hub client against the loopback Hub server (tests/hub_server.py)."""

import dataclasses
import itertools
import logging
from pathlib import Path
from urllib.parse import quote

import huggingface_hub
import pytest
import torch
from conftest import HUB_TOKEN, logits, make_hypernetwork, perturb, tiny_llama
from hub_server import Fault
from huggingface_hub import HfApi, ModelCard
from peft import PeftModel

import hf_t2l
from hf_t2l import TextToLoRA
from hf_t2l.errors import HubAuthenticationError, HubError, HypernetworkNotFoundError, InvalidRepoIdError
from hf_t2l.integration import get_t2l_state

DESC = "Answer with the capital city of the given country."
_ids = itertools.count()


def repo(name: str) -> str:
    return f"tester/{name}-{next(_ids)}"


def test_round_trip_hypernetwork_to_adapter_to_plain_peft(hub):
    t2l_repo, lora_repo = repo("t2l"), repo("lora")
    url = make_hypernetwork().push_to_hub(t2l_repo)
    assert t2l_repo in url and "/commit/" in url
    assert set(hub.files(t2l_repo)) == {".gitattributes", "config.json", "model.safetensors", "README.md"}

    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l_repo)
    sha = HfApi().model_info(t2l_repo).sha
    adapter = get_t2l_state(model).adapters["default"]
    assert adapter.provenance["hypernetwork"] == t2l_repo and adapter.provenance["revision"] == sha

    url = hf_t2l.push_adapter(model, lora_repo)
    assert hub.commits(lora_repo) == 2  # the repo's initial commit + one commit for the push
    files = hub.files(lora_repo)
    assert {"adapter_config.json", "adapter_model.safetensors", "README.md"} <= set(files)
    card = ModelCard(files["README.md"].decode())
    assert card.data.library_name == "peft" and card.data.base_model_relation == "adapter"
    assert {"text-to-lora", "hf_t2l", "lora"} <= set(card.data.tags)
    assert DESC in card.text and f"`{t2l_repo}` @ `{sha}`" in card.text

    fresh = PeftModel.from_pretrained(tiny_llama(), lora_repo)
    torch.testing.assert_close(logits(fresh), logits(model), rtol=0, atol=0)


def test_pinned_revision_keeps_an_adapter_reproducible(hub):
    t2l_repo = repo("pinned")
    t2l = make_hypernetwork(seed=1)
    t2l.push_to_hub(t2l_repo)
    first_sha = HfApi().model_info(t2l_repo).sha
    HfApi().create_tag(t2l_repo, tag="v1", revision=first_sha)
    expected = logits(PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l_repo))

    perturb(t2l, seed=7)  # a later, different version
    t2l.push_to_hub(t2l_repo)
    latest = logits(PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l_repo))
    assert not torch.allclose(latest, expected)
    for rev in (first_sha, "v1"):
        again = logits(PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l_repo, revision=rev))
        torch.testing.assert_close(again, expected, rtol=0, atol=0)


def test_offline_mode_uses_the_cache_and_says_so_on_a_miss(hub, monkeypatch):
    t2l_repo = repo("offline")
    make_hypernetwork().push_to_hub(t2l_repo)
    TextToLoRA.from_pretrained(t2l_repo)  # now in the cache
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    before = len(hub.state.log)
    assert TextToLoRA.from_pretrained(t2l_repo).config.num_layers == 2
    with pytest.raises(HypernetworkNotFoundError, match="not in the local cache"):
        TextToLoRA.from_pretrained(repo("never-downloaded"))
    assert len(hub.state.log) == before  # no request went out


def test_temporary_errors_on_commit_are_retried(hub):
    t2l_repo = repo("retry")
    make_hypernetwork().push_to_hub(t2l_repo)
    commits = hub.commits(t2l_repo)
    hub.state.faults.append(Fault("POST", rf"/api/models/{t2l_repo}/commit/", 503, times=1))
    make_hypernetwork(seed=3).push_to_hub(t2l_repo)
    assert hub.commits(t2l_repo) == commits + 1


def test_persistent_errors_on_commit_fail_clearly_and_leave_nothing(hub):
    t2l_repo = repo("broken")
    make_hypernetwork().push_to_hub(t2l_repo)
    before = hub.files(t2l_repo)
    hub.state.faults.append(Fault("POST", rf"/api/models/{t2l_repo}/commit/", 500, times=10))
    with pytest.raises(HubError, match=r"\(500\) after retries; nothing was committed"):
        make_hypernetwork(seed=5).push_to_hub(t2l_repo)
    hub.state.faults.clear()
    assert hub.files(t2l_repo) == before


def test_connection_dropped_mid_download_leaves_no_corrupt_file(hub):
    t2l_repo = repo("dropped")
    t2l = make_hypernetwork()
    t2l.push_to_hub(t2l_repo)
    hub.state.faults.append(Fault("GET", rf"/{t2l_repo}/resolve/.*/model.safetensors", "drop", times=1))
    try:
        TextToLoRA.from_pretrained(t2l_repo)
    except Exception as e:  # the client may give up on the first try; it must not leave a broken cache
        assert not isinstance(e, AssertionError)
    assert any(status == -1 for _, _, status in hub.state.log)  # the drop happened
    loaded = TextToLoRA.from_pretrained(t2l_repo)
    for key, value in t2l.state_dict().items():
        assert torch.equal(loaded.state_dict()[key], value), key


def test_wrong_token_and_read_only_token(hub, caplog, capsys):
    secret = "hf_this_is_a_wrong_secret_token"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(HubAuthenticationError, match=r"\(401\).*hf auth login.*token") as err:
        make_hypernetwork().push_to_hub(repo("auth"), token=secret)
    with pytest.raises(HubAuthenticationError, match=r"\(403\)"):
        make_hypernetwork().push_to_hub(repo("auth"), token="hf_read_only")
    out = capsys.readouterr()
    for text in (str(err.value), repr(err.value), caplog.text, out.out, out.err):
        assert secret not in text and HUB_TOKEN not in text


def test_missing_repo_file_and_revision_are_named(hub):
    with pytest.raises(HypernetworkNotFoundError, match=r"Hub repo 'tester/does-not-exist' not found"):
        TextToLoRA.from_pretrained("tester/does-not-exist")
    empty = repo("empty")
    HfApi().create_repo(empty)
    with pytest.raises(HypernetworkNotFoundError, match=rf"{empty} holds no hypernetwork"):
        TextToLoRA.from_pretrained(empty)
    with pytest.raises(
        HypernetworkNotFoundError, match=rf"Revision 'no-such-branch' not found in Hub repo '{empty}'"
    ):
        TextToLoRA.from_pretrained(empty, revision="no-such-branch")


@pytest.mark.parametrize("bad", ["a/b/c", "bad id!", "-start/x", "x" * 200])
def test_invalid_repo_ids_are_rejected_before_any_request(hub, bad):
    before = len(hub.state.log)
    with pytest.raises(InvalidRepoIdError, match="not a valid Hub repo id"):
        make_hypernetwork().push_to_hub(bad)
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=make_hypernetwork())
    with pytest.raises(InvalidRepoIdError):
        hf_t2l.push_adapter(model, bad)
    # nothing of ours reached the server: no write, no identity lookup, no request naming the bad id
    # (a late read from another test's background thread, which the full suite once showed, is not ours)
    new = hub.state.log[before:]
    ours = [
        e
        for e in new
        if e[0] not in ("GET", "HEAD")
        or "whoami" in e[1]
        or any(v in e[1] for v in {bad, quote(bad), quote(bad, safe="")})
    ]
    assert not ours, new


def test_a_readme_edited_on_the_hub_is_kept_unless_overwritten(hub):
    lora_repo = repo("edited")
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=make_hypernetwork())
    hf_t2l.push_adapter(model, lora_repo)
    hf_t2l.push_adapter(model, lora_repo)  # an unedited generated card is refreshed
    edited = b"---\nlicense: mit\n---\n# My own words about this adapter\n"
    HfApi().upload_file(path_or_fileobj=edited, path_in_repo="README.md", repo_id=lora_repo)
    hf_t2l.push_adapter(model, lora_repo)
    assert hub.files(lora_repo)["README.md"] == edited
    hf_t2l.push_adapter(model, lora_repo, overwrite_card=True)
    assert DESC in hub.files(lora_repo)["README.md"].decode()


def test_tricky_descriptions_neither_break_the_card_nor_inject_front_matter(hub):
    tricky = (
        "---\nlicense: evil\ntags: [pwned]\n---\n"
        '<script>alert(1)</script> **bold** ```code``` "quotes" key: value\n\nend'
    )
    lora_repo = repo("tricky")
    model = PeftModel.from_description(tiny_llama(), tricky, hypernetwork=make_hypernetwork())
    hf_t2l.push_adapter(model, lora_repo)
    card = ModelCard(hub.files(lora_repo)["README.md"].decode())
    assert card.data.license is None and "pwned" not in card.data.tags
    assert tricky in card.text  # verbatim


def test_the_chosen_adapter_is_pushed(hub):
    t2l = make_hypernetwork()
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=t2l)
    model.load_description("Reply in French.", adapter_name="french")
    lora_repo = repo("chosen")
    hf_t2l.push_adapter(model, lora_repo, adapter_name="french")
    assert "Reply in French." in hub.files(lora_repo)["README.md"].decode()
    fresh = PeftModel.from_pretrained(tiny_llama(), lora_repo)
    model.set_adapter("french")
    torch.testing.assert_close(logits(fresh), logits(model), rtol=0, atol=0)


def test_save_adapter_writes_the_card_for_each_generated_adapter(tmp_path):
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=make_hypernetwork())
    model.load_description("Reply in French.", adapter_name="french")
    hf_t2l.save_adapter(model, tmp_path / "default")
    hf_t2l.save_adapter(model, tmp_path / "french", adapter_name="french")
    assert DESC in (tmp_path / "default" / "README.md").read_text()
    assert "Reply in French." in (tmp_path / "french" / "README.md").read_text()


def test_cli_generate_and_push(hub, tmp_path, capsys):
    from hf_t2l.cli import main

    t2l_repo, lora_repo = repo("cli-t2l"), repo("cli-lora")
    make_hypernetwork().save_pretrained(tmp_path / "t2l")
    assert main(["push", str(tmp_path / "t2l"), t2l_repo]) == 0
    sha = HfApi().model_info(t2l_repo).sha
    assert (
        main(
            [
                "generate",
                DESC,
                "--hypernetwork",
                t2l_repo,
                "--revision",
                sha,
                "--output",
                str(tmp_path / "lora"),
                "--push-to-hub",
                lora_repo,
                "--private",
            ]
        )
        == 0
    )
    assert "Pushed to" in capsys.readouterr().out
    assert hub.state.repos[("model", lora_repo)].private
    assert sha in hub.files(lora_repo)["README.md"].decode()
    assert main(["push", str(tmp_path / "lora"), repo("cli-copy")]) == 0
    assert main(["push", str(tmp_path), repo("cli-bad")]) == 2


def test_push_to_a_branch_leaves_main_alone(hub):
    t2l_repo = repo("branch")
    make_hypernetwork(seed=1).push_to_hub(t2l_repo)
    main_weights = hub.files(t2l_repo)["model.safetensors"]
    url = make_hypernetwork(seed=2).push_to_hub(t2l_repo, branch="dev", commit_message="try on dev")
    assert "/commit/" in url
    assert hub.files(t2l_repo)["model.safetensors"] == main_weights
    assert hub.files(t2l_repo, "dev")["model.safetensors"] != main_weights
    loaded = TextToLoRA.from_pretrained(t2l_repo, revision="dev")
    torch.testing.assert_close(
        loaded.heads["q_proj"].weight, make_hypernetwork(seed=2).heads["q_proj"].weight
    )


def test_push_as_a_pull_request(hub):
    t2l_repo = repo("pr")
    make_hypernetwork(seed=1).push_to_hub(t2l_repo)
    main_weights = hub.files(t2l_repo)["model.safetensors"]
    url = make_hypernetwork(seed=2).push_to_hub(t2l_repo, create_pr=True)
    assert url.endswith("/discussions/1")
    assert hub.files(t2l_repo)["model.safetensors"] == main_weights
    assert hub.files(t2l_repo, "refs/pr/1")["model.safetensors"] != main_weights


def test_push_adapter_to_a_branch(hub):
    lora_repo = repo("lora-branch")
    model = PeftModel.from_description(tiny_llama(), DESC, hypernetwork=make_hypernetwork())
    hf_t2l.push_adapter(model, lora_repo, revision="v2")
    assert "adapter_model.safetensors" in hub.files(lora_repo, "v2")
    assert "adapter_model.safetensors" not in hub.files(lora_repo)


def test_a_config_that_is_not_the_networks_own_is_refused(tmp_path):
    from hf_t2l.errors import InvalidConfigError

    t2l = make_hypernetwork()
    t2l.save_pretrained(tmp_path / "same", config=t2l.config)
    other = dataclasses.replace(t2l.config, rank=t2l.config.rank * 2)
    with pytest.raises(InvalidConfigError, match="not this hypernetwork's own"):
        t2l.save_pretrained(tmp_path / "other", config=other)
    assert not (tmp_path / "other").exists()


def test_from_pretrained_refuses_arguments_it_would_ignore(tmp_path):
    """A config (or any argument from_pretrained does not take) is refused by name, not dropped: the
    loaded network's config is its folder's checked config.json."""
    from hf_t2l.errors import InvalidConfigError

    t2l = make_hypernetwork()
    t2l.save_pretrained(tmp_path / "t2l")
    other = dataclasses.replace(t2l.config, rank=t2l.config.rank * 2)
    with pytest.raises(InvalidConfigError, match=r"unknown arguments \['config'\].*TextToLoRA\(new_config\)"):
        TextToLoRA.from_pretrained(tmp_path / "t2l", config=other)
    with pytest.raises(InvalidConfigError, match=r"unknown arguments \['strict'\]; it takes revision"):
        TextToLoRA.from_pretrained(tmp_path / "t2l", strict=False)


def test_download_options_reach_every_download(hub, tmp_path):
    """cache_dir, local_files_only and force_download of from_pretrained reach the Hub downloads."""
    t2l_repo = repo("options")
    make_hypernetwork().push_to_hub(t2l_repo)
    cache = tmp_path / "own-cache"
    before = len(hub.state.log)
    t2l = TextToLoRA.from_pretrained(t2l_repo, cache_dir=cache)
    assert len(hub.state.log) > before
    snapshot = cache / f"models--{t2l_repo.replace('/', '--')}" / "snapshots" / t2l.provenance["revision"]
    assert {p.name for p in snapshot.iterdir()} == {"config.json", "model.safetensors"}

    before = len(hub.state.log)
    cached = TextToLoRA.from_pretrained(t2l_repo, cache_dir=cache, local_files_only=True)
    assert len(hub.state.log) == before  # served from that cache alone
    torch.testing.assert_close(cached.state_dict(), t2l.state_dict(), rtol=0, atol=0)
    with pytest.raises(HypernetworkNotFoundError, match="not in the local cache"):
        TextToLoRA.from_pretrained(t2l_repo, cache_dir=tmp_path / "empty-cache", local_files_only=True)

    TextToLoRA.from_pretrained(t2l_repo, cache_dir=cache, force_download=True)
    fetched = [path for method, path, status in hub.state.log[before:] if method == "GET" and status == 200]
    assert any(path.endswith("/model.safetensors") for path in fetched)  # downloaded again


def test_download_options_keep_the_token_out_of_repr():
    from hf_t2l.hub.download import DownloadOptions

    options = DownloadOptions(revision="v1", token="hf_secret_value", cache_dir=Path("cache"))
    assert "hf_secret_value" not in repr(options) and "v1" in repr(options)
    assert options.cache_dir == "cache" and options.hf_hub_download_kwargs()["token"] == "hf_secret_value"
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.revision = "main"  # type: ignore[misc]
