"""Typed records that flow between the stages, and the output contract.

The output records (``Span`` … ``Document``) mirror ``data/document.schema.json`` (a copy of the
shared contract ``flashpoint.document/1``) field for field; ``Document.to_dict`` produces exactly
the contract's JSON, and ``tests/test_model_contract.py`` validates real output against the
schema. Records are frozen: a stage returns new records, it never mutates another stage's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "flashpoint.document/1"

#: The contract's date form: YYYY, YYYY-MM or YYYY-MM-DD (precision shown by length).
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

ActorType = Literal[
    "state", "government", "military", "police", "intelligence", "armed_group", "party", "igo",
    "ngo", "media", "business", "religious", "civilians", "person", "other",
]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
Modality = Literal["asserted", "reported", "planned", "hypothetical", "conditional", "negated"]
Channel = Literal["tweet", "statement", "interview", "speech", "media", "unknown"]

#: The 16 PLOVER event types in the codebook's order (cooperation to conflict).
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
ACTOR_TYPES: tuple[str, ...] = ActorType.__args__  # type: ignore[attr-defined]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]
CHANNELS: tuple[str, ...] = Channel.__args__  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- input side


@dataclass(frozen=True)
class RawDocument:
    """One article as read from the input, before cleaning.

    ``text`` is the decoded input text (for HTML: the extracted body, with ``html`` kept so that
    cleaning can record what the extractor left out). ``published_inferred`` is true when the
    date was guessed from the text rather than given.
    """

    id: str
    text: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    published_inferred: bool = False
    url: str | None = None
    author: str | None = None
    media_type: Literal["text", "html"] = "text"
    dropped: tuple[Dropped, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dropped:
    """A segment that cleaning removed, with the reason: nothing is silently lost."""

    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Cleaned:
    """The cleaning stage's result: the article body and what was removed from it."""

    text: str
    dropped: tuple[Dropped, ...] = ()


# --------------------------------------------------------------------------- output side


@dataclass(frozen=True)
class Span:
    """A character span of the document ``text`` (end exclusive)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Actor:
    """A canonical actor with every mention of it in the document."""

    id: str
    name: str
    type: ActorType
    country: str | None
    mentions: tuple[Span, ...] = ()
    affiliation: str | None = None
    role: str | None = None
    kb: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "type": self.type, "country": self.country,
            "affiliation": self.affiliation, "role": self.role, "kb": self.kb,
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Event:
    """One coded PLOVER event with the sentence that supports it."""

    id: str
    type: EventType
    source: tuple[str, ...]
    target: tuple[str, ...]
    modality: Modality
    date: str | None
    place: str | None
    evidence: Span
    mode: str | None = None
    context: tuple[str, ...] = ()
    cameo: str | None = None
    intensity: float | None = None
    fatalities: int | None = None
    confidence: float | None = None
    coder: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "cameo": self.cameo, "intensity": self.intensity, "source": list(self.source),
            "target": list(self.target), "modality": self.modality, "date": self.date,
            "place": self.place, "fatalities": self.fatalities, "evidence": self.evidence.to_dict(),
            "confidence": self.confidence, "coder": self.coder,
        }


@dataclass(frozen=True)
class Statement:
    """A direct quote attributed to its speaker."""

    speaker: str | None
    speaker_text: str
    quote: Span
    channel: Channel = "unknown"
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker, "speaker_text": self.speaker_text,
            "quote": self.quote.to_dict(), "channel": self.channel, "date": self.date,
        }


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression normalised against the publication date."""

    text: str
    start: int
    end: int
    value: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value}


@dataclass(frozen=True)
class Place:
    """A geoparsed and geocoded place mention. ``use`` says how the text uses it: ``literal``
    (where something is or happens), ``modifier`` ("Syrian army"), ``metonymic`` ("Turkey
    shelled") or ``embedded`` (inside an organisation's name); only a literal place can be
    where an event happened. ``use`` stays inside the engine and the store (``places.usage``):
    the document contract (schema/document.schema.json) has no such key, so ``to_dict`` leaves
    it out."""

    id: str
    text: str
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    feature: str | None = None
    geonames_id: int | None = None
    use: str = "literal"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "start": self.start, "end": self.end,
            "name": self.name, "lat": self.lat, "lon": self.lon, "country": self.country,
            "feature": self.feature, "geonames_id": self.geonames_id,
        }


@dataclass(frozen=True)
class Document:
    """What ``flashpoint extract`` prints for one article: the output contract."""

    id: str
    published: str | None
    text: str
    source: str | None = None
    title: str | None = None
    language: str = "en"
    dropped: tuple[Dropped, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    statements: tuple[Statement, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    published_inferred: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON object (keys in the schema's order)."""
        return {
            "schema": SCHEMA_ID, "id": self.id, "source": self.source, "title": self.title,
            "published": self.published, "language": self.language, "text": self.text,
            "dropped": [d.to_dict() for d in self.dropped],
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
        }


@dataclass(frozen=True)
class Failure:
    """A document that could not be processed, and why: a batch never loses one silently."""

    id: str
    source: str | None
    stage: str
    reason: str
    code: str = "FP000"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "stage": self.stage, "reason": self.reason,
                "code": self.code}


# --------------------------------------------------------------------------- between stages


@dataclass(frozen=True)
class Analysis:
    """What the analysis stages see: the cleaned text, its parse, and earlier stages' results.

    Each analysis stage is a pure function ``Analysis -> tuple[record, ...]``; the pipeline
    stores the result under the stage's field with ``dataclasses.replace`` and passes the new
    record on, so a stage can use what the stages before it produced and nothing else.
    ``parsed`` is the spaCy ``Doc`` of ``text`` (typed loosely so this module needs no spaCy).
    """

    doc_id: str
    text: str
    published: str | None
    parsed: Any
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    statements: tuple[Statement, ...] = ()
