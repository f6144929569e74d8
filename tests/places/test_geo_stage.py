"""The geo stage on whole sentences: what is a place, and which place it is."""

from __future__ import annotations

from typing import Any

import pytest

from flashpoint.config import DEFAULT_COMPONENTS
from flashpoint.model import Place
from flashpoint.places.mention import key_variants

pytestmark = pytest.mark.slow


def places(pipeline: Any, text: str) -> list[Place]:
    doc = pipeline.extract_text(text, published="2024-02-01")
    for p in doc.places:
        assert text[p.start:p.end] == p.text
    return list(doc.places)


def by_text(found: list[Place], text: str) -> list[Place]:
    return [p for p in found if p.text == text]


def test_geo_stage_is_the_default() -> None:
    assert DEFAULT_COMPONENTS["geo"] == "geo.gazetteer.v1"


@pytest.mark.parametrize(("text", "name", "country", "admin_lat"), [
    ("The flood hit Paris, Texas, on Monday. Residents of Paris said the river rose.",
     "Paris", "USA", 33.66),
    ("Thousands marched in Paris on Saturday against the pension reform.", "Paris", "FRA",
     48.85),
    ("Clashes erupted in Tripoli, Lebanon, between rival groups overnight.", "Tripoli", "LBN",
     34.43),
    ("Fighting resumed around the airport in Tripoli, the Libyan capital.", "Tripoli", "LBY",
     32.89),
    # a state's possessive qualifies the name as "Paris, Texas" does
    ("Texas's Paris hosted the county fair on Saturday.", "Paris", "USA", 33.66),
])
def test_geo_stage_disambiguates_by_qualifier_and_prior(pipeline_noclean: Any, text: str,
                                                        name: str, country: str,
                                                        admin_lat: float) -> None:
    found = by_text(places(pipeline_noclean, text), name)
    assert found, f"{name} not found in {text!r}"
    for p in found:
        assert p.country == country
        assert p.lat is not None and abs(p.lat - admin_lat) < 0.5


def test_geo_stage_context_chooses_the_state(pipeline_noclean: Any) -> None:
    text = ("Deputies in Walker County arrested two men on Friday. The pair were taken to the "
            "jail in Huntsville, officials in Houston and Austin said. Texas troopers helped.")
    found = places(pipeline_noclean, text)
    huntsville = by_text(found, "Huntsville")
    assert huntsville and huntsville[0].country == "USA"
    assert huntsville[0].lat is not None and abs(huntsville[0].lat - 30.72) < 0.3  # Texas


@pytest.mark.parametrize(("text", "place", "feature", "country"), [
    ("A drone struck Tower 22, a logistics base in Jordan, killing three soldiers.",
     "Tower 22", "base", "JOR"),
    ("Rockets hit Ain al-Asad air base in western Iraq.", "Ain al-Asad", "base", "IRQ"),
    ("US troops at the Al-Tanf garrison repelled the attack.", "Al-Tanf", "base", "SYR"),
    ("Aid trucks crossed at Kerem Shalom on Sunday.", "Kerem Shalom", "crossing", "ISR"),
    ("Shelling continued across the Donbas overnight.", "Donbas", "region", "UKR"),
])
def test_geo_stage_finds_bases_crossings_regions(pipeline_noclean: Any, text: str, place: str,
                                                 feature: str, country: str) -> None:
    found = by_text(places(pipeline_noclean, text), place)
    assert found, f"{place} not found in {text!r}"
    assert (found[0].feature, found[0].country) == (feature, country)


def test_geo_stage_metonymic_agent_is_a_place_used_for_its_government(
        pipeline_noclean: Any) -> None:
    text = ("Washington said on Monday it would send more troops. "
            "The talks will be held in Washington next week.")
    found = by_text(places(pipeline_noclean, text), "Washington")
    assert [(p.start, p.use) for p in found] == [(0, "metonymic"),
                                                 (text.index("in Washington") + 3, "literal")]
    for p in found:
        assert p.country == "USA" and p.lat is not None and abs(p.lat - 38.9) < 0.2


