"""The dataset scorers on hand-built outputs whose right numbers are known (no spaCy)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from flashpoint.evaluation.datasets import (
    DateRecord,
    EventRecord,
    GeoRecord,
    Participant,
    Timex,
    Toponym,
)
from flashpoint.evaluation.scoring import (
    haversine,
    overlap,
    primary_type,
    score_dates,
    score_events,
    score_geo,
)


def _ev(etype: str, conf: float | None = None, **kw: Any) -> dict[str, Any]:
    return {"type": etype, "confidence": conf, "source": [], "target": [], **kw}


EVENT_RECS = [
    EventRecord("a", "Iran accused Israel.", ("ACCUSE",)),
    EventRecord("b", "They gave up the town.", ("CONCEDE", "RETREAT")),
    EventRecord("c", "A flood hit the city.", ()),
    EventRecord("d", "An earthquake.", ()),
    EventRecord("e", "Troops shelled the village.", ("ASSAULT",)),
]
EVENT_OUT: dict[str, Any] = {
    "a": {"events": [_ev("ACCUSE", 0.9)]},
    "b": {"events": [_ev("REQUEST", 0.9), _ev("RETREAT", 0.5)]},
    "c": {"events": [_ev("ASSAULT")]},
    "d": {"events": []},
    # "e" has no output at all
}


def test_eval_events_lenient_primary_and_disasters() -> None:
    m = score_events(EVENT_RECS, EVENT_OUT).metrics
    assert m["n"] == 5
    assert m["missing_outputs"] == 1
    assert m["any_type_acceptable"] == pytest.approx(3 / 5)  # a, b (RETREAT), d
    assert m["primary_type_accuracy"] == pytest.approx(2 / 5)  # a, d
    assert m["disaster_snippets"] == 2
    assert m["disaster_coded_assault"] == pytest.approx(0.5)
    assert "gold_actors" not in m  # no coded participants in these records


def test_eval_events_macro_f1_and_per_type() -> None:
    s = score_events(EVENT_RECS, EVENT_OUT)
    # y_true = ACCUSE, CONCEDE (acc[0]: the primary REQUEST is not acceptable), ASSAULT
    # y_pred = ACCUSE, REQUEST, NONE -> F1 1, 0, 0 over the three gold types
    assert s.metrics["macro_f1"] == pytest.approx(1 / 3)
    rows = {t.type: t for t in s.per_type}
    assert set(rows) == {"ACCUSE", "CONCEDE", "REQUEST", "ASSAULT"}
    assert rows["ACCUSE"].f1 == 1.0
    assert (rows["REQUEST"].support, rows["REQUEST"].predicted, rows["REQUEST"].precision) == (
        0, 1, 0.0)
    assert rows["ASSAULT"].recall == 0.0


def test_eval_events_confusion_rows_gold_columns_primary() -> None:
    c = score_events(EVENT_RECS, EVENT_OUT).confusion
    assert c == {"ACCUSE": {"ACCUSE": 1}, "CONCEDE": {"REQUEST": 1}, "ASSAULT": {"NONE": 1},
                 "NONE": {"ASSAULT": 1, "NONE": 1}}
    assert list(c) == ["CONCEDE", "ACCUSE", "ASSAULT", "NONE"]  # PLOVER order, NONE last


def test_eval_events_primary_is_most_confident_first_on_ties() -> None:
    assert primary_type([]) == "NONE"
    assert primary_type([_ev("AID"), _ev("AGREE", 0.2)]) == "AGREE"
    assert primary_type([_ev("AID", 0.5), _ev("AGREE", 0.5)]) == "AID"
    assert primary_type([_ev("AID"), _ev("AGREE")]) == "AID"  # None counts as 0


def _actor(aid: str, country: str | None, *spans: tuple[int, int]) -> dict[str, Any]:
    return {"id": aid, "name": aid, "type": "state", "country": country,
            "mentions": [{"text": "", "start": s, "end": e} for s, e in spans]}


def test_eval_events_actors_found_and_country() -> None:
    text = "Hungarian and Romanian officials met UN envoys."
    rec = EventRecord("g", text, ("CONSULT",),
                      source=(Participant("Hungarian", "HUN"), Participant("Romanian", "ROU"),
                              Participant("UN envoys", "IGO")),
                      target=(Participant("Bulgarian", "BGR"), Participant(None, "SRB")))
    out = {"g": {"actors": [_actor("HUN", "HUN", (0, 4)), _actor("X", "FRA", (14, 22))],
                 "events": [_ev("CONSULT", 0.7, source=["HUN"], target=["X"])]}}
    m = score_events([rec], out).metrics
    # IGO is not a country; "Bulgarian" is not in the text; a null text is skipped
    assert m["gold_actors"] == 2
    assert m["actors_found"] == 1.0
    assert m["actor_country_accuracy"] == 0.5
    # roles need no text match: the primary event's source HUN is right, its target X (FRA)
    # is not the gold BGR
    assert (m["gold_sources"], m["source_country_accuracy"]) == (1, 1.0)
    assert (m["gold_targets"], m["target_country_accuracy"]) == (1, 0.0)


def test_eval_events_role_country_needs_an_event() -> None:
    rec = EventRecord("g", "Serbia threatened Albania.", ("THREATEN",),
                      source=(Participant("Serbia", "SRB"),),
                      target=(Participant("Albania", "ALB"),))
    out = {"g": {"actors": [_actor("SRB", "SRB", (0, 6))], "events": []}}
    m = score_events([rec], out).metrics
    assert (m["source_country_accuracy"], m["target_country_accuracy"]) == (0.0, 0.0)
    assert m["actors_found"] == 0.5


# --------------------------------------------------------------------------- geo


def test_eval_haversine_known_distances() -> None:
    assert haversine(10, 20, 10, 20) == 0.0
    d = haversine(48.8566, 2.3522, 51.5074, -0.1278)  # Paris - London
    assert 340 < d < 347
    assert d == pytest.approx(haversine(51.5074, -0.1278, 48.8566, 2.3522))
    assert haversine(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0)


@pytest.mark.parametrize(("a", "b", "expected"), [
    ((0, 5), (4, 8), True), ((0, 5), (5, 8), False), ((3, 4), (0, 10), True),
    ((0, 5), (-1, -1), False),
])
def test_eval_overlap_half_open(a: tuple[int, int], b: tuple[int, int], expected: bool) -> None:
    assert overlap(*a, *b) is expected


def _place(start: int, end: int, lat: float | None, lon: float | None,
           gid: int | None = None) -> dict[str, Any]:
    return {"start": start, "end": end, "lat": lat, "lon": lon, "geonames_id": gid}


def test_eval_geo_acc161_exact_and_errors() -> None:
    text = "Paris and Lyon and Nice"
    rec = GeoRecord("p", text, None, (
        Toponym(0, 5, "Paris", 48.85, 2.35, 2988507),
        Toponym(10, 14, "Lyon", 45.76, 4.83, 2996944),
        Toponym(19, 23, "Nice", 43.70, 7.27, None),
    ))
    out = {"p": {"places": [
        _place(0, 5, 48.85, 2.35, 2988507),
        _place(10, 14, 48.85, 2.35, 2988507),  # Lyon put in Paris: ~392 km off
        _place(10, 14, 45.76, 4.83, 2996944),  # second candidate: score.py uses the first
        _place(19, 23, None, None),  # no coordinates: not recognised
    ]}}
    m = score_geo([rec], out).metrics
    lyon = haversine(45.76, 4.83, 48.85, 2.35)
    assert m["toponyms"] == 3
    assert m["recognised"] == pytest.approx(2 / 3)
    assert m["acc161_all"] == pytest.approx(1 / 3)
    assert m["acc161_recognised"] == 0.5
    assert m["median_km"] == lyon  # errs[len // 2] of [0, lyon]
    assert m["mean_km"] == pytest.approx(lyon / 2)
    assert m["exact"] == pytest.approx(1 / 3)
    assert m["toponyms_with_geonameid"] == 2


def test_eval_geo_recall_by_geowebnews_kind() -> None:
    text = "Russian troops entered Kyiv"
    rec = GeoRecord("p", text, None, (
        Toponym(0, 7, "Russian", 60.0, 100.0, kind="Non_Literal_Modifier"),
        Toponym(23, 27, "Kyiv", 50.45, 30.52, kind="Literal"),
    ))
    out = {"p": {"places": [_place(23, 27, 50.45, 30.52, 703448)]}}
    m = score_geo([rec], out).metrics
    assert (m["recognised_Literal"], m["acc161_Literal"], m["n_Literal"]) == (1.0, 1.0, 1)
    assert (m["recognised_Non_Literal_Modifier"], m["n_Non_Literal_Modifier"]) == (0.0, 1)
    assert "recognised_Metonymic" not in m  # only the kinds the gold holds


def test_eval_geo_nothing_predicted() -> None:
    rec = GeoRecord("p", "Paris", None, (Toponym(0, 5, "Paris", 48.85, 2.35, 1),))
    m = score_geo([rec], {}).metrics
    assert (m["recognised"], m["acc161_all"], m["median_km"], m["mean_km"], m["exact"]) == (
        0.0, 0.0, None, None, 0.0)


# --------------------------------------------------------------------------- dates


def _timex(text: str, phrase: str, ttype: str, value: str) -> Timex:
    i = text.index(phrase)
    return Timex(i, i + len(phrase), phrase, ttype, value)


def _time(text: str, phrase: str, value: str) -> dict[str, Any]:
    i = text.index(phrase)
    return {"text": phrase, "start": i, "end": i + len(phrase), "value": value}


def test_eval_dates_only_calendar_dates_scored() -> None:
    text = "On Jan. 8 1998, in Q3 1989, for a week, now, in January, and in 1997."
    rec = DateRecord("t", text, "1998-01-08", (
        _timex(text, "Jan. 8 1998", "DATE", "1998-01-08"),
        _timex(text, "Q3 1989", "DATE", "1989-Q3"),
        _timex(text, "a week", "DURATION", "P1W"),
        _timex(text, "now", "DATE", "PRESENT_REF"),
        _timex(text, "January", "DATE", "1998-01"),
        _timex(text, "1997", "DATE", "1997"),
    ))
    out = {"t": {"times": [
        _time(text, "On Jan. 8", "1998-01-08"),  # overlapping is enough
        _time(text, "in January", "1997-01"),  # recognised, wrong value
        _time(text, "Q3 1989", "1989"),  # not a scored timex
    ]}}
    m = score_dates([rec], out).metrics
    assert m == {"date_timexes": 3, "recognised": pytest.approx(2 / 3),
                 "value_accuracy": pytest.approx(1 / 3), "value_accuracy_recognised": 0.5}
