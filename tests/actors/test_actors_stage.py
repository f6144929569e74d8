"""The actors stage, specified by the sentences an analyst would code by hand."""

from __future__ import annotations

import pytest

from flashpoint import Pipeline
from flashpoint.model import Actor, Document

pytestmark = pytest.mark.slow


def _actors(pipeline: Pipeline, text: str, published: str = "2024-03-01") -> Document:
    return pipeline.extract_text(text, published=published)


def _by_mention(doc: Document, mention: str) -> Actor:
    found = [a for a in doc.actors if any(m.text == mention for m in a.mentions)]
    assert found, f"no actor mentioned as {mention!r}: {[a.id for a in doc.actors]}"
    return found[0]


@pytest.mark.parametrize(("text", "mention", "country", "atype"), [
    ("Moscow said the talks had failed.", "Moscow", "RUS", "state"),
    ("The Kremlin rejected the claim.", "Kremlin", "RUS", None),
    ("Russian officials denied it.", "Russian", "RUS", "state"),
    ("The Houthis fired two missiles at a ship.", "Houthis", "YEM", "armed_group"),
    ("Ansar Allah fighters seized the port.", "Ansar Allah", "YEM", "armed_group"),
    ("Hizballah denied the report.", "Hizballah", "LBN", "armed_group"),
    ("The White House said it would respond.", "White House", "USA", None),
    ("Downing Street declined to comment.", "Downing Street", "GBR", None),
    ("Tehran warned Washington on Sunday.", "Tehran", "IRN", "state"),
])
def test_actors_aliases_resolve_to_one_canonical_actor(pipeline, text, mention, country,  # type: ignore[no-untyped-def]
                                                       atype) -> None:
    actor = _by_mention(_actors(pipeline, text), mention)
    assert actor.country == country
    if atype:
        assert actor.type == atype


def test_actors_rsf_is_an_armed_group_not_the_army(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "The Rapid Support Forces (RSF) shelled El Fasher, and the RSF "
                            "said the Sudanese army had attacked first.")
    rsf = _by_mention(doc, "RSF")
    army = _by_mention(doc, "Sudanese army")
    assert rsf.type == "armed_group" and rsf.country == "SDN"
    assert army.type == "military" and army.country == "SDN"
    assert rsf.id != army.id
    assert len({m.text for m in rsf.mentions} & {"RSF", "Rapid Support Forces"}) >= 1


def test_actors_nested_description_gives_role_affiliation_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Turkey's Foreign Ministry spokesman Tanju Bilgic said Ankara "
                            "would not accept the decision.")
    person = _by_mention(doc, "Tanju Bilgic")
    assert person.type == "person"
    assert person.role == "spokesman"
    assert person.country == "TUR"
    assert person.affiliation is not None and person.affiliation.startswith("TUR")


def test_actors_unknown_person_country_from_appositive(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "General Abdel Rahman Kamil, the head of the Sudanese army's "
                            "strategic studies centre, said the offensive would continue.")
    person = _by_mention(doc, "Abdel Rahman Kamil")
    assert (person.type, person.country, person.role) == ("person", "SDN", "general")


def test_actors_unknown_person_country_from_preceding_description(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "The deputy head of the Niger junta's defence council, Colonel "
                            "Amadou Issoufou, said the border would stay closed.")
    person = _by_mention(doc, "Amadou Issoufou")
    assert (person.type, person.country, person.role) == ("person", "NER", "colonel")


def test_actors_surname_is_the_full_name_met_earlier(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Colonel Ibrahim Mahamadou Tchiani arrived in Niamey on Monday. "
                            "Tchiani said he would meet the envoy.")
    person = _by_mention(doc, "Ibrahim Mahamadou Tchiani")
    assert "Tchiani" in {m.text for m in person.mentions}


def test_actors_generic_agents_take_the_modifier_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Nigerian police arrested 40 protesters in Kano.")
    police = _by_mention(doc, "Nigerian police")
    assert (police.type, police.country) == ("police", "NGA")
    protesters = _by_mention(doc, "protesters")
    assert protesters.type == "civilians"