def test_geo_stage_moscow_warned_but_troops_in_moscow(pipeline_noclean: Any) -> None:
    text = "Moscow warned Kyiv on Tuesday. Protesters gathered in Moscow."
    found = by_text(places(pipeline_noclean, text), "Moscow")
    assert [(p.start, p.use) for p in found] == [(0, "metonymic"),
                                                 (text.index("in Moscow") + 3, "literal")]


@pytest.mark.parametrize(("text", "word", "name", "country"), [
    ("Russian forces shelled the town overnight.", "Russian", "Russia", "RUS"),
    ("A Kenyan court freed the men on bail.", "Kenyan", "Kenya", "KEN"),
    ("Turkish troops pushed into the Kurdish enclave.", "Kurdish", "Kurdistan", "IRQ"),
    ("European leaders met on Friday.", "European", "Europe", None),
    ("The caravan of Central American migrants reached the border.", "Central American",
     "Central America", None),
    # the small model labels these a person and a language
    ("The hotel was designed by the prominent Slovak architect Ivan Matusik.", "Slovak",
     "Slovakia", "SVK"),
    ("They were found on a bench in the southern English city of Salisbury.", "English",
     "England", "GBR"),
    ("Supporters waved Korean flags outside the court.", "Korean", "South Korea", "KOR"),
])
def test_geo_stage_demonyms_are_modifier_mentions_of_their_place(
        pipeline_noclean: Any, text: str, word: str, name: str, country: str | None) -> None:
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert (p.name, p.country, p.use) == (name, country, "modifier")
    assert p.lat is not None


def test_geo_stage_a_language_is_not_a_demonym(pipeline_noclean: Any) -> None:
    found = places(pipeline_noclean, "The lessons are taught in English and Spanish.")
    assert by_text(found, "English") == [] and by_text(found, "Spanish") == []
    found = places(pipeline_noclean, "She hired an English teacher for the boys.")
    assert by_text(found, "English") == []


@pytest.mark.parametrize("text", [
    "Shelling hit Aleppo overnight.",  # the small model says LANGUAGE
    "The evacuation of eastern Aleppo stalled on Wednesday.",  # NORP
])
def test_geo_stage_a_big_city_the_model_calls_a_language_is_the_city(
        pipeline_noclean: Any, text: str) -> None:
    (p,) = by_text(places(pipeline_noclean, text), "Aleppo")
    assert (p.country, p.use) == ("SYR", "literal")


def test_geo_stage_one_sense_per_discourse_finds_the_other_mentions(
        pipeline_noclean: Any) -> None:
    text = ("The body was found in Alexandria, Va., on Friday. Alexandria detectives worked "
            "with federal agents, and an Alexandria grand jury indicted the man.")
    found = by_text(places(pipeline_noclean, text), "Alexandria")
    assert len(found) == 3
    assert {(p.country, round(p.lat or 0)) for p in found} == {("USA", 39)}


def test_geo_stage_city_inside_an_organisation_name_is_embedded(pipeline_noclean: Any) -> None:
    text = "The owner told CTV Winnipeg that the dog was safe."
    (p,) = by_text(places(pipeline_noclean, text), "Winnipeg")
    assert (p.country, p.use) == ("CAN", "embedded")


@pytest.mark.parametrize(("text", "word", "country", "feature"), [
    ("Flooding closed roads across Kanawha County on Sunday.", "Kanawha County", "USA",
     "admin2"),
    ("Gunmen attacked villages in Manbij District on Monday.", "Manbij District", "SYR",
     "admin2"),
    ("The migrants camped in Oaxaca State for the night.", "Oaxaca State", "MEX", "admin1"),
])
def test_geo_stage_divisions_have_points(pipeline_noclean: Any, text: str, word: str,
                                         country: str, feature: str) -> None:
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert (p.country, p.feature) == (country, feature)
    assert p.lat is not None and p.lon is not None


