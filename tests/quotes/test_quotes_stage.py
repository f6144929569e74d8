"""quotes.rules.v1: every pattern of the issue, one specification-style case each.

Each case runs the real pipeline (spaCy sm, actors, times) on a short text with cleaning off, so
offsets index the text given.
"""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.model import Statement
from flashpoint.quotes.stage import quoted_claims

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-23"  # a Thursday


def _statements(pipeline: Any, text: str) -> tuple[Statement, ...]:
    doc = pipeline.extract_text(text, doc_id="t", published=PUBLISHED)
    for st in doc.statements:
        assert doc.text[st.quote.start:st.quote.end] == st.quote.text
    return doc.statements  # type: ignore[no-any-return]


def _one(pipeline: Any, text: str) -> Statement:
    found = _statements(pipeline, text)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    # speaker after the quote, inverted, with an appositive title that is not the speaker
    ("“We will respond with force,” said Ali Khamenei, Iran's supreme leader.",
     "We will respond with force,", "Ali Khamenei"),
    # speaker after the quote, subject first
    ("“We will respond with force,” the defence minister said.",
     "We will respond with force,", "the defence minister"),
    # speaker before, colon-introduced
    ("Iran's foreign minister said: “We will not negotiate under pressure.”",
     "We will not negotiate under pressure.", "Iran's foreign minister"),
    # speaker before, no colon, inverted at the start of the sentence
    ("Said the mayor, “The city will rebuild every house.”",
     "The city will rebuild every house.", "mayor"),
    # according to
    ("According to the army spokesman, “the rebels fled across the river.”",
     "the rebels fled across the river.", "the army spokesman"),
    # partial quote inside a sentence, governed by the speech verb
    ("The minister told reporters that the talks were “a waste of time.”",
     "a waste of time.", "The minister"),
    # a short partial quote named by "called"
    ("Prime Minister Mahathir Mohamad called the order “tyranny” on Thursday.",
     "tyranny", "Mahathir Mohamad"),
])
def test_quotes_stage_speaker_position(pipeline_noclean: Any, text: str, quote: str,
                                       speaker: str) -> None:
    st = _one(pipeline_noclean, text)
    assert st.quote.text == quote
    assert speaker in st.speaker_text


def test_quotes_stage_speaker_inside_the_quote(pipeline_noclean: Any) -> None:
    text = "“We will win,” Putin said, “and nobody can stop us.”"
    first, second = _statements(pipeline_noclean, text)
    assert (first.quote.text, second.quote.text) == ("We will win,", "and nobody can stop us.")
    assert first.speaker_text == second.speaker_text == "Putin"
    assert first.speaker is not None and first.speaker == second.speaker


def test_quotes_stage_pronoun_resolves_to_the_last_person(pipeline_noclean: Any) -> None:
    text = ("Defence Minister Benny Gantz visited the border town on Monday. "
            "“We are ready for every scenario,” he said.")
    st = _one(pipeline_noclean, text)
    assert "Gantz" in st.speaker_text
    assert st.speaker is not None and "gantz" in st.speaker.lower()


def test_quotes_stage_speaker_is_the_actor_whose_mention_covers_the_head(
        pipeline_noclean: Any) -> None:
    text = "“The talks are over,” Russian President Vladimir Putin's spokesman said."
    st = _one(pipeline_noclean, text)
    assert st.speaker_text.endswith("spokesman")
    assert st.speaker is None or "putin" not in st.speaker.lower()


def test_quotes_stage_next_unattributed_quote_takes_the_same_speaker(
        pipeline_noclean: Any) -> None:
    text = ("“We were shocked at what we saw,” Ian Lau said.\n"
            "“She was not moving, she was purple and she was not breathing.”")
    first, second = _statements(pipeline_noclean, text)
    assert "Ian Lau" in first.speaker_text
    assert second.speaker_text == first.speaker_text


def test_quotes_stage_reported_speech_introduces_the_next_quote(pipeline_noclean: Any) -> None:
    text = ("Andre Wilson said he was shocked that it came to this. "
            "“The officers from the neighborhood know him. This should not have happened.”")
    assert "Andre Wilson" in _one(pipeline_noclean, text).speaker_text


def test_quotes_stage_paragraph_continuation_is_one_statement(pipeline_noclean: Any) -> None:
    text = ("The general spoke to the troops.\n“We attacked at dawn and took the hill.\n"
            "“We will attack again tomorrow,” the general said.")
    st = _one(pipeline_noclean, text)
    assert st.quote.text.startswith("We attacked at dawn")
    assert st.quote.text.endswith("again tomorrow,")
    assert "general" in st.speaker_text