def test_actors_a_group_takes_its_sentences_only_country(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Sudanese troops clashed with rebels near the border.")
    assert _by_mention(doc, "rebels").country == "SDN"
    # two countries named: a state's body counts as its country, and the rebels stay unplaced
    doc = _actors(pipeline, "The Sudanese government has accused rebels of violating a "
                            "ceasefire, a member of the Chadian team said.")
    assert _by_mention(doc, "rebels").country != "TCD"


def test_actors_spokesman_of_the_kremlin(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Kremlin spokesman Dmitry Peskov declined to comment.")
    peskov = _by_mention(doc, "Dmitry Peskov")
    assert (peskov.type, peskov.country) == ("person", "RUS")


@pytest.mark.parametrize("text", [
    "", "THE ARMY SAID ON MONDAY THAT IT HAD WITHDRAWN FROM THE TOWN.",
    "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx Yyyyyyyyyyyyyyyyyyyyyyy said.",
    "Президент России заявил, что переговоры продолжатся, said the agency.",
])
def test_actors_odd_text_never_crashes(pipeline, text) -> None:  # type: ignore[no-untyped-def]
    from flashpoint.actors.stage import find_actors
    from flashpoint.model import Analysis

    parsed = pipeline.nlp(text)
    actors = find_actors(Analysis("x", text, "2024-01-01", parsed))
    for actor in actors:
        assert actor.country is None or len(actor.country) == 3
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text


def test_actors_an_address_is_never_an_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    # The small model tags street names as people; an address acts for no one.
    doc = _actors(pipeline, "The suspect attacked a car on N. Bedford Drive in Beverly Hills, "
                            "police said. He lives on Ainsworth Parade.")
    names = {a.name for a in doc.actors}
    assert not any("Drive" in n or "Parade" in n for n in names), names


def test_actors_a_generic_court_takes_its_possessor_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    # spaCy calls "Supreme Court" an ORG of no country; the possessive names whose it is.
    doc = _actors(pipeline, "The Ivory Coast's Supreme Court decided to allow candidate "
                            "Alassane Ouattara to run.")
    court = _by_mention(doc, "Ivory Coast's Supreme Court")
    assert (court.id, court.country) == ("CIV.JUD", "CIV")


@pytest.mark.parametrize(("text", "place"), [
    ("The army has been holding refugees in the battle zones of the Jaffna peninsula.",
     "Jaffna"),
    ("Rebels advanced towards Goma on Sunday, the army said.", "Goma"),
])
def test_actors_a_town_in_a_places_slot_is_no_person(pipeline, text, place) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, text)
    assert not [a for a in doc.actors if a.name == place], [a.id for a in doc.actors]


def test_actors_a_stance_is_no_nationality(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "A prominent anti-Syria journalist has been killed in a car bomb "
                            "explosion in eastern Beirut.")
    assert "SYR" not in {a.country for a in doc.actors}
    assert _by_mention(doc, "journalist").country == "LBN"


def test_actors_an_unknown_person_acts_where_the_clause_says(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "President Abdelaziz Bouteflicka threatened to institute a curfew "
                            "in Algiers in response to recent unrest.")
    assert _by_mention(doc, "Abdelaziz Bouteflicka").country == "DZA"
    # The country a person speaks against is not theirs.
    doc = _actors(pipeline, "Archbishop Desmond Tutu on Sunday called for sanctions against "
                            "Nigeria.")
    assert _by_mention(doc, "Desmond Tutu").country != "NGA"


@pytest.mark.parametrize(("text", "mention"), [
    # the mention is the description a reader (and an annotator) uses, determiner aside
    ("Police later arrested a 23-year-old man after a tip from his family.", "23-year-old man"),
    ("Bassett waved the knife at two women in the stairwell.", "two women"),
    ("Officers arrested the suspect on Friday.", "suspect"),
    ("A Woodbridge man charged in the abduction has been declared incompetent.",
     "Woodbridge man"),
])
def test_actors_people_the_story_singles_out_are_actors(pipeline, text, mention) -> None:  # type: ignore[no-untyped-def]
    assert _by_mention(_actors(pipeline, text), mention).type == "civilians" or mention == "suspect"


@pytest.mark.parametrize(("text", "mention", "atype"), [
    ("The officer shot the driver of the car.", "officer", "police"),
    ("The officer shot the driver of the car.", "driver", "civilians"),
    ("The tribal elders assured the army of their support.", "tribal elders", "civilians"),
    ("The jury found him guilty of murder.", "jury", "government"),
    ("Israel freed five Palestinian prisoners on Monday.", "Palestinian prisoners",
     "civilians"),
])
def test_actors_more_of_the_storys_people_are_actors(pipeline, text, mention, atype) -> None:  # type: ignore[no-untyped-def]
    assert _by_mention(_actors(pipeline, text), mention).type == atype


@pytest.mark.parametrize(("text", "mention", "actor_id"), [
    ("French and Spanish police arrested five people.", "French", "FRA.POL"),
    ("French and Spanish police arrested five people.", "Spanish police", "ESP.POL"),
    ("US and British officials met in Vienna.", "US", "USA.GOV"),
    ("Russian, Iranian and Syrian troops advanced.", "Iranian", "IRN.MIL"),
    ("Russian, Iranian and Syrian troops advanced.", "Russian", "RUS.MIL"),
    ("Guards beat Sierra Leonean and Liberian refugees.", "Sierra Leonean", "SLE.REF"),
    ("Guards beat Sierra Leonean and Liberian refugees.", "Liberian refugees", "LBR.REF"),
])
def test_actors_coordinated_nationalities_share_the_body(pipeline, text, mention, actor_id) -> None:  # type: ignore[no-untyped-def]
    assert _by_mention(_actors(pipeline, text), mention).id == actor_id


@pytest.mark.parametrize(("text", "mention", "actor_id"), [
    ("United Russia welcomed the governor's appointment.", "United Russia", "RUS.UR"),
    ("Senate Republicans accused Democrats of obstruction.", "Senate Republicans", "USA.GOP"),
    ("Senate Republicans accused Democrats of obstruction.", "Democrats", "USA.DEM"),
    ("The ANC rejected the demand.", "ANC", "ZAF.ANC"),
    ("The SPLM said talks would resume in Juba.", "SPLM", "SSD.SPLM"),
])
def test_actors_a_party_is_its_own_actor_not_its_state(pipeline, text, mention, actor_id) -> None:  # type: ignore[no-untyped-def]
    actor = _by_mention(_actors(pipeline, text), mention)
    assert (actor.id, actor.type) == (actor_id, "party")


@pytest.mark.parametrize(("text", "mention", "actor_id"), [
    ("Hezbollah guerrillas killed two Israeli soldiers on Sunday.", "guerrillas",
     "LBN.HEZBOLLAH"),
    ("Taliban fighters attacked a police checkpoint in Kandahar.", "fighters", "AFG.TALIBAN"),
    ("Likud activists protested outside the court.", "activists", "ISR.LIKUD"),
])
def test_actors_a_named_groups_own_people_are_the_group(pipeline, text, mention, actor_id) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, text)
    assert _by_mention(doc, mention).id == actor_id
    assert not any(a.id.startswith("GEN.") or a.id.endswith((".REB", ".UAF", ".OPP"))
                   for a in doc.actors)