def test_geo_stage_person_named_like_a_country(pipeline_noclean: Any) -> None:
    text = ("Michael Jordan scored 30 points. Jordan later thanked the fans. "
            "King Abdullah met envoys in Amman, Jordan.")
    found = places(pipeline_noclean, text)
    jordans = by_text(found, "Jordan")
    assert [p.start for p in jordans] == [text.rindex("Jordan")]
    assert jordans[0].country == "JOR"


def test_geo_stage_months_and_common_words_are_not_places(pipeline_noclean: Any) -> None:
    text = ("In May the council met. Reading is popular. Congress passed the bill in March. "
            "The West must act, said Mr. Commerce.")
    assert places(pipeline_noclean, text) == []


def test_geo_stage_a_churchs_saints_are_not_parishes(pipeline_noclean: Any) -> None:
    text = ("The bomb hit the small church of St. Peter and St. Paul in Cairo. "
            "He later flew to St. Petersburg.")
    found = places(pipeline_noclean, text)
    assert [p.text for p in found] == ["Cairo", "St. Petersburg"]


def test_geo_stage_turkey_the_country(pipeline_noclean: Any) -> None:
    found = places(pipeline_noclean, "Refugees crossed into Turkey. We ate turkey at home.")
    assert [(p.text, p.country, p.feature) for p in found] == [("Turkey", "TUR", "country")]


def test_geo_stage_ids_are_unique_and_ordered(pipeline_noclean: Any) -> None:
    found = places(pipeline_noclean, "From Kabul to Kandahar and on to Herat, Afghanistan.")
    assert [p.id for p in found] == [f"p{i}" for i in range(1, len(found) + 1)]
    assert [p.start for p in found] == sorted(p.start for p in found)


def test_geo_stage_other_scripts_never_guess(pipeline_noclean: Any) -> None:
    text = ("Officials in Kyiv said the blasts in Москва and in 北京 were reported by local "
            "media on Tuesday, and that more reports were expected later in the week.")
    found = places(pipeline_noclean, text)
    for p in found:
        assert p.lat is None or p.country is not None  # a point is always a gazetteer entry
        if not p.text.isascii():
            assert p.lat is None and p.lon is None  # not indexed: no point, no guess
    assert any(p.text == "Kyiv" and p.country == "UKR" for p in found)


@pytest.mark.parametrize(("text", "first"), [
    ("Helmand province", ("helmand province", None)),
    ("northern Syria", ("northern syria", None)),
    ("the Republic of Korea", ("republic of korea", None)),
])
def test_geo_stage_key_variants_start_with_the_whole_name(text: str,
                                                          first: tuple[str, None]) -> None:
    variants = key_variants(text)
    assert variants[0] == first
    assert len(variants) >= 2


def test_geo_a_town_the_model_sweeps_into_a_date_is_still_a_place(pipeline: Any) -> None:
    """The small model tags "Manbij on Monday" as one DATE; the town is read on its own cue,
    and the date words stay dates ("in May" is no place)."""
    found = places(pipeline, "The soldier was killed in Manbij on Monday. Talks resume in May.")
    assert [p.country for p in by_text(found, "Manbij")] == ["SYR"]
    assert not by_text(found, "May") and not by_text(found, "Monday")


def test_geo_a_town_in_a_county_the_story_names_is_that_towns(pipeline: Any) -> None:
    """Local news: "Paris" beside "Henry County" is Paris, Tennessee, not the capital."""
    text = ("A Paris man was arrested on Friday after a chase through Henry County, the "
            "sheriff said. He is held in the Paris jail.")
    found = places(pipeline, text)
    assert {(p.country, round(p.lat or 0)) for p in by_text(found, "Paris")} == {("USA", 36)}