def test_quotes_stage_brackets_and_ellipses(pipeline_noclean: Any) -> None:
    st = _one(pipeline_noclean, "“They [the rebels] will pay … and soon,” the colonel said.")
    assert st.quote.text == "They [the rebels] will pay … and soon,"
    assert "colonel" in st.speaker_text


def test_quotes_stage_document_speaker_and_colon(pipeline_noclean: Any) -> None:
    text = "The ministry released a statement: “Our forces struck twelve targets overnight.”"
    st = _one(pipeline_noclean, text)
    assert "ministry" in st.speaker_text.lower()
    assert st.channel == "statement"


# --------------------------------------------------------------------------- not quotations


@pytest.mark.parametrize("text", [
    "Moscow continued its so-called “special military operation” for a third year.",
    "The “special military operation” continued for a third year.",
    "She starred in “Hart of Dixie” for four seasons before moving to Paris.",
    "Mohamed 'Beebo' Khaled runs the academy in Cairo.",
    "Protesters carried signs that said “No war” through the city centre.",
    "The cat, dubbed “Q-199” after the train, was found in Alberta.",
])
def test_quotes_stage_scare_quotes_titles_and_names_are_not_statements(
        pipeline_noclean: Any, text: str) -> None:
    assert _statements(pipeline_noclean, text) == ()


@pytest.mark.parametrize("text", [
    "He said “we will never surrender. The war went on for years.",
    "“",
    "”Hello” “” ‘’ '' \"\"\" said he “",
    "The minister said.\n\n“\n\n”",
])
def test_quotes_stage_unbalanced_marks_never_crash(pipeline_noclean: Any, text: str) -> None:
    _statements(pipeline_noclean, text)


# --------------------------------------------------------------------------- channel, date


@pytest.mark.parametrize(("text", "channel"), [
    ("Trump tweeted: “The deal is dead and buried.”", "tweet"),
    ("In a post on X, Musk wrote: “The deal is dead and buried.”", "tweet"),
    ("The communiqué said: “The parties agreed to a ceasefire in the north.”", "statement"),
    ("“We will not leave,” the mayor told the newspaper.", "interview"),
    ("Addressing the UN General Assembly, Lula said: “Hunger is a political choice.”",
     "speech"),
    ("“We will not leave,” the mayor told state TV on Monday.", "media"),
    ("“The deal is dead and buried,” Trump wrote on Twitter.", "tweet"),
    ("“We condemn the attack in the strongest terms,” the ministry said in a statement.",
     "statement"),
    ("Macron told Le Monde in an interview: “Europe must rearm quickly.”", "interview"),
    ("Erdogan told a rally in Istanbul: “We will never bow to pressure.”", "speech"),
    ("“We will never bow to pressure,” Erdogan said in a speech in Ankara.", "speech"),
    ("“The ceasefire is holding for now,” the general told reporters.", "media"),
    ("“The ceasefire is holding for now,” the general told Reuters.", "media"),
    ("“The ceasefire is holding for now,” the general said.", "unknown"),
])
def test_quotes_stage_channel(pipeline_noclean: Any, text: str, channel: str) -> None:
    assert _one(pipeline_noclean, text).channel == channel


def test_quotes_stage_date_from_the_attribution_clause(pipeline_noclean: Any) -> None:
    st = _one(pipeline_noclean, "“The West is lying about the attack,” Putin said on Tuesday.")
    assert st.date == "2024-05-21"


def test_quotes_stage_date_inside_the_quote_or_the_report_is_not_taken(
        pipeline_noclean: Any) -> None:
    st = _one(pipeline_noclean, "“The attack on Monday was a crime,” the minister said.")
    assert st.date is None
    st = _one(pipeline_noclean,
              "The minister said the attack happened on Monday, calling it “a crime.”")
    assert st.date is None


# --------------------------------------------------------------------------- for the coder


def test_quotes_stage_quoted_claims_for_the_event_coder(pipeline_noclean: Any) -> None:
    text = ("“We will respond with force,” the defence minister said.\n"
            "“Nobody knows what happened,” said a witness.")
    doc = pipeline_noclean.extract_text(text, doc_id="t", published=PUBLISHED)
    claims = quoted_claims(doc.statements, doc.text)
    assert [c.first_person for c in claims] == [True, False]
    assert claims[0].text == "We will respond with force,"
    assert claims[0].statement.speaker_text == "the defence minister"
