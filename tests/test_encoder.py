import math

import pytest
import torch

from hf_t2l import DescriptionEncoder
from hf_t2l.errors import DescriptionTruncatedWarning, DescriptionTypeError, InvalidDescriptionError
from hf_t2l.model.encoder import (
    TransformersBackend,
    load_encoder_backend,
    load_sentence_transformer,
    preprocess,
)
from hf_t2l.offline.bundled import MINILM_ID, minilm_path


@pytest.fixture(scope="module")
def minilm():
    return load_sentence_transformer(MINILM_ID)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("  Sort the list  ", "Sort the list."),
        ("Is it true?", "Is it true?"),
        ("Count to 3", "Count to 3"),
        ("Résumé du texte", "Résumé du texte."),
        ("done.", "done."),
    ],
)
def test_full_stop_rule(raw, expected):
    assert preprocess(raw) == expected


def test_minilm_resolves_to_the_offline_package_and_loads_once():
    backend = load_encoder_backend(MINILM_ID)
    assert load_encoder_backend(MINILM_ID) is backend  # loaded once per process
    assert isinstance(
        backend, TransformersBackend
    )  # standard ST folder: no sentence-transformers import needed
    assert (backend.dim, backend.max_seq_length, backend.pooling, backend.normalize) == (
        384,
        256,
        "mean",
        True,
    )
    assert minilm_path().is_dir()


@pytest.mark.parametrize("pooling", ["encoder", "cls", "last", "mean"])
def test_light_backend_gives_the_same_embeddings_as_sentence_transformers(minilm, pooling):
    texts = ["Classify the sentiment of a movie review", "Answer in French.", "x"]
    light = DescriptionEncoder(load_encoder_backend(MINILM_ID), pooling=pooling).encode(texts)
    full = DescriptionEncoder(minilm, pooling=pooling).encode(texts)
    torch.testing.assert_close(light, full, atol=2e-5, rtol=1e-5)


def test_embedding_is_normalised_times_sqrt_dim_and_matches_sentence_transformers(minilm):
    enc = DescriptionEncoder(minilm)
    emb = enc.encode(["Classify the sentiment of a movie review", "Answer in French."])
    assert emb.shape == (2, 384) and emb.dtype == torch.float32
    torch.testing.assert_close(emb.norm(dim=-1), torch.full((2,), math.sqrt(384)))
    direct = minilm.encode(
        ["Classify the sentiment of a movie review.", "Answer in French."], convert_to_tensor=True
    )
    torch.testing.assert_close(
        emb, torch.nn.functional.normalize(direct.float(), dim=-1) * math.sqrt(384), atol=1e-5, rtol=1e-5
    )


def test_forced_cls_pooling_matches_a_direct_transformers_computation(minilm):
    from transformers import AutoModel, AutoTokenizer

    enc = DescriptionEncoder(minilm, pooling="cls")
    text = "Extract the dates from the sentence"
    tok = AutoTokenizer.from_pretrained(minilm_path())
    bert = AutoModel.from_pretrained(minilm_path()).eval()
    with torch.no_grad():
        cls = bert(**tok([text + "."], return_tensors="pt")).last_hidden_state[:, 0]
    expected = torch.nn.functional.normalize(cls, dim=-1) * math.sqrt(384)
    torch.testing.assert_close(enc.encode(text), expected, atol=1e-5, rtol=1e-5)
    assert not torch.allclose(enc.encode(text), DescriptionEncoder(minilm).encode(text))


def test_overlong_description_is_truncated_with_a_warning(minilm):
    enc = DescriptionEncoder(minilm)
    long = "Summarise the following very long task description " * 60
    with pytest.warns(DescriptionTruncatedWarning, match="limit of 256 tokens"):
        emb = enc.encode([long, "short one"])
    assert emb.shape == (2, 384) and torch.isfinite(emb).all()


@pytest.mark.parametrize("bad", ["", "   \n\t", [], ["fine", "  "]])
def test_empty_descriptions_are_rejected(minilm, bad):
    with pytest.raises(InvalidDescriptionError, match="empty"):
        DescriptionEncoder(minilm).encode(bad)


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["ok", 3]])
def test_non_string_descriptions_are_rejected(minilm, bad):
    with pytest.raises(DescriptionTypeError, match="str"):
        DescriptionEncoder(minilm).encode(bad)
