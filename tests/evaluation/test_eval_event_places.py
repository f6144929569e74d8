"""Event location scoring (evaluation.eventplaces): found events only, names or points."""

from __future__ import annotations

from typing import Any

from flashpoint.evaluation.docs import DocEvent, DocGold
from flashpoint.evaluation.eventplaces import (
    GsrLocated,
    event_place_metrics,
    same_place,
    score_gold2,
    score_gsr,
)


def _place(pid: str, text: str, lat: float | None, lon: float | None) -> dict[str, Any]:
    return {"id": pid, "text": text, "name": text, "lat": lat, "lon": lon}


def test_same_place_by_name_without_directions_or_determiners() -> None:
    assert same_place("eastern Ghouta", _place("p1", "Ghouta", None, None))
    assert same_place("the Gaza Strip", _place("p1", "Gaza", None, None))
    assert not same_place("Douma", _place("p1", "Damascus", None, None))


def test_same_place_by_point_of_any_reading_of_the_gold_name() -> None:
    assert same_place("Bam", _place("p1", "the quake zone", 29.11, 58.35))
    assert not same_place("Britain", _place("p1", "Moscow", 55.75, 37.62))


def test_gold2_counts_found_events_their_places_and_spurious_ones() -> None:
    text = "Troops shelled Douma. Leaders met."
    gold = DocGold("a", text, None, (
        DocEvent("shell", ("ASSAULT",), ("Troops shelled Douma",), None, None, place="Douma"),
        DocEvent("meet", ("CONSULT",), ("Leaders met",), None, None),
    ))
    out = {"a": {"places": [_place("p1", "Douma", 33.57, 36.4)], "actors": [], "events": [
        {"type": "ASSAULT", "evidence": {"text": "Troops shelled Douma."}, "place": "p1"},
        {"type": "CONSULT", "evidence": {"text": "Leaders met."}, "place": "p1"},
    ]}}
    c = score_gold2([gold], out)
    assert c == {"found": 1, "given": 1, "right": 1, "unplaced_found": 1, "spurious": 1}


def test_gsr_scores_the_first_placed_event_of_a_gold_type() -> None:
    recs = [GsrLocated("r1", "...", ("AID",), "Bam"), GsrLocated("r2", "...", ("PROTEST",), "X")]
    outs = {"r1": {"places": [_place("p1", "Bam", 29.11, 58.35)],
                   "events": [{"type": "AID", "place": "p1"}]},
            "r2": {"events": [{"type": "ASSAULT"}]}}
    c = score_gsr(recs, outs)
    assert c == {"found": 1, "given": 1, "right": 1}
    m = event_place_metrics({"found": 1, "given": 1, "right": 0, "unplaced_found": 0,
                             "spurious": 0}, c)
    assert (m["place_acc"], m["gold2_place_spurious"], m["events_found"]) == (0.5, None, 2)
