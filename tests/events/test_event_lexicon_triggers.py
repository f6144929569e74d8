"""Trigger lookups for common news verbs and nouns give the codebook's type and mode."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.events.lexicon import (
    Discard,
    Discards,
    Trigger,
    TriggerLexicon,
    load_discards,
    load_triggers,
)
from flashpoint.events.ontology import load_ontology


@pytest.fixture(scope="module")
def lexicon() -> TriggerLexicon:
    return load_triggers()


# (verb, words after it, expected type, expected mode or "any")
VERBS = [
    ("attack", (), "ASSAULT", None),
    ("strike", (), "ASSAULT", None),
    ("kill", (), "ASSAULT", None),
    ("shell", (), "ASSAULT", "heavy-weapons"),
    ("bomb", (), "ASSAULT", "explosives"),
    ("kidnap", (), "ASSAULT", "abduct"),
    ("abduct", (), "ASSAULT", "abduct"),
    ("arrest", (), "COERCE", "arrest"),
    ("detain", (), "COERCE", "arrest"),
    ("protest", (), "PROTEST", None),
    ("rally", (), "PROTEST", "demo"),
    ("meet", (), "CONSULT", None),
    ("visit", (), "CONSULT", "visit"),
    ("negotiate", (), "CONSULT", None),
    ("sign", ("the", "peace", "agreement"), "SUPPORT", None),
    ("agree", (), "AGREE", None),
    ("accuse", (), "ACCUSE", "allege"),
    ("condemn", (), "ACCUSE", "disapprove"),
    ("criticize", (), "ACCUSE", "disapprove"),
    ("deny", (), "REJECT", None),
    ("deny", ("the", "accusations"), "REJECT", None),
    ("reject", (), "REJECT", None),
    ("threaten", (), "THREATEN", None),
    ("warn", (), "THREATEN", None),
    ("demand", (), "REQUEST", None),
    ("urge", (), "REQUEST", None),
    ("call", ("for", "a", "ceasefire"), "REQUEST", "yield"),
    ("call", ("on", "the", "government"), "REQUEST", None),
    ("sanction", (), "SANCTION", "discontinue"),
    ("impose", ("new", "sanctions"), "SANCTION", "discontinue"),
    ("expel", ("the", "ambassador"), "SANCTION", "expel"),
    ("aid", (), "AID", None),
    ("withdraw", (), "RETREAT", "withdraw"),
    ("withdraw", ("troops",), "RETREAT", "withdraw"),
    ("withdraw", ("from", "the", "nuclear", "treaty"), "SANCTION", "withdraw"),
    ("release", (), "RETREAT", "release"),
    ("resign", (), "RETREAT", "resign"),
    ("deploy", (), "MOBILIZE", "troops"),
    ("mobilize", (), "MOBILIZE", None),
    ("summon", ("the", "ambassador"), "ACCUSE", "disapprove"),
    ("vow", ("revenge",), "THREATEN", "violence"),
    ("convict", (), "SANCTION", "convict"),
    ("investigate", (), "ACCUSE", "investigate"),
    # curated senses outrank CAMEO rows of as many pattern words
    ("search", ("the", "home", "of", "the", "suspect"), "COERCE", "seize"),
    ("dismiss", ("four", "governors"), "COERCE", None),
    ("dispute", ("that", "notion"), "REJECT", None),
    ("plead", ("guilty", "to", "attempted", "murder", "of", "a", "government", "employee"),
     "CONCEDE", None),
    # an order to act is a demand, not the CAMEO row's visit; the longer rows keep theirs
    ("order", ("top", "officials", "to", "strengthen", "protection"), "REQUEST", None),
    ("order", ("the", "diplomats", "to", "leave"), "SANCTION", "withdraw"),
]


@pytest.mark.parametrize(("verb", "after", "kind", "mode"), VERBS)
def test_event_lexicon_news_verbs(lexicon: TriggerLexicon, verb: str,
                                  after: tuple[str, ...], kind: str, mode: str | None) -> None:
    trig = lexicon.match(verb, after=after)
    assert trig is not None, verb
    assert (trig.type, trig.mode) == (kind, mode), (verb, after, trig)


NOUNS = [
    ("strike", ("air",), (), "ASSAULT", "aerial"),
    ("strike", ("drone",), (), "ASSAULT", "drone"),
    ("strike", ("general",), (), "PROTEST", "strike"),
    ("strike", ("hunger",), (), "PROTEST", "hunger"),
    ("airstrike", (), (), "ASSAULT", "aerial"),
    ("attack", (), (), "ASSAULT", None),
    ("attack", ("mortar",), (), "ASSAULT", "heavy-weapons"),
    ("attack", ("rpg",), (), "ASSAULT", "heavy-weapons"),  # via the &weapon word set
    ("attack", ("verbal",), (), "ACCUSE", "disapprove"),
    ("demonstration", (), (), "PROTEST", "demo"),
    ("curfew", (), (), "COERCE", "curfew"),
    ("sanction", (), (), "SANCTION", "discontinue"),
    ("gas", ("tear",), (), "ASSAULT", "crowd-control"),
    ("war", (), ("of", "words"), "ACCUSE", "disapprove"),
    ("custody", (), (), "COERCE", "arrest"),
    ("siege", (), (), "COERCE", "restrict"),
    ("objection", (), (), "REJECT", None),
]


@pytest.mark.parametrize(("noun", "before", "after", "kind", "mode"), NOUNS)
def test_event_lexicon_news_nouns(lexicon: TriggerLexicon, noun: str, before: tuple[str, ...],
                                  after: tuple[str, ...], kind: str, mode: str | None) -> None:
    trig = lexicon.match(noun, before=before, after=after, pos="NOUN")
    assert trig is not None and (trig.type, trig.mode) == (kind, mode), (noun, trig)


@pytest.mark.parametrize(("lemma", "pos", "before", "after"), [
    ("war", "NOUN", ("price",), ()),
    ("war", "NOUN", ("cold",), ()),
    ("attack", "VERB", (), ("with", "corruption")),  # CAMEO null-coded pattern
    ("execute", "VERB", (), ("the", "plan")),
    ("strike", "NOUN", ("lucky",), ()),
    ("hold", "VERB", ("observers",), ("out", "hope", "of", "negotiations")),
])
def test_event_lexicon_blockers(lexicon: TriggerLexicon, lemma: str, pos: str,
                                before: tuple[str, ...], after: tuple[str, ...]) -> None:
    trig = lexicon.match(lemma, before=before, after=after, pos=pos)
    assert trig is not None and trig.is_blocker and trig.type is None


@pytest.mark.parametrize("verb", ["think", "take", "vote", "die", "give", "lead", "face"])
def test_event_lexicon_generic_verbs_are_blocked_bare(lexicon: TriggerLexicon,
                                                      verb: str) -> None:
    """CAMEO codes these for any use ("think" CONSULT, "die" ASSAULT); bare, they block."""
    bare = lexicon.default(verb)
    assert bare is not None and bare.is_blocker and bare.source == "curated"


@pytest.mark.parametrize(("verb", "after", "kind", "mode"), [
    ("take", ("hostages",), "ASSAULT", "abduct"),
    ("hold", ("talks",), "CONSULT", None),
    ("give", ("aid",), "AID", None),
    ("order", ("the", "arrest"), "COERCE", "arrest"),
])
def test_event_lexicon_generic_verbs_keep_their_patterns(lexicon: TriggerLexicon, verb: str,
                                                         after: tuple[str, ...], kind: str,
                                                         mode: str | None) -> None:
    trig = lexicon.match(verb, after=after)
    assert trig is not None and (trig.type, trig.mode) == (kind, mode)


@pytest.mark.parametrize(("lemma", "pos", "before", "after", "kind"), [
    # what the words around the trigger make of it, read off real sentences
    ("order", "VERB", (), ("the", "party", "to", "temporarily", "dissolve"), "COERCE"),
    ("order", "VERB", (), ("the", "troops", "to", "advance"), "REQUEST"),
    ("encourage", "VERB", (), ("him", "to", "conduct", "an", "attack"), "REQUEST"),
    ("seek", "VERB", (), ("a", "25-year", "prison", "term"), "REQUEST"),
    ("dismiss", "VERB", (), ("the", "statement"), "REJECT"),
    ("drop", "VERB", (), ("a", "controversial", "demand"), "CONCEDE"),
    ("purge", "VERB", (), ("state", "institutions"), "COERCE"),
    ("duty", "NOUN", ("import",), (), "SANCTION"),
    ("duty", "NOUN", (), ("on", "steel", "imports"), "SANCTION"),
    ("tariff", "NOUN", (), ("on", "Chinese", "goods"), "SANCTION"),
    ("promise", "VERB", (), ("a", "proportional", "response"), "THREATEN"),
    # the expulsion told from its object: "the number of Russian diplomats expelled"
    ("expel", "VERB", ("russian", "diplomats"), (), "SANCTION"),
    # accusations told by their words, and a bomb's blast
    ("probe", "VERB", ("police",), ("the", "bomb", "blast"), "ACCUSE"),
    ("abuse", "NOUN", (), ("of", "power"), "ACCUSE"),
    ("practice", "NOUN", ("illicit", "trade"), (), "ACCUSE"),
    ("action", "NOUN", ("unfair", "and", "illegal", "trading"), (), "ACCUSE"),
    ("blast", "NOUN", ("bomb",), (), "ASSAULT"),
    ("downing", "NOUN", (), ("of", "a", "Russian", "warplane"), "ASSAULT"),
])
def test_event_lexicon_curated_senses(lexicon: TriggerLexicon, lemma: str, pos: str,
                                      before: tuple[str, ...], after: tuple[str, ...],
                                      kind: str) -> None:
    trig = lexicon.match(lemma, before=before, after=after, pos=pos)
    assert trig is not None and trig.type == kind, (lemma, after, trig)


@pytest.mark.parametrize(("lemma", "before", "after"), [
    ("tariff", ("electricity",), ()),   # a price list
    ("duty", (), ("to", "protect")),    # an obligation
])
def test_event_lexicon_other_senses_of_trade_nouns(lexicon: TriggerLexicon, lemma: str,
                                                   before: tuple[str, ...],
                                                   after: tuple[str, ...]) -> None:
    trig = lexicon.match(lemma, before=before, after=after, pos="NOUN")
    assert trig is None or trig.is_blocker


def test_event_lexicon_default_is_the_bare_verb(lexicon: TriggerLexicon) -> None:
    bare = lexicon.default("attack")
    assert bare is not None and bare.pattern == () and bare.cameo == "190"
    assert lexicon.default("sign") is None  # CAMEO codes "sign" only with an object


def test_event_lexicon_plural_and_case_insensitive_matching(lexicon: TriggerLexicon) -> None:
    trig = lexicon.match("expel", after=["Ambassadors"])
    assert trig is not None and trig.mode == "expel"


def test_event_lexicon_triggers_most_specific_first(lexicon: TriggerLexicon) -> None:
    for key, triggers in lexicon.by_key.items():
        spec = [t.specificity for t in triggers]
        assert spec == sorted(spec, reverse=True), key


def test_event_lexicon_lookup_by_lemma(lexicon: TriggerLexicon) -> None:
    both = lexicon["strike"]
    assert {t.pos for t in both} == {"VERB", "NOUN"}
    assert "strike" in lexicon and "xyzzy" not in lexicon
    with pytest.raises(KeyError):
        lexicon["xyzzy"]
    assert len(lexicon) > 10_000 and "attack" in lexicon.lemmas


def test_event_lexicon_codes_agree_with_ontology(lexicon: TriggerLexicon) -> None:
    """A CAMEO-sourced trigger's type is what cameo2plover gives its code."""
    onto = load_ontology()
    for triggers in lexicon.by_key.values():
        for t in triggers:
            if t.source == "cameo" and t.type is not None:
                found = onto.cameo_to_plover(t.cameo)
                assert found is not None and found[:2] == (t.type, t.mode), t
            if t.source == "cameo_remap":  # 02x appeals -> REQUEST, 016 denials -> REJECT
                assert t.cameo.startswith("02") or t.cameo == "016", t


