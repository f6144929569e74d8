"""Where an event happened (events.where): the trigger's locative phrase, then its own
phrase, then the dateline, then the story's setting; never a place another event or clause
owns."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.events.lexicon import load_triggers
from flashpoint.events.where import event_place, share_places
from flashpoint.model import Analysis, Event, RawDocument, Span
from flashpoint.places import dateline_place, story_setting

pytestmark = pytest.mark.slow


def analyse(pipeline: Any, text: str) -> Analysis:
    (item,) = list(pipeline.analyses([RawDocument(id="t", text=text)]))
    return item[1]  # type: ignore[no-any-return]


def place_of(pipeline: Any, text: str, trigger: str, countries: tuple[str | None, ...] = (),
             *, setting: bool = True) -> str | None:
    an = analyse(pipeline, text)
    tok = next(t for t in an.parsed if t.text == trigger)
    pid = event_place(tok, an.places, an.text, load_triggers(), countries,
                      dateline_place(an.places, an.text),
                      story_setting(an.places) if setting else None)
    return next((p.text for p in an.places if p.id == pid), None)


@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Three soldiers were killed in Rafah on Monday.", "killed", "Rafah"),
    ("Rebels attacked a checkpoint near Idlib.", "attacked", "Idlib"),
    ("The general visited Georgia last week.", "visited", "Georgia"),
    ("Peres will make an official visit to Prague on Monday.", "visit", "Prague"),
    ("A Metcalfe County man was arrested after an Adair County shooting.", "shooting",
     "Adair County"),
    ("Four young boys were abducted from Edmonton on Sunday.", "abducted", "Edmonton"),
    ("Tanks are patrolling the streets of Baghdad.", "patrolling", "Baghdad"),
    ("Two aides to Netanyahu left for Europe on Sunday.", "left", "Europe"),
    ("On an official visit to Mexico, Freeh asked Mexican authorities to join the hunt.",
     "asked", "Mexico"),
    ("His mother testified last year on Capitol Hill.", "testified", "Capitol Hill"),
    ("Bakari fled the Columbus area last May.", "fled", "Columbus"),
    ("NATO decided at the Madrid summit to invite the three countries.", "invite", "Madrid"),
])
def test_where_reads_the_triggers_own_phrase(pipeline_noclean: Any, text: str, trigger: str,
                                             place: str) -> None:
    assert place_of(pipeline_noclean, text, trigger) == place


def test_where_on_before_a_country_names_what_the_act_is_about(pipeline_noclean: Any) -> None:
    assert place_of(pipeline_noclean, "The council imposed sanctions on Iran.", "imposed",
                    setting=False) is None


def test_where_a_place_another_event_owns_is_not_this_events(pipeline_noclean: Any) -> None:
    text = "Washington imposed new sanctions on Iran after talks in Vienna."
    assert place_of(pipeline_noclean, text, "sanctions") is None
    assert place_of(pipeline_noclean, text, "imposed") is None
    assert place_of(pipeline_noclean, text, "talks") == "Vienna"


def test_where_an_event_spoken_of_keeps_its_place_to_itself(pipeline_noclean: Any) -> None:
    text = "Iran on Saturday condemned the bombing of the U.S. embassy in Nairobi."
    assert place_of(pipeline_noclean, text, "condemned", setting=False) is None
    assert place_of(pipeline_noclean, text, "bombing") == "Nairobi"
    # ... while a light verb's object is its own act
    assert place_of(pipeline_noclean, "The rebels launched an attack in Kabul.",
                    "launched") == "Kabul"


def test_where_an_act_on_a_territory_is_there(pipeline_noclean: Any) -> None:
    text = "The move came a week after Iraq's invasion of Kuwait."
    assert place_of(pipeline_noclean, text, "invasion") == "Kuwait"
    assert place_of(pipeline_noclean, "The militia announced an attack on Homs.",
                    "attack") == "Homs"


def test_where_a_demonym_or_a_metonym_is_no_events_place(pipeline_noclean: Any) -> None:
    assert place_of(pipeline_noclean, "Turkey shelled Syrian positions.", "shelled") is None


def test_where_a_state_that_owns_a_participant_is_not_where(pipeline_noclean: Any) -> None:
    assert place_of(pipeline_noclean, "A policeman fatally shot Russia's ambassador to Turkey "
                    "on Monday.", "shot", setting=False) is None


def test_where_falls_back_to_the_dateline(pipeline_noclean: Any) -> None:
    text = ("COVINGTON, Ky. (AP) - A man being held on a murder charge is accused of killing "
            "a fellow inmate.")
    assert place_of(pipeline_noclean, text, "killing") == "COVINGTON"
    # ... but not when an actor of the event belongs to another country
    assert place_of(pipeline_noclean, text, "killing", ("IRN",)) is None


BELFAST = ("Man in court over burglary charges\n\n"
           "A Belfast man appeared at Belfast Magistrates Court on Monday. He was arrested last "
           "week after a report from a neighbour in Belfast. Police charged him with five "
           "burglaries.\n\nA police officer told the court she could connect him to all the "
           "charges.")


def test_where_falls_back_to_the_setting_the_story_is_set_in(pipeline_noclean: Any) -> None:
    assert place_of(pipeline_noclean, BELFAST, "charged") == "Belfast"
    # ... but not when every actor of it belongs to another country
    assert place_of(pipeline_noclean, BELFAST, "charged", ("FRA",)) is None
    # ... while one of them from the setting's country keeps it there (the town's own people
    # meeting a foreign party in the town)
    assert place_of(pipeline_noclean, BELFAST, "charged", ("GBR", "FRA")) == "Belfast"


ALEPPO = ("BEIRUT - The evacuation of eastern Aleppo stalled on Wednesday. Shelling hit "
          "Aleppo's last rebel districts overnight, and residents of Aleppo waited at the "
          "crossings. Rebels said civilians were to be escorted out of the city on Thursday.")


def test_where_the_city_is_the_town_the_story_is_set_in_not_its_dateline(
        pipeline_noclean: Any) -> None:
    assert place_of(pipeline_noclean, ALEPPO, "escorted") == "Aleppo"


def test_where_a_story_that_moves_between_places_has_no_setting(pipeline_noclean: Any) -> None:
    an = analyse(pipeline_noclean, "Talks were held in Vienna on Monday. On Tuesday the envoys "
                                   "met in Geneva, and on Wednesday in Doha and in Oslo.")
    assert story_setting(an.places) is None


def test_where_the_setting_does_not_place_an_event_dated_by_another(
        pipeline_noclean: Any) -> None:
    text = "Washington imposed new sanctions on Iran after talks in Vienna."
    assert place_of(pipeline_noclean, text, "sanctions") is None


def test_where_the_embassies_in_kenya_are_in_kenya_not_the_us(pipeline_noclean: Any) -> None:
    """A place that only says whose ("U.S. embassies") yields to the place the preposition
    names ("in Kenya")."""
    text = "Terrorist bombings at U.S. embassies in Kenya killed 12 people."
    assert place_of(pipeline_noclean, text, "bombings") == "Kenya"


def test_where_a_court_named_as_the_locative_places_its_town(pipeline_noclean: Any) -> None:
    text = "A Danbury mason was arraigned in Bantam Superior Court on Tuesday."
    assert place_of(pipeline_noclean, text, "arraigned") == "Bantam"


def test_where_the_one_place_a_sentence_locates_is_its_events(pipeline_noclean: Any) -> None:
    """When the parse hangs the place from another word of the clause, the one place the
    sentence puts anything in is the event's; not when it names two, nor for an event whose
    actor belongs to another country."""
    text = ("Zachary Brooks left Timothy to die unattended in the backyard of his home in "
            "Slidell on March 5.")
    assert place_of(pipeline_noclean, text, "left") == "Slidell"
    assert place_of(pipeline_noclean, text, "left", ("FRA",)) is None
    two = ("Zachary Brooks left Timothy to die unattended in the backyard of his home in "
           "Slidell on March 5, his family in Baton Rouge said.")
    assert place_of(pipeline_noclean, two, "left", setting=False) is None


@pytest.mark.parametrize(("text", "trigger", "place"), [
    # an act that is the purpose of a journey happens at its destination
    ("Putin said Russian investigators would fly to Ankara to conduct a joint probe.",
     "probe", "Ankara"),
    ("Freeland left for Washington earlier in the day to meet with her counterparts.",
     "meet", "Washington"),
])
def test_where_the_purpose_of_a_journey_is_at_its_end(pipeline_noclean: Any, text: str,
                                                      trigger: str, place: str) -> None:
    assert place_of(pipeline_noclean, text, trigger, setting=False) == place


def test_where_there_points_back_to_the_place_just_named(pipeline_noclean: Any) -> None:
    text = ("Government forces surrounded Douma on Friday. Tens of thousands of civilians "
            "remain in the town. The rebels there say talks with the military continue.")
    assert place_of(pipeline_noclean, text, "talks", ("SYR",), setting=False) == "Douma"
    # an existential "there" points nowhere
    assert place_of(pipeline_noclean, "Police sealed off Douma. There were talks on Monday.",
                    "talks", setting=False) is None


def _event(etype: str, source: tuple[str, ...], target: tuple[str, ...],
           place: str | None) -> Event:
    return Event("e0", etype, source, target, "asserted", None, place,  # type: ignore[arg-type]
                 Span("x", 0, 1))


def test_where_an_act_told_again_takes_the_place_the_story_gave_it() -> None:
    # "Policeman shot dead after assassinating Russian ambassador" ... "the attack in Ankara"
    events = [_event("ASSAULT", ("P.gunman",), ("P.karlov",), None),
              _event("ACCUSE", ("TUR",), ("P.gunman",), "p1"),
              _event("ASSAULT", (), ("P.karlov",), "ankara"),
              _event("ASSAULT", ("P.gunman",), ("RUS",), "moscow")]
    shared = share_places(events)
    assert [e.place for e in shared] == ["ankara", "p1", "ankara", "moscow"]
    # another act (another type, or another target) lends it nothing
    alone = share_places([_event("ASSAULT", ("P.gunman",), ("P.karlov",), None),
                          _event("COERCE", ("TUR",), ("P.karlov",), "ankara")])
    assert alone[0].place is None
