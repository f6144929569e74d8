"""Property tests of the whole quotes stage: any text with any quote marks is handled."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow

_WORDS = st.sampled_from(["He", "said", "the", "minister", "told", "Reuters", "we", "will",
                          "respond", "“", "”", '"', "'", "‘", "’", ",", ".", ":", "\n", "\n\n",
                          "according", "to", "Putin", "so-called", "[even]", "…", "she",
                          "added", "on", "Tuesday"])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join))
def test_quotes_properties_never_crash_index_the_text_never_overlap(
        pipeline_noclean: Any, text: str) -> None:
    if not text.strip(" \n“”\"'‘’,.:…"):
        return  # the ingest stage refuses texts with no words: not this stage's case
    doc = pipeline_noclean.extract_text(text, doc_id="p", published="2024-05-23")
    last = -1
    for s in doc.statements:
        assert doc.text[s.quote.start:s.quote.end] == s.quote.text
        assert s.quote.start >= last
        last = s.quote.end
        assert s.speaker is None or s.speaker in {a.id for a in doc.actors}


def test_quotes_properties_output_is_schema_valid(pipeline: Any) -> None:
    """A short article with quotes through ``flashpoint.pipeline``, cleaning on, is a valid
    contract document with its statements filled."""
    import json
    from importlib import resources

    schema = json.loads(resources.files("flashpoint").joinpath(
        "data/document.schema.json").read_text("utf-8"))
    text = ("Iran's supreme leader Ali Khamenei warned the United States on Tuesday. "
            "“We will respond with force to any attack,” Khamenei said in a speech in Tehran.\n\n"
            "“The enemy will regret it,” he added.")
    doc = pipeline.extract_text(text, doc_id="s", published="2024-05-23")
    assert len(doc.statements) == 2
    assert doc.statements[0].channel == "speech" and doc.statements[0].speaker is not None
    jsonschema.Draft202012Validator(schema).validate(doc.to_dict())