def test_actors_a_religious_office_named_alone_is_an_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "The Grand Mufti, the highest official of religious law in Egypt, "
                            "condemned the attack on the cathedral.")
    actor = _by_mention(doc, "Grand Mufti")
    assert (actor.type, actor.country) == ("religious", "EGY")


def test_actors_a_stance_keeps_the_group_apart(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Anti-Taliban fighters attacked a police checkpoint in Kandahar.")
    assert _by_mention(doc, "fighters").id != "AFG.TALIBAN"


@pytest.mark.parametrize(("text", "mention", "actor_id"), [
    ("Security forces in Guinea have tortured refugees.", "Security forces", "GIN.MIL"),
    ("Rebels in Azerbaijan attacked a convoy.", "Rebels", "AZE.REB"),
    ("Demonstrators in Baghdad blocked a road.", "Demonstrators", "IRQ.OPP"),
])
def test_actors_a_group_is_of_the_state_it_is_placed_in(pipeline, text, mention, actor_id) -> None:  # type: ignore[no-untyped-def]
    assert _by_mention(_actors(pipeline, text), mention).id == actor_id


@pytest.mark.parametrize(("text", "mention"), [
    ("Israel has strengthened its forces in Lebanon.", "forces"),
    ("The United States withdrew some forces from Panama.", "forces"),
    ("Sri Lanka opened an embassy in Tehran.", "embassy"),
])
def test_actors_a_group_in_a_country_may_be_anothers(pipeline, text, mention) -> None:  # type: ignore[no-untyped-def]
    placed = {"Lebanon": "LBN", "Panama": "PAN", "Tehran": "IRN"}
    country = next(c for name, c in placed.items() if name in text)
    actors = [a for a in _actors(pipeline, text).actors
              if any(m.text == mention for m in a.mentions)]
    assert all(a.country != country for a in actors)


def test_actors_a_nationality_alone_stays_the_state(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline,
                  "Russian and Syrian officials met, and Russia said the talks went well.")
    assert _by_mention(doc, "Russia").id == "RUS"
    assert _by_mention(doc, "Russian").id == "RUS.GOV"


def test_actors_generic_people_are_no_actors(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "The men and women of the armed forces deserve our thanks.")
    assert not [a for a in doc.actors if a.name in ("men", "women")]


def test_actors_another_man_is_a_second_man(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Police say a man pulled a gun on another man at a motel.")
    first, second = _by_mention(doc, "man"), _by_mention(doc, "another man")
    assert first.id != second.id


@pytest.mark.parametrize(("text", "not_actor"), [
    ("COLUMBIA, Ky. (WBKO) - A Metcalfe County man is arrested after a shooting.", "WBKO"),
    ("LONDON, Ky. (WKYT) - Police arrested two men on Friday.", "LONDON"),
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "AP"),
])
def test_actors_a_dateline_names_no_actor(pipeline, text, not_actor) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, text)
    assert not [a for a in doc.actors if any(m.text == not_actor for m in a.mentions)]


