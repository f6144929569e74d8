"""The nlp stage: one loader, and long texts parsed in chunks with offsets intact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint import nlp
from flashpoint.errors import ModelLoadError


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(10, 500))
@settings(max_examples=200)
def test_nlp_chunks_concatenate_to_the_text(text: str, size: int) -> None:
    parts = nlp.chunks(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)


def test_nlp_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelLoadError, match="could not be loaded"):
        nlp.load("no_such_model_package")


@pytest.mark.slow
def test_nlp_long_text_parses_with_offsets_intact() -> None:
    model = nlp.load("sm")
    para = "The minister met the envoy in Cairo on Monday. Talks will resume.\n\n"
    text = para * (nlp.CHUNK_CHARS // len(para) + 50)
    (doc,) = list(nlp.parse(model, [text]))
    assert doc.text == text
    ents = [e for e in doc.ents if e.label_ == "GPE"]
    assert ents and all(text[e.start_char : e.end_char] == e.text for e in ents)


@pytest.mark.slow
def test_nlp_views_read_the_same_as_spacy() -> None:
    """The cached views (tokens, text, sentences, span text) are spaCy's own, read once."""
    model = nlp.load("sm")
    text = ("KABUL, Afghanistan -\n\nThe Taliban said on Monday they attacked a base.  "
            "Officials denied it. \n\n“We will respond,” the ministry said.\n")
    (doc,) = list(nlp.parse(model, [text]))
    other = next(iter(nlp.parse(model, ["Another text entirely."])))
    assert nlp.text(doc) == doc.text == text
    assert [(t.i, t.text, t.dep_) for t in nlp.tokens(doc)] == [
        (t.i, t.text, t.dep_) for t in doc]
    assert nlp.tokens(doc) is nlp.tokens(doc)  # built once per document
    sents = nlp.sentences(doc)
    assert [(s.start, s.end) for s in sents] == [(s.start, s.end) for s in doc.sents]
    for sent in sents:
        assert nlp.span_text(sent) == sent.text
        assert [t.i for t in nlp.span_tokens(sent)] == [t.i for t in sent]
    assert [e.text for e in nlp.entities(doc)] == [e.text for e in doc.ents]
    assert nlp.text(other) == "Another text entirely."  # the slot follows the document
    assert nlp.text(doc) == text
