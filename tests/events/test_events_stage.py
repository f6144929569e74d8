"""The events stage, specified by sentences an analyst would code by hand."""

from __future__ import annotations

import re

import pytest

from flashpoint import Pipeline, PipelineConfig
from flashpoint.model import Document, Event

from ..conftest import run_cli

pytestmark = pytest.mark.slow

PUBLISHED = "2024-05-20"


@pytest.fixture(scope="module")
def rules() -> Pipeline:
    comps = dict(PipelineConfig().components, events="events.rules.v1")
    return Pipeline(PipelineConfig(clean=False, components=comps))


def _doc(pipeline: Pipeline, text: str) -> Document:
    return pipeline.extract_text(text, published=PUBLISHED)


def _event(doc: Document, etype: str) -> Event:
    found = [e for e in doc.events if e.type == etype]
    assert found, f"no {etype} in {[(e.type, e.evidence.text) for e in doc.events]}"
    return found[0]


def _ids(doc: Document, ids: tuple[str, ...]) -> set[str | None]:
    by_id = {a.id: a for a in doc.actors}
    return {by_id[i].country for i in ids}


def test_events_assault_with_actors_date_and_fatalities(rules: Pipeline) -> None:
    doc = _doc(rules, "Rebels attacked an army base on May 2, killing three soldiers.")
    e = _event(doc, "ASSAULT")
    assert (e.modality, e.date, e.fatalities) == ("asserted", "2024-05-02", 3)
    assert e.source and e.cameo and e.intensity is not None and e.intensity < 0
    assert doc.text[e.evidence.start:e.evidence.end] == e.evidence.text


@pytest.mark.parametrize(("text", "etype", "modality"), [
    ("Officials estimate the rebels would attack the city within weeks.", "ASSAULT",
     "hypothetical"),
    ("The army did not attack the town.", "ASSAULT", "negated"),
    ("If the talks fail, the militia will attack the base.", "ASSAULT", "conditional"),
    ("Russia plans to deploy troops to the border with Ukraine.", "MOBILIZE", "planned"),
    ("The group reportedly kidnapped two aid workers.", "ASSAULT", "reported"),
    ("Police arrested 40 protesters in Kano.", "COERCE", "asserted"),
    # an act with no participant did not happen
    ("Police made no arrests in Kano.", "COERCE", "negated"),
    ("Police said no one was arrested in Kano.", "COERCE", "negated"),
])
def test_events_modality(rules: Pipeline, text: str, etype: str, modality: str) -> None:
    assert _event(_doc(rules, text), etype).modality == modality


def test_events_a_threat_is_asserted_the_threatened_attack_is_not(rules: Pipeline) -> None:
    doc = _doc(rules, "Iran warned on Tuesday that it would strike Israel if it attacked "
                      "Iranian soil.")
    threat = _event(doc, "THREATEN")
    assert threat.modality == "asserted"
    assert _ids(doc, threat.source) == {"IRN"}
    assert all(e.modality != "asserted" for e in doc.events if e.type == "ASSAULT")


def test_events_reported_speech_threat_source_and_target(rules: Pipeline) -> None:
    doc = _doc(rules, "Trump warned that Iran would pay a heavy price.")
    e = _event(doc, "THREATEN")
    assert _ids(doc, e.source) == {"USA"} and _ids(doc, e.target) == {"IRN"}


def test_events_coordinated_sources(rules: Pipeline) -> None:
    # coordinated doers of one act are listed together ...
    doc = _doc(rules, "Jordan and Britain condemned the attack on the embassy.")
    e = _event(doc, "ACCUSE")
    assert {"JOR", "GBR"} <= _ids(doc, e.source)


def test_events_a_joint_act_of_coordinated_subjects_is_one_dyad(rules: Pipeline) -> None:
    # ... but a joint act with nothing else as its object is between them: the first conjunct
    # toward the other, one dyad as PLOVER coders write it
    doc = _doc(rules, "Jordan and Britain agreed on Monday to hold joint military exercises.")
    e = _event(doc, "AGREE")
    assert (_ids(doc, e.source), _ids(doc, e.target)) == ({"JOR"}, {"GBR"})