def test_event_lexicon_every_type_has_triggers(lexicon: TriggerLexicon) -> None:
    kinds = {t.type for ts in lexicon.by_key.values() for t in ts}
    assert set(load_ontology().types) <= kinds


# --------------------------------------------------------------------------- discards


@pytest.mark.parametrize(("text", "scope"), [
    ("Manchester United beat Chelsea on Sunday.", "story"),
    ("The bowlers were tired after lunch.", "sentence"),
    ("A fierce price war broke out among airlines.", "sentence"),
    ("He scored a hat-trick in the final.", "sentence"),
])
def test_event_lexicon_discards_found(text: str, scope: str) -> None:
    found = load_discards().find_text(text)
    assert found is not None and found.scope == scope


@pytest.mark.parametrize("text", [
    "In 2012 the army attacked the town.",  # years are not discards (Phoenix chronology filter)
    "She is a champion of democracy.",  # dropped: political
    "Marathon talks ended with a deal.",
    "Police fired tear gas at protesters.",
    "Aid arrived after the tsunami.",  # PLOVER has a disasters context
])
def test_event_lexicon_discards_not_found(text: str) -> None:
    assert load_discards().find_text(text) is None


def test_event_lexicon_discards_word_and_stem_matching() -> None:
    discards = Discards((Discard(("group", "a"), "sentence", False, "phoenix"),
                         Discard(("bowler",), "sentence", True, "phoenix")))
    assert discards.find(["in", "group", "a"]) is not None
    assert discards.find(["group", "ab"]) is None  # whole words only
    assert discards.find(["the", "bowlers"]) is not None  # a stem may continue
    assert discards.find(["a", "bowl"]) is None


