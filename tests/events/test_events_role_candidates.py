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