def test_events_a_relative_pronoun_stands_for_its_antecedent(rules: Pipeline) -> None:
    doc = _doc(rules, "Iran, which had condemned Iraq's invasion of Kuwait, also criticized "
                      "the force sent to Saudi Arabia.")
    e = _event(doc, "ACCUSE")
    assert _ids(doc, e.source) == {"IRN"}


def test_events_an_inherited_passive_subject_does_the_active_act(rules: Pipeline) -> None:
    doc = _doc(rules, "A British soldier who was killed by a bomb while battling Islamic State "
                      "fighters in Syria was buried on Monday.")
    battle = [e for e in doc.events if e.type == "ASSAULT" and "GBR" in _ids(doc, e.source)]
    assert battle, [(e.type, e.source, e.target) for e in doc.events]


def test_events_a_participle_describing_a_noun_was_done_to_it(rules: Pipeline) -> None:
    """A reduced relative clause, and headline English: "Syrian soldiers killed by rebels"."""
    doc = _doc(rules, "Three Syrian soldiers killed by Turkish troops were buried on Monday.")
    e = _event(doc, "ASSAULT")
    assert _ids(doc, e.source) == {"TUR"} and _ids(doc, e.target) == {"SYR"}


def test_events_a_stance_participle_is_its_subjects_act(rules: Pipeline) -> None:
    doc = _doc(rules, "Israel is opposed to French mediation in the talks with Syria.")
    e = _event(doc, "REJECT")
    assert _ids(doc, e.source) == {"ISR"} and _ids(doc, e.target) == {"FRA"}


def test_events_noun_trigger_with_possessive_source(rules: Pipeline) -> None:
    doc = _doc(rules, "The United States imposed sanctions on Iran.")
    e = _event(doc, "SANCTION")
    assert _ids(doc, e.source) == {"USA"} and _ids(doc, e.target) == {"IRN"}


def test_events_required_recipient_is_respected(rules: Pipeline) -> None:
    doc = _doc(rules, "The government imposed sanctions.")
    assert not [e for e in doc.events if e.type == "SANCTION"]


@pytest.mark.parametrize("text", [
    "The striker attacked the goal in the second half and scored twice.",
    "Nothing in this sentence reports any political event at all.",
])
def test_events_sports_and_plain_text_code_nothing(rules: Pipeline, text: str) -> None:
    assert [e.type for e in _doc(rules, text).events if e.type == "ASSAULT"] == []


def test_events_every_event_points_at_known_actors(rules: Pipeline) -> None:
    doc = _doc(rules, "Hamas launched an attack on Israel. Egypt urged both sides to stop. "
                      "The UN sent aid to Gaza.")
    ids = {a.id for a in doc.actors}
    for e in doc.events:
        assert set(e.source) <= ids and set(e.target) <= ids
        assert e.coder and e.confidence is not None and 0 <= e.confidence <= 1


def test_events_explain_shows_triggers_roles_and_modality() -> None:
    p = run_cli("explain", "Trump warned that Iran would pay a heavy price if it attacked "
                           "US forces.", "--published", "2020-01-07")
    out = p.stdout.decode()
    assert p.returncode == 0, p.stderr.decode()
    for needle in ("rule triggers:", "THREATEN", "CAMEO 130", "source:", "modality: conditional"):
        assert needle in out


def test_events_explain_shows_the_role_rankers_candidates_with_their_scores() -> None:
    p = run_cli("explain", "Egypt urged Israel to stop the offensive.", "--published",
                "2014-07-20")
    out = p.stdout.decode()
    assert p.returncode == 0, p.stderr.decode()
    line = next(x for x in out.splitlines() if "role candidates:" in x)
    assert "Egypt" in line and "Israel" in line
    assert re.search(r"\(source \d\.\d\d, target \d\.\d\d\)", line)


def _names(doc: Document, ids: tuple[str, ...]) -> set[str]:
    by_id = {a.id: a for a in doc.actors}
    return {by_id[i].name for i in ids}