def test_geo_a_county_named_once_is_the_county_by_its_short_name(pipeline: Any) -> None:
    """Local news calls a county by its name alone once it has named it: "north DeKalb" after
    "DeKalb County" is the Georgia county (read alone, DeKalb is a town in Illinois), and
    "the DuPage Sheriff" is DuPage County's. A capitalised word before the name makes it part
    of another name ("City Hall" is no county Hall)."""
    text = ("A water main broke near Decatur in DeKalb County on Monday. Crews repaired it by "
            "noon, and service in north DeKalb was restored.")
    found = places(pipeline, text)
    dekalb = by_text(found, "DeKalb")
    assert dekalb and {(p.country, round(p.lat or 0)) for p in dekalb} == {("USA", 34)}
    text = ("Deputies in Hall County arrested a man on Friday. He was taken to Gainesville "
            "City Hall for questioning.")
    assert not by_text(places(pipeline, text), "Hall")


def test_geo_an_abbreviation_swept_into_a_name_is_no_surname(pipeline: Any) -> None:
    """The small model reads "By: Henry Lazenby US-based" as one person; "US" is no surname
    that would make every "US" of the story that person."""
    text = ("The ministry said the US measures against its steel were illegal. The US action "
            "was a serious violation, it said.\n\nBy: Henry Lazenby US-based aluminium producer "
            "Alcoa has signed agreements with three insurers.")
    assert len([p for p in by_text(places(pipeline, text), "US") if p.country == "USA"]) >= 2


def test_geo_a_headline_gerund_makes_no_person_of_a_state(pipeline: Any) -> None:
    """The small model reads "Rethinking Egypt" as a person; the gerund is the headline's verb,
    so Egypt stays the state (an actor) and a place, not a surname that unplaces it."""
    text = ("Rethinking Egypt-US relations. Since Obama took office, hopes spread over the "
            "Middle East. Egypt, which often had trouble with the administration, is now "
            "hoping for improved ties.")
    doc = pipeline.extract_text(text)
    assert not [a for a in doc.actors if a.type == "person" and "Egypt" in a.name]
    assert [p for p in doc.places if p.text == "Egypt" and p.country == "EGY"]


@pytest.mark.parametrize(("text", "word", "name"), [
    ("Tour traces L.A.'s spiritual diversity.", "L.A.", "Los Angeles"),
    ("He flew to NYC on Monday.", "NYC", "New York City"),
    ("Salina, La. police said on Friday.", "La.", "Louisiana"),
])
def test_geo_an_initialism_is_the_place_it_abbreviates(pipeline_noclean: Any, text: str,
                                                        word: str, name: str) -> None:
    """"L.A." keys like "La." (Louisiana), but with two capitals and dots it is Los Angeles."""
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert p.name == name


def test_geo_the_metro_counties_of_a_city_are_the_citys(pipeline_noclean: Any) -> None:
    """"The four metro Athens counties" are the counties of Athens' area: Athens is the city,
    not an "Athens County" (that is Ohio's)."""
    text = ("The unemployment rate for the four metro Athens counties continued rising in "
            "February, the Georgia Department of Labor said.")
    (p,) = by_text(places(pipeline_noclean, text), "Athens")
    assert (p.country, p.feature) == ("USA", "city")


def test_geo_a_list_of_towns_is_no_town_and_state(pipeline_noclean: Any) -> None:
    """"Washington, New York, Boston" is a list: "New York," is no state qualifying
    Washington (which made it Watervliet, N.Y., whose other name is Washington)."""
    found = places(pipeline_noclean, "Flights to Washington, New York, Boston and Houston "
                                     "were cancelled.")
    (p,) = by_text(found, "Washington")
    assert (p.name, p.country) == ("Washington", "USA") and round(p.lat or 0) == 39