def test_actors_a_qualified_dateline_says_which_london(pipeline) -> None:  # type: ignore[no-untyped-def]
    # "LONDON, Ky." is a town in Kentucky: its police are not the United Kingdom's
    doc = _actors(pipeline, "LONDON, Ky. (WKYT) - London Police have arrested two people.")
    assert not [a for a in doc.actors if a.country == "GBR"]
    # a qualifier that names the state itself changes nothing
    doc = _actors(pipeline, "MOSCOW, Russia (AP) - Moscow said the talks failed.")
    assert _by_mention(doc, "Moscow").country == "RUS"


def test_actors_a_former_office_gives_no_affiliation(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Malaysian authorities ordered former Prime Minister Mahathir "
                            "Mohamad's party to dissolve.")
    actor = _by_mention(doc, "Mahathir Mohamad")
    assert (actor.role, actor.affiliation, actor.country) == (
        "former prime minister", None, "MYS")


def test_actors_an_honorific_is_no_part_of_the_name(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, "Hillary Clinton lost the election. The Kremlin's response came "
                            "as Mrs Clinton blamed Russia for her defeat.")
    clinton = [a for a in doc.actors if "Clinton" in a.name]
    assert len(clinton) == 1 and clinton[0].country == "USA"
    assert len(clinton[0].mentions) == 2


def test_actors_a_name_the_story_uses_as_a_place_is_no_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the small model tags the first "Douma" a place, the second a person
    doc = _actors(pipeline, "The army pressed on with operations in Douma.\n\nDouma's fall "
                            "would seal the rebels' worst defeat.")
    assert not any(a.type == "person" for a in doc.actors)


@pytest.mark.parametrize(("text", "mention", "actor_id"), [
    # rebels and protesters are of the country the story is about, not of the foreign state
    # their sentence names (whom they deal with or protest against) ...
    ("Syrian government forces shelled the town on Monday. The Syrian army said it had "
     "taken the district. Syria's government rejected the truce. The rebels held talks with "
     "the Russian military on Tuesday.", "rebels", "SYR.REB"),
    ("Pakistan's government condemned the film. Pakistani police closed the roads. Pakistan "
     "said the film was an insult. Protesters denounced the United States.", "Protesters",
     "PAK.OPP"),
    # ... while soldiers keep the state their sentence names
    ("Syrian government forces shelled the town on Monday. The Syrian army said it had "
     "taken the district. Syria's government rejected the truce. Soldiers met the Russian "
     "delegation on Tuesday.", "Soldiers", "RUS.MIL"),
])
def test_actors_rebels_are_of_the_storys_country(pipeline, text, mention, actor_id) -> None:  # type: ignore[no-untyped-def]
    assert _by_mention(_actors(pipeline, text), mention).id == actor_id


def test_actors_a_title_is_the_storys_one_holder_of_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    # the title comes first and the name later, as a news lead tells it; the title's state
    # is the holder's ("Russia's" ambassador), not the state he serves in
    doc = _actors(pipeline, "A Turkish policeman fatally shot Russia's ambassador to Turkey on "
                            "Monday. Ambassador Andrei Karlov was giving a speech at an "
                            "exhibition in Ankara. The ambassador died in hospital.")
    karlov = _by_mention(doc, "Andrei Karlov")
    assert karlov.country == "RUS"
    texts = {m.text for m in karlov.mentions}
    assert {"Russia's ambassador", "ambassador"} <= texts
    assert _by_mention(doc, "Turkish policeman").id == "TUR.POL"


@pytest.mark.parametrize("text, mention", [
    # another title that ends in the same word is another office
    ("Prime Minister Najib Razak called the vote. Mahathir said the party would appeal to the "
     "home minister.", "home minister"),
    # an indefinite title is someone else
    ("Foreign Minister Sergey Lavrov spoke on Thursday. A minister in Kiev said talks had "
     "failed.", "minister"),
])
def test_actors_a_title_of_another_office_is_not_the_holder(pipeline, text, mention) -> None:  # type: ignore[no-untyped-def]
    doc = _actors(pipeline, text)
    assert _by_mention(doc, mention).type != "person"