def test_events_a_counted_event_noun_takes_its_verbs_subject(rules: Pipeline) -> None:
    # "made dozens of requests": the requests are Li's, made to the police
    doc = _doc(rules, "For three years, Li Wenzu has made dozens of requests to the police.")
    e = _event(doc, "REQUEST")
    assert (_names(doc, e.source), _names(doc, e.target)) == ({"Li Wenzu"}, {"police"})


def test_events_the_of_phrase_of_a_visit_is_the_visitor(rules: Pipeline) -> None:
    doc = _doc(rules, "The visit of U.S. Commerce Secretary William Daley to Kenya was "
                      "postponed.")
    e = _event(doc, "CONSULT")
    assert (_names(doc, e.source), _ids(doc, e.target)) == ({"William Daley"}, {"KEN"})


def test_events_an_aspectual_verb_lends_its_subject_to_the_event_noun(rules: Pipeline) -> None:
    doc = _doc(rules, "Hamas resumed attacks on Israeli towns.")
    e = _event(doc, "ASSAULT")
    assert (_names(doc, e.source), _ids(doc, e.target)) == ({"Hamas"}, {"ISR"})


def test_events_a_planned_series_of_events_is_planned(rules: Pipeline) -> None:
    doc = _doc(rules, "Georgia's opposition parties plan a series of protests in Tbilisi.")
    assert _event(doc, "PROTEST").modality == "planned"


def test_events_a_speech_act_the_rules_missed_is_read_at_the_speakers_verb() -> None:
    from flashpoint.events.lexicon import load_triggers
    from flashpoint.events.propose import _anchors
    from flashpoint.events.rules import code_sentence
    from flashpoint.nlp import load

    sent = next(load("sm")("Putin described the killing of Karlov as an attempt to damage "
                           "ties.").sents)
    cands = code_sentence(sent, load_triggers())
    assert any(c.token.text == "killing" for c in cands)
    assert _anchors(cands, sent, (), speech=True)[0].text == "described"
    # other types still try the rule triggers first
    assert _anchors(cands, sent, (), speech=False)[0].text != "described"



def test_a_model_reading_says_where_it_was_anchored(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the filter weighs a model-only type by where it stands: on a word of its type, on
    # another type's trigger ("campaign", the rules' ASSAULT), on the root, or on the act a
    # reporting verb reports ("says has regained")
    from flashpoint.events.stage import default_coders, read_document
    from flashpoint.model import RawDocument

    text = ("Syria says has regained most of Ghouta\n\nIn a televised statement on Saturday, "
            "the Syrian army spokesman said the weeks-long military campaign had now brought "
            "security to the Syrian capital Damascus.")
    (item,) = list(pipeline.analyses([RawDocument(id="t", text=text)]))
    reading = read_document(item[1], default_coders(), None)
    kinds = {k for s in reading.scored if s.proposal.origin == "stat"
             for k in s.features if k.startswith("anchor=")}
    assert {"anchor=trigger", "anchor=reported"} <= kinds
    assert not any(k.startswith("anchor=") for s in reading.scored
                   if s.proposal.origin == "rules" for k in s.features)


@pytest.mark.parametrize(("text", "source", "target"), [
    # a noun that accuses by describing conduct: its possessor or by-phrase is the accused,
    # the one who speaks so the accuser
    ("Lighthizer said the tariffs respond to China's illicit trade practices.", "Lighthizer",
     "China"),
    ("Mahathir called the order an abuse of power by a corrupt regime.", "Mahathir", "regime"),
])
def test_a_denounced_conduct_accuses_its_doer(pipeline, text, source, target) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(pipeline, text)
    e = _event(doc, "ACCUSE")
    names = {a.id: a.name for a in doc.actors}
    assert [names[i] for i in e.source] == [source]
    assert [names[i] for i in e.target] == [target]


def test_a_journey_to_meet_is_one_meeting(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _doc(pipeline, "Canadian Foreign Minister Chrystia Freeland left for Washington on "
                         "Monday to meet with her American and Mexican counterparts.")
    consults = [e for e in doc.events if e.type == "CONSULT"]
    assert len(consults) == 1 and consults[0].modality == "planned"
