"""Modality of an event word, specified by sentences: what the text says of the event's
reality (asserted, planned, hypothetical, conditional, negated), read off the parse."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.events.modality import anchor_governor_cue, modality_of

pytestmark = pytest.mark.slow


def _token(pipeline: Any, text: str, word: str) -> Any:
    return next(t for t in pipeline.nlp(text) if t.text == word)


def _modality(pipeline: Any, text: str, word: str) -> str:
    return modality_of(_token(pipeline, text, word))[0]


@pytest.mark.parametrize(("text", "word", "modality"), [
    # an act with no participant, or an event noun with "no", did not happen
    ("Police made no arrests.", "arrests", "negated"),
    ("No arrests have been made.", "arrests", "negated"),
    ("Police said no one was arrested.", "arrested", "negated"),
    ("There were no talks between the two sides.", "talks", "negated"),
    # the negation of a verb of occurrence, or of one that carries the event out, is the
    # event's; the negation of anything else said about it is not
    ("The meeting did not take place.", "meeting", "negated"),
    ("Talks were not held on Monday.", "Talks", "negated"),
    ("Mr Marra's case is not linked to any council activity.", "case", "asserted"),
    ("Police did not make arrests.", "arrests", "negated"),
    ("Police were not linking the arrests to the protests.", "arrests", "asserted"),
    # "would" under a past reporting verb is the speaker's "will", reported: planned (a
    # coordinated verb shares it); a condition still wins, and unreported "would" guesses
    ("The ministry told the ambassador that Russia would expel 60 US diplomats.", "expel",
     "planned"),
    ("Lavrov said Russia would expel diplomats and close the consulate.", "close", "planned"),
    ("Officials said the rebels would attack the base if talks failed.", "attack",
     "conditional"),
    ("Analysts believe the rebels would attack the base.", "attack", "hypothetical"),
    # an event noun that a verb of planning or expecting takes is still to come
    ("He plans a final stop in Houston on Saturday.", "stop", "planned"),
    ("The Mission has also scheduled a meeting with the governor.", "meeting", "planned"),
    ("Peres is to make an official visit to Prague on Monday.", "visit", "planned"),
    ("They talked about the slated visit of the commerce secretary.", "visit", "planned"),
    ("The president is due to arrive in Paris on Monday.", "arrive", "planned"),
    ("Israel is likely to strike Iran.", "strike", "hypothetical"),
    # a denied or claimed attack keeps its own modality (the denial is its own event)
    ("The army denied the attack.", "attack", "asserted"),
    # a governor's condition holds for what it governs
    ("If the southern Sudanese people decide to secede, we are ready to accept their choice.",
     "accept", "conditional"),
    ("The minister made a visit to Paris.", "visit", "asserted"),
    # a plotted or feared event; a purpose
    ("Ohio man gets 20 years prison for Islamic State-linked attack plot", "attack", "planned"),
    ("Police evacuated the school after a bomb threat.", "bomb", "hypothetical"),
    # a purpose is as real as its act: the rally demanded; a planned trip's purpose is planned
    ("Castro attended a rally by media workers to demand the boy's return.", "demand",
     "asserted"),
    ("The minister will leave for Washington on Monday to meet with her counterparts.",
     "meet", "planned"),
    ("The minister left for Washington earlier in the day to meet with her counterparts.",
     "meet", "planned"),
    ("Some 1,500 Albanians marched in Istanbul, burning Serbian flags to protest the killings.",
     "protest", "asserted"),
    ("The unions would hold a rally on Friday to demand higher wages.", "demand",
     "hypothetical"),
    # be + infinitive: an arrangement still to be carried out
    ("Former State Sen. Vincent Fumo is to be sentenced on July 13.", "sentenced", "planned"),
    ("This year the two governments are to agree controls on beef.", "agree", "planned"),
    # an event a light verb carries, and a compound naming it, are where the verb's clause
    # puts them; launched, they happened
    ("Opposition parties planning to launch street protest rallies met on Monday.",
     "rallies", "planned"),
    ("Opposition parties planning to launch street protest rallies met on Monday.",
     "protest", "planned"),
    ("The rebels launched an attack on the town.", "attack", "asserted"),
    ("No protest rallies were held.", "protest", "negated"),
    # a finite relative clause is told in its own time, not its antecedent's verb's
    ("Russia would also retaliate against countries that expelled Russian diplomats.",
     "expelled", "asserted"),
    ("Russia would also retaliate against countries that expelled Russian diplomats.",
     "retaliate", "hypothetical"),
    # coordinated verbs share a modal unless they have their own subject or auxiliary, or
    # are set against the first
    ("The rebels will attack the town and kill the mayor.", "kill", "planned"),
    ("Police arrested five men and will charge them with murder.", "arrested", "asserted"),
    ("They could not attack the base but shelled the town.", "shelled", "asserted"),
    # a denial of a claim leaves the act the claim's: reported, not negated
    ("The Kremlin denies US claims that Russia hacked official emails.", "hacked", "reported"),
    ("Russia denied that its jets bombed the hospital.", "bombed", "negated"),
    # a phase verb's modal is its complement's; "would" under a past commitment is its plan
    ("Saddam said he will begin withdrawing troops on Friday.", "withdrawing", "planned"),
    ("He said the Cuban people would continue to protest American laws.", "protest",
     "planned"),
    ("The leaders agreed in a phone call that investigators would fly to Ankara.", "fly",
     "planned"),
    # ... but a reduced relative on a prepositional object keeps its own (no) modal
    ("He was not listed among the activists arrested on March 23.", "arrested", "asserted"),
    # a claim's denial is of the claim: the unclaimed attack happened; a denial of the act
    # itself still negates it
    ("No group has admitted carrying out the attack.", "carrying", "asserted"),
    ("The group denied carrying out the attack.", "carrying", "negated"),
])
def test_modality_of_an_event_word(pipeline: Any, text: str, word: str, modality: str) -> None:
    assert _modality(pipeline, text, word) == modality


@pytest.mark.parametrize(("text", "word", "modality"), [
    # the negation is the refusal: an asserted REJECT
    ("I did not even own the type of gun described.", "own", "asserted"),
    ("Pearson would not say whether any officers had been disciplined.", "say", "asserted"),
    # a refusal word negated is no refusal
    ("The council did not reject the plan.", "reject", "negated"),
])
def test_modality_of_a_rejection_read_off_a_negated_word(pipeline: Any, text: str, word: str,
                                                         modality: str) -> None:
    tok = _token(pipeline, text, word)
    assert modality_of(tok, etype="REJECT")[0] == modality


@pytest.mark.parametrize(("text", "word", "etype", "modality"), [
    # an obligation is what a demand, a reproach or a threat says ought to be: the speech act
    # is made; the same modal on any other act is a guess
    ("He said the military should take a closer look at the contracts.", "take", "REQUEST",
     "asserted"),
    ("This should never have happened at all.", "happened", "ACCUSE", "negated"),
    ("Iran must face the consequences, the minister said.", "face", "THREATEN", "asserted"),
    ("Troops must leave the town by Friday.", "leave", "RETREAT", "hypothetical"),
    # wanting is asking: the request is made; a plan to ask is still a plan
    ("The Justice Department wants the appeals court to suspend the injunction.", "suspend",
     "REQUEST", "asserted"),
    ("The judge denied a request by the developer to have access to his properties.",
     "request", "REQUEST", "asserted"),
    ("The prosecutor said he plans to ask the judge to send Clark to prison.", "ask",
     "REQUEST", "planned"),
    ("The Justice Department wants the appeals court to suspend the injunction.", "suspend",
     "COERCE", "planned"),
    # a threat's future and condition are what it announces
    ("The ambassador said Iraq would retaliate against Venezuela if it boosted production.",
     "retaliate", "THREATEN", "asserted"),
    ("The ambassador said Iraq would retaliate against Venezuela if it boosted production.",
     "retaliate", "ASSAULT", "conditional"),
    ("Iraq denied that it would retaliate against Venezuela.", "retaliate", "THREATEN",
     "negated"),
])
def test_modality_of_a_speech_act_is_the_act_of_speaking(pipeline: Any, text: str, word: str,
                                                         etype: str, modality: str) -> None:
    assert modality_of(_token(pipeline, text, word), etype=etype)[0] == modality


@pytest.mark.parametrize(("text", "word", "modality"), [
    # the model's type read at a verb that schedules an act is that act, still to come
    ("Sentencing is scheduled May 7.", "scheduled", "planned"),
    ("He is scheduled to appear in Litchfield Superior Court on April 7.", "scheduled",
     "planned"),
    # a verb that is an act of its own when a coder anchors there is not
    ("Saakashvili called for direct talks in any format.", "called", None),
])
def test_a_scheduling_verb_stands_for_the_act_it_schedules(pipeline: Any, text: str, word: str,
                                                           modality: str | None) -> None:
    cue = anchor_governor_cue(_token(pipeline, text, word))
    assert (cue.modality if cue else None) == modality


def test_a_misspelt_event_type_in_the_modality_cues_is_a_clear_error() -> None:
    from flashpoint.errors import DataFileError
    from flashpoint.events.modality import _types

    with pytest.raises(DataFileError, match="wish_types"):
        _types({"wish_types": ["REQEST"]}, "wish_types", "modality.yaml")
    assert _types({"wish_types": ["REQUEST"]}, "wish_types", "modality.yaml") == {"REQUEST"}
