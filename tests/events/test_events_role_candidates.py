"""Who may fill a role: the actors in reach of the trigger, as ``flashpoint explain`` shows them."""

from __future__ import annotations

import pytest

from flashpoint.cli.explain import explain

pytestmark = pytest.mark.slow


def _roles_of(pipeline, text: str, trigger: str) -> set[str]:  # type: ignore[no-untyped-def]
    notes = [c for s in explain(text, pipeline).sentences for c in s.coded
             if c.trigger == trigger]
    assert notes, f"no event on {trigger!r}"
    return {actor for n in notes for actor, _, _ in n.roles}


def test_roles_the_doer_named_in_the_next_sentence_is_a_candidate(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Hezbollah guerrillas were attacked overnight near the border. "
            "Israeli troops said they fired on the positions.")
    assert any(a.startswith("ISR") for a in _roles_of(pipeline, text, "attacked"))


def test_roles_the_storys_police_may_be_the_unnamed_arrester(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Laurel County police are investigating a break-in at a pharmacy on Main Street. "
            "The store's owner said cash and drugs were taken on Sunday night. "
            "A neighbour saw two men leave in a red truck. "
            "Vernon Adkins, 40, was arrested on Friday and charged with burglary.")
    assert any(a.endswith("POL") for a in _roles_of(pipeline, text, "arrested"))


def test_roles_the_storys_police_never_sentence(pipeline) -> None:  # type: ignore[no-untyped-def]
    # courts sentence and jail; the story's police, named far off, are no candidate doer
    text = ("Laurel County police are investigating a break-in at a pharmacy on Main Street. "
            "The store's owner said cash and drugs were taken on Sunday night. "
            "A neighbour saw two men leave in a red truck. "
            "Vernon Adkins, 40, was sentenced on Friday to six years in prison.")
    assert not any(a.endswith("POL") for a in _roles_of(pipeline, text, "sentenced"))


@pytest.mark.parametrize(("text", "trigger", "role", "index", "state"), [
    # what fills the trigger's own slot tells the ranker whether to look around the sentence
    ("Senior officials accused him of fraud.", "accused", "target", {}, "pronoun"),
    ("Senior officials accused him of fraud.", "accused", "source", {1: ["GEN.GOV"]}, "actor"),
    ("The accusation was rejected.", "rejected", "source", {}, "none"),
    ("The army's attack on the town killed five.", "attack", "target", {}, "noun"),
])
def test_roles_the_slot_a_role_would_fill(pipeline, text, trigger, role, index, state) -> None:  # type: ignore[no-untyped-def]
    from flashpoint.events.candidates import _slot_state

    tok = next(t for t in pipeline.nlp(text) if t.text == trigger)
    assert _slot_state(tok, role, index) == state


def test_roles_the_storys_protagonist_is_a_candidate_out_of_reach(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = ("Lawyer Li Wenzu set off on a march to Tianjin on Wednesday. "
            "Li Wenzu has campaigned for three years. "
            "Supporters walked with Li Wenzu through the rain. "
            "The weather was cold and the road was long. "
            "Officials at the court refused to meet anyone.")
    assert "P.li-wenzu" in _roles_of(pipeline, text, "refused")
