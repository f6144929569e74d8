"""Small synthetic stores for the corpus tests (dedup, analytics, exports, query CLI).

Tests describe documents compactly (``report("d1", "2024-05-03", ev(...))``) and get a real
DuckDB store of schema v2 (docs/store-schema.md), written by ``Store.add`` as ingest writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.events.ontology import load_ontology
from flashpoint.model import Actor, Document, Event, Place, Span

#: Actor type of a generic or per-country body id suffix (RUS.MIL, GEN.UAF, ...).
_BODY_TYPES = {"GOV": "government", "MFA": "government", "MIL": "military", "POL": "police",
               "INT": "intelligence", "REB": "armed_group", "UAF": "armed_group",
               "CVL": "civilians", "OPP": "civilians", "PTY": "party"}


@dataclass(frozen=True)
class Where:
    """A place as the geocoder would give it."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass(frozen=True)
class Spec:
    """One event as a test states it."""

    id: str
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    date: str | None
    place: Where | None = None
    modality: str = "asserted"
    mode: str | None = None
    cameo: str | None = None
    confidence: float = 0.9
    text: str = ""
    fatalities: int | None = None
    context: tuple[str, ...] = field(default=())


def ev(event_id: str, etype: str, source: str | tuple[str, ...], target: str | tuple[str, ...],
       date: str | None, place: Where | None = None, **kw: Any) -> Spec:
    """An event; ``source``/``target`` are one actor id, a tuple of ids, or '' for none."""
    def ids(x: str | tuple[str, ...]) -> tuple[str, ...]:
        return (x,) if isinstance(x, str) and x else (x if isinstance(x, tuple) else ())
    return Spec(event_id, etype, ids(source), ids(target), date, place, **kw)


def actor_for(actor_id: str) -> Actor:
    """A plausible actor record for an id (ISO3 state, ISO3.BODY, GEN.BODY, P.name)."""
    head, _, body = actor_id.partition(".")
    if actor_id.startswith("P."):
        return Actor(actor_id, body.replace("-", " ").title(), "person", None)
    if head == "GEN":
        return Actor(actor_id, body.lower(), _BODY_TYPES.get(body, "other"), None)  # type: ignore[arg-type]
    if not body:
        return Actor(actor_id, actor_id, "state", actor_id)
    return Actor(actor_id, f"{head} {body}", _BODY_TYPES.get(body, "other"), head)  # type: ignore[arg-type]


def report(doc_id: str, published: str | None, *events: Spec, source: str = "wire",
           countries: dict[str, str] | None = None) -> Document:
    """A document reporting ``events``; ``countries`` gives generic actors a country."""
    onto = load_ontology()
    text, evs, places, actor_ids = "", [], [], []
    for spec in events:
        sentence = spec.text or f"{' '.join(spec.source) or 'Someone'} {spec.type.lower()} " \
                                f"{' '.join(spec.target)} ({spec.id})."
        start = len(text)
        text += sentence + " "
        place_id = None
        if spec.place is not None:
            place_id = f"p{len(places)}"
            p = spec.place
            places.append(Place(place_id, p.name, start, start + 1, p.name, p.lat, p.lon,
                                p.country))
        actor_ids += [a for a in (*spec.source, *spec.target) if a not in actor_ids]
        evs.append(Event(
            spec.id, spec.type, spec.source, spec.target, spec.modality,  # type: ignore[arg-type]
            spec.date, place_id, Span(sentence, start, start + len(sentence)), mode=spec.mode,
            context=spec.context, cameo=spec.cameo, intensity=onto.intensity(spec.type, spec.mode),
            fatalities=spec.fatalities, confidence=spec.confidence, coder="test.v1"))
    actors = []
    for a in actor_ids:
        base = actor_for(a)
        country = (countries or {}).get(a, base.country)
        actors.append(Actor(base.id, base.name, base.type, country, (Span(a, 0, 1),)))
    return Document(id=doc_id, published=published, text=text, source=source,
                    title=f"Report {doc_id}", actors=tuple(actors), events=tuple(evs),
                    places=tuple(places))


# --------------------------------------------------------------------------- writing


def build_store(path: Path, docs: list[Document]) -> Path:
    """Write ``docs`` into a new store at ``path`` (schema v2) and return the path."""
    return add_documents(path, docs)


def add_documents(path: Path, docs: list[Document]) -> Path:
    """Add (or replace) ``docs`` in the store at ``path`` through ``Store.add``."""
    from flashpoint.corpus.store import Store

    with Store(path) as store:
        for d in docs:
            store.add(d)
    return path


# --------------------------------------------------------------------------- a shared corpus

KHARKIV = Where("Kharkiv", 49.9935, 36.2304, "UKR")
KHARKOV = Where("Kharkov", 50.0000, 36.2500, "UKR")  # the same city, another gazetteer entry
ODESA = Where("Odesa", 46.4825, 30.7233, "UKR")
KYIV = Where("Kyiv", 50.4501, 30.5234, "UKR")
ISTANBUL = Where("Istanbul", 41.0082, 28.9784, "TUR")
MAIDUGURI = Where("Maiduguri", 11.8333, 13.1500, "NGA")
GAZA = Where("Gaza", 31.5017, 34.4668, "PSE")
NGA = {"GEN.UAF": "NGA", "GEN.CVL": "NGA"}


def war_corpus() -> list[Document]:
    """Ten documents: one strike reported by three outlets, a separate strike, a negated one,
    cooperation, mediation, a generic-actor attack in two reports, a month-only threat."""
    return [
        report("d01", "2024-05-02", ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-02", KHARKIV,
                                       mode="aerial", confidence=0.8),
               ev("e2", "ACCUSE", "UKR.GOV", "RUS", "2024-05-02"), source="wire-a"),
        report("d02", "2024-05-02", ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-02", KHARKOV,
                                       cameo="195", confidence=0.95,
                                       text="Russian jets struck Kharkiv on Thursday."),
               source="wire-b"),
        report("d03", "2024-05-03", ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-02",
                                       cameo="190", modality="reported"), source="wire-c"),
        report("d04", "2024-05-04",
               ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-05-03", ODESA, fatalities=3),
               ev("e2", "ASSAULT", "RUS.MIL", "UKR", "2024-05-03", KYIV, modality="negated"),
               source="wire-a"),
        report("d05", "2024-04-10", ev("e1", "AID", "USA", "UKR", "2024-04-10"),
               ev("e2", "CONSULT", "USA", "UKR.GOV", "2024-04-09", KYIV, mode="visit"),
               source="wire-b"),
        report("d06", "2024-04-17", ev("e1", "CONSULT", ("TUR", "P.recep-erdogan"), "RUS",
                                       "2024-04-17", ISTANBUL, mode="third-party"),
               source="wire-c"),
        report("d07", "2024-05-20", ev("e1", "ASSAULT", "GEN.UAF", "GEN.CVL", "2024-05-19",
                                       MAIDUGURI), source="wire-a", countries=NGA),
        report("d08", "2024-05-21", ev("e1", "ASSAULT", "GEN.UAF", "GEN.CVL", "2024-05-20",
                                       MAIDUGURI), source="wire-b", countries=NGA),
        report("d09", "2024-05-15", ev("e1", "THREATEN", "RUS", "UKR", "2024-05",
                                       modality="planned"), source="wire-c"),
        report("d10", "2024-03-05", ev("e1", "ASSAULT", "RUS.MIL", "UKR", "2024-03-05", KHARKIV),
               ev("e2", "ASSAULT", "ISR", "PSE", "2024-03-05", GAZA), source="wire-a"),
    ]
