"""Event location: is each event put where the text says it happened?

Two gold sources name the place of an event: the exhaustive whole articles (``shared/gold2``,
a gold event's ``place``: "the place name where it happened, if stated") and the PLOVER gold
standard records (``data/events/plover_gsr``, ``location.name`` from the source's eventLoc).
Only events the system found can be placed, so each source is scored over the gold events it
found at type level (gold2: the scorer's own match, ``docs.score_doc``; GSR: an event of one of
the record's types), and reports:

- ``*_place_acc``: the share of those whose place is the gold place;
- ``*_place_given``: the share given any place at all;
- ``gold2_place_spurious``: of found gold2 events *without* a gold place, the share the
  system placed anyway (a place the text does not state for that event);
- ``place_acc``: both sources pooled, the headline.

A system place is the gold place when one name holds the other as whole words, once
determiners and directions are dropped ("eastern Ghouta" ~ "Ghouta", "the Gaza Strip" ~
"Gaza"), or when some gazetteer reading of the gold name lies within 161 km of the system's
point ("Britain" ~ "London" does not, "Bam, Iran" ~ "Bam" does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.places import km, load_gazetteer, lookup_name

from .datasets import SPLIT, DatasetSpec
from .docs import DocGold, score_doc

#: The dataset ``flashpoint eval geo`` lists for event locations (gold2 + GSR).
EVENT_PLACES = DatasetSpec("geo", "event_places")
#: The GSR file whose records carry ``location``.
GSR = DatasetSpec("events", "plover_gsr")
#: Same place when within this many km (the geo scores' acc@161).
PLACE_KM = 161.0

_DROP = re.compile(r"\b(?:the|a|an|of|northern|southern|eastern|western|central|north|south|"
                   r"east|west|northeast|northwest|southeast|southwest|city|town|village|"
                   r"province|region|district|state|outskirts|suburbs?|strip)\b")

Output = Mapping[str, Any]


@dataclass(frozen=True)
class GsrLocated:
    """A GSR record that names where its event happened."""

    id: str
    text: str
    types: tuple[str, ...]
    location: str


def load_gsr_located(shared: Path, limit: int | None = None) -> list[GsrLocated]:
    """The GSR dev records with a ``location`` name (the first ``limit`` of them)."""
    path = shared / "data" / GSR.area / f"{GSR.name}.{SPLIT}.jsonl"
    out: list[GsrLocated] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            loc = row.get("location") or {}
            if loc.get("name"):
                out.append(GsrLocated(str(row["id"]), str(row["text"]),
                                      tuple(row.get("types") or ()), str(loc["name"])))
                if limit and len(out) >= limit:
                    break
    return out


def _bare(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.lower())
    return " ".join(_DROP.sub(" ", words).split())


def same_place(gold: str, place: Mapping[str, Any]) -> bool:
    """Whether the system ``place`` (an output place dict) is the place named ``gold``."""
    g = f" {_bare(gold)} "
    for n in (place.get("text"), place.get("name")):
        b = f" {_bare(str(n or ''))} "
        if b.strip() and g.strip() and (b in g or g in b):
            return True
    lat, lon = place.get("lat"), place.get("lon")
    if lat is None or lon is None:
        return False
    gaz = load_gazetteer()
    return any(c.entry.lat is not None and c.entry.lon is not None
               and km(c.entry.lat, c.entry.lon, float(lat), float(lon)) <= PLACE_KM
               for c in lookup_name(gaz, gold))


def _place_of(event: Mapping[str, Any], out: Output) -> Mapping[str, Any] | None:
    pid = event.get("place")
    return next((p for p in out.get("places", []) if p.get("id") == pid), None) if pid else None


def score_gold2(golds: Sequence[DocGold], outs: Mapping[str, Output]) -> dict[str, int]:
    """Counts over the gold2 articles: found events with a gold place, placed, placed right;
    found events without one, placed anyway."""
    c = {"found": 0, "given": 0, "right": 0, "unplaced_found": 0, "spurious": 0}
    for g in golds:
        out = outs.get(g.name, {})
        events = out.get("events", [])
        first: dict[str, int] = {}
        for n, gid in score_doc(g, out).matched:
            first.setdefault(gid, n)
        for ge in g.events:
            if ge.id not in first:
                continue
            place = _place_of(events[first[ge.id]], out)
            if ge.place:
                c["found"] += 1
                c["given"] += place is not None
                c["right"] += place is not None and same_place(ge.place, place)
            else:
                c["unplaced_found"] += 1
                c["spurious"] += place is not None
    return c


def score_gsr(records: Sequence[GsrLocated], outs: Mapping[str, Output]) -> dict[str, int]:
    """Counts over the located GSR records: found (an event of a gold type), placed, right."""
    c = {"found": 0, "given": 0, "right": 0}
    for r in records:
        out = outs.get(r.id, {})
        typed = [e for e in out.get("events", []) if e.get("type") in r.types]
        if not typed:
            continue
        placed = [p for p in (_place_of(e, out) for e in typed) if p is not None]
        c["found"] += 1
        c["given"] += bool(placed)
        c["right"] += bool(placed) and same_place(r.location, placed[0])
    return c


def event_place_metrics(gold2: Mapping[str, int], gsr: Mapping[str, int]) -> dict[str, Any]:
    """The reported figures (see the module docstring) from the two sources' counts."""
    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    found = gold2["found"] + gsr["found"]
    return {
        "place_acc": share(gold2["right"] + gsr["right"], found), "events_found": found,
        "gold2_found": gold2["found"], "gold2_place_acc": share(gold2["right"], gold2["found"]),
        "gold2_place_given": share(gold2["given"], gold2["found"]),
        "gold2_place_spurious": share(gold2["spurious"], gold2["unplaced_found"]),
        "gsr_found": gsr["found"], "gsr_place_acc": share(gsr["right"], gsr["found"]),
        "gsr_place_given": share(gsr["given"], gsr["found"]),
    }