def test_geo_town_state_country_qualifies_the_town(pipeline_noclean: Any) -> None:
    """"Matias Romero, Oaxaca State, Mexico": the state by its name and kind qualifies the
    town (an other name of Matías Romero Avendaño, which the model calls a person)."""
    found = places(pipeline_noclean, "Migrants camped out in Matias Romero, Oaxaca State, "
                                     "Mexico, on Wednesday.")
    (p,) = by_text(found, "Matias Romero")
    assert p.country == "MEX"


@pytest.mark.parametrize(("text", "word", "country"), [
    ("On Oahu, home to Honolulu, the state lost more than 1,000 people.", "Oahu", "USA"),
    ("Migrants landed on Crete on Sunday.", "Crete", "GRC"),
    ("Floods hit Sumatra and Java this week.", "Sumatra", "IDN"),
])
def test_geo_islands_are_places(pipeline_noclean: Any, text: str, word: str,
                                country: str) -> None:
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert p.country == country and p.lat is not None


@pytest.mark.parametrize(("text", "word", "country"), [
    ("SEATTLE (AP) - Chefs showed how to cook a turkey at Whole Foods on Wednesday.",
     "Whole Foods", "USA"),
    ("A gala on sexual harassment was held at Terra Kulture in Lagos on Friday.",
     "Terra Kulture", "NGA"),
])
def test_geo_a_venue_after_at_is_in_its_town(pipeline_noclean: Any, text: str, word: str,
                                             country: str) -> None:
    """"At Whole Foods": a venue no gazetteer knows is put in the town named after it, else
    the story's town (GeoWebNews counts such names as places: its Coercion kind)."""
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert (p.country, p.feature) == (country, "building") and p.lat is not None


def test_geo_a_venue_takes_the_town_named_after_it_across_a_date(pipeline_noclean: Any) -> None:
    text = ("SEATTLE (AP) - Chefs showed how to cook a turkey at Whole Foods on Wednesday, "
            "Nov. 2, 2016, in Fresno, Calif.")
    (venue,) = by_text(places(pipeline_noclean, text), "Whole Foods")
    assert venue.lat is not None and 36 < venue.lat < 37.5  # Fresno, not Seattle


def test_geo_an_institution_is_not_put_in_the_storys_town(pipeline_noclean: Any) -> None:
    text = "BEIJING (AP) - Eswar Prasad, professor of trade policy at Cornell University, said."
    assert not by_text(places(pipeline_noclean, text), "Cornell University")


def test_geo_at_a_time_or_a_person_is_no_venue(pipeline_noclean: Any) -> None:
    found = places(pipeline_noclean, "KABUL (AP) - He met the minister at Christmas and "
                                     "spoke at John Smith's request.")
    assert not by_text(found, "Christmas") and not [p for p in found if "Smith" in p.text]


@pytest.mark.parametrize(("text", "word", "name"), [
    ("Kelly walked into the West Wing on Monday morning.", "West Wing", "White House"),
    ("Lawmakers in the Knesset voted on the bill on Monday.", "Knesset", "Knesset"),
])
def test_geo_stage_seats_of_government_are_sites(pipeline_noclean: Any, text: str, word: str,
                                                 name: str) -> None:
    (p,) = by_text(places(pipeline_noclean, text), word)
    assert (p.name, p.feature) == (name, "site") and p.lat is not None


def test_geo_stage_a_numbered_british_road_is_a_street_in_its_town(pipeline_noclean: Any,
                                                                    ) -> None:
    found = places(pipeline_noclean, "A cyclist was hurt in a crash on the A120 at Coggeshall, "
                                     "Essex, on Friday.")
    (road,) = by_text(found, "A120")
    assert (road.feature, road.country) == ("street", "GBR") and road.lat is not None
    assert by_text(places(pipeline_noclean, "Soldiers carried the M16 rifles."), "M16") == []
    found = places(pipeline_noclean, "The A417 heading south from the Air Balloon roundabout "
                                     "near Cirencester will be closed.")
    (junction,) = by_text(found, "Air Balloon")
    assert junction.feature == "street" and junction.country == "GBR"