def _first_match_by_scan(lexicon: TriggerLexicon, lemma: str, before: list[str],
                         after: list[str], pos: str) -> Trigger | None:
    """The specification of ``match``: the first trigger of the lemma, most specific first,
    whose before and after patterns are subsequences of the context (no index, no shortcut)."""
    left, right = [w.lower() for w in before], [w.lower() for w in after]
    for trig in lexicon.get(lemma, pos):
        if lexicon._subsequence(trig.before, left) and lexicon._subsequence(trig.after, right):
            return trig
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_event_lexicon_match_is_the_first_matching_pattern(lexicon: TriggerLexicon,
                                                            data: st.DataObject) -> None:
    # Lemmas with hundreds of patterns, where match tries only those whose first plain word
    # is in the clause: the answer must be the one a plain scan gives.
    lemma = data.draw(st.sampled_from(["go", "take", "call", "fight", "set", "open", "meet",
                                       "release", "attack", "agreement"]))
    pos = "NOUN" if lemma == "agreement" else "VERB"
    words = sorted({alt for t in lexicon.get(lemma, pos) for w in t.pattern
                    if w != "*" and not w.startswith("&") for alt in w.split("|")}
                   | {"the", "talks", "troops"})
    context = st.lists(st.sampled_from(words), max_size=8)
    before, after = data.draw(context), data.draw(context)
    assert lexicon.match(lemma, before, after, pos) == _first_match_by_scan(
        lexicon, lemma, before, after, pos)
