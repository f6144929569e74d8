"""Properties of the cleaner that hold for any text: nothing silently lost, nothing invented."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.config import PipelineConfig
from flashpoint.ingest.clean import clean, clean_text, default_rules, repair_mojibake
from flashpoint.model import RawDocument

#: Realistic pieces (news, boilerplate, mojibake) so that rules fire often, mixed with noise.
PIECES = [
    "BEIRUT (AP) — Lebanon's parliament failed again on Thursday to elect a president.",
    "Donors pledged $2bn at the conference in Brussels.",
    "The government donated $5 million to the relief fund, the newspaper reported.",
    "Support our journalism", "Donate now", "Thank you.", "Become a member",
    "If you value our reporting, please make a contribution.",
    "Sign up for our newsletter", "Get the latest news delivered to your inbox.",
    "This article was first published by The Example Times.", "Share this article",
    "We use cookies to improve your experience.", "Read more: Five things to know",
    "© 2021 Example Media. All rights reserved.", "Advertisement", "Photo: AFP / John Smith",
    "By Jane Doe and John Roe, Reuters", "(Reporting by Jane Doe; Editing by John Roe)",
    "Jane Doe is a senior fellow at the Example Institute.", "She is the author of two books.",
    "Follow her on Twitter @janedoe", "Lulaâ€™s visit", "Ã‰lysÃ©e", "Â£300m", "â€œquoteâ€\x9d",
    "Â\xa0", "café naïve Zürich", "…", "Ã", "â€",
]
SEPARATORS = ["\n", "\n\n", " ", "\r\n", "\n \n", "\t", "\n\n\n", ""]
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
TEXTS = st.lists(st.tuples(st.one_of(st.sampled_from(PIECES), NOISE), st.sampled_from(SEPARATORS)),
                 max_size=14).map(lambda parts: "".join(p + s for p, s in parts))
PLAIN = st.lists(st.tuples(st.sampled_from([p for p in PIECES if p.isascii()]),
                           st.sampled_from(SEPARATORS)),
                 max_size=14).map(lambda parts: "".join(p + s for p, s in parts))


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), TEXTS))
def test_clean_no_clean_returns_identical_text(text: str) -> None:
    out = clean(RawDocument(id="x", text=text), PipelineConfig(clean=False))
    assert out.text == text
    assert out.dropped == ()


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text()))
def test_clean_accounts_for_all_content(text: str) -> None:
    """Kept text plus dropped segments hold every non-space character of the input."""
    out = clean_text(text, default_rules())
    kept = _chars(out.text)
    for dropped in out.dropped:
        assert dropped.text.strip() and dropped.reason
        kept += _chars(repair_mojibake(dropped.text))
    assert kept == _chars(repair_mojibake(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text()))
def test_clean_kept_lines_appear_in_input(text: str) -> None:
    out = clean_text(text, default_rules())
    repaired = repair_mojibake(text)
    for line in out.text.split("\n"):
        assert line.strip(" \t\r\f\v") in repaired
    for dropped in out.dropped:
        assert dropped.text in text


@settings(max_examples=200, deadline=None)
@given(PLAIN)
def test_clean_plain_text_kept_paragraphs_are_verbatim(text: str) -> None:
    out = clean_text(text, default_rules())
    for line in out.text.split("\n"):
        assert line.strip(" \t\r\f\v") in text
    if not out.dropped:
        assert out.text == text


@settings(max_examples=200, deadline=None)
@given(st.one_of(TEXTS, st.text()))
def test_clean_nothing_dropped_means_only_mojibake_changed(text: str) -> None:
    out = clean_text(text, default_rules())
    if not out.dropped:
        assert out.text == repair_mojibake(text)
