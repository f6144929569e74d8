"""The HTTP API's request and response records (pydantic), so that OpenAPI documents them.

These mirror docs/http-api.md field for field: the dashboard is written against that page, and
``/openapi.json`` (generated from these models) is how a client checks it. Response models are
validated on the way out, so a drift between the store's columns and the contract is a test
failure, not a silent change. Bounds (string lengths, list sizes) are named constants: they
keep one request from asking for unbounded work.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from flashpoint.errors import BadDateError
from flashpoint.ingest import parse_published

#: Longest id, name or search string accepted: actor ids are ~20 characters, document ids are
#: file paths or URLs (rarely over 300); 500 leaves room and bounds the work of a LIKE search.
MAX_ID_CHARS = 500

#: Most documents in one ``POST /ingest``: above this, ``flashpoint ingest`` on files is the
#: right tool (it streams, resumes and reports progress); the body limit applies as well.
MAX_INGEST_DOCUMENTS = 1000

#: Items per page when a request does not say (docs/http-api.md).
DEFAULT_LIMIT = 100

#: Largest ``offset`` (and count threshold) accepted: far beyond any store, and small enough
#: to stay a 64-bit integer in SQL (a 30-digit offset would be a 500, not a 400).
MAX_OFFSET = 1_000_000_000
MAX_COUNT = MAX_OFFSET

Freq = Literal["day", "week", "month"]


class _Strict(BaseModel):
    """Request bodies refuse unknown fields: a typo ("txt") must be a 400 naming it, not a
    document silently extracted without its text."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- errors


class ErrorBody(BaseModel):
    code: str = Field(description="stable error code: FP6xx the API's own, FP1xx-FP4xx the "
                                  "library's (docs/http-api.md lists them)")
    message: str = Field(description="what was wrong, naming the field, and how to fix it")
    field: str | None = Field(description="the bad parameter or body field, if one")


class ErrorResponse(BaseModel):
    error: ErrorBody


# --------------------------------------------------------------------------- requests


class ArticleIn(_Strict):
    """One article: exactly one of ``text`` (plain text) and ``html`` (a web page)."""

    text: str | None = Field(default=None, description="the article as plain text")
    html: str | None = Field(default=None, description="the article as an HTML page")
    published: str | None = Field(default=None, description="publication date, YYYY-MM-DD",
                                  examples=["2024-05-20"])
    title: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    id: str | None = Field(default=None, min_length=1, max_length=MAX_ID_CHARS,
                           description="the document id (default: a hash of the text)")
    source: str | None = Field(default=None, max_length=MAX_ID_CHARS,
                               description="publisher or feed name (default: 'http')")
    url: str | None = Field(default=None, max_length=MAX_ID_CHARS)

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return parse_published(value, source="published")
        except BadDateError as exc:
            raise ValueError(exc.message) from exc

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' and 'html'")
        return self


class IngestIn(_Strict):
    documents: list[ArticleIn] = Field(min_length=1, max_length=MAX_INGEST_DOCUMENTS)


# --------------------------------------------------------------------------- answers


class Health(BaseModel):
    status: Literal["ok"]
    documents: int
    events: int


class DateRange(BaseModel):
    first: str | None = Field(description="earliest date, ISO (null when there is none)")
    last: str | None


class Stats(BaseModel):
    tables: dict[str, int] = Field(description="rows in each table of the store")
    events_by_type: dict[str, int]
    events_by_modality: dict[str, int]
    event_dates: DateRange = Field(description="range of events dated to the day")
    published: DateRange = Field(description="range of the documents' publication dates")
    schema_version: str | None


class Failed(BaseModel):
    id: str
    stage: str
    reason: str


class IngestOut(BaseModel):
    stored: int
    unchanged: int
    failed: int
    failures: list[Failed]


class EventOut(BaseModel):
    doc_id: str
    event_id: str
    type: str
    mode: str | None
    modality: str | None
    source: list[str]
    target: list[str]
    source_names: list[str]
    target_names: list[str]
    date: str | None
    place_name: str | None
    lat: float | None
    lon: float | None
    place_country: str | None
    intensity: float | None
    confidence: float | None
    evidence: str | None
    coder: str | None
    canonical_id: str | None
    n_docs: int | None


class ActorOut(BaseModel):
    actor_id: str
    name: str | None
    type: str | None
    country: str | None
    n_docs: int
    n_mentions: int
    n_events: int


class DocumentOut(BaseModel):
    id: str
    title: str | None
    source: str | None
    published: str | None
    n_events: int


class Page(BaseModel):
    total: int
    limit: int
    offset: int


class EventsPage(Page):
    items: list[EventOut]


class ActorsPage(Page):
    items: list[ActorOut]


class DocumentsPage(Page):
    items: list[DocumentOut]


class ActorRef(BaseModel):
    id: str
    name: str | None


class SeriesPoint(BaseModel):
    period: str
    n: int
    score: float
    by_type: dict[str, int]


class EscalationPoint(BaseModel):
    period: str
    score: float | None = Field(description="sum of intensities (negative = conflict)")
    baseline: float | None = Field(description="mean score of the 4 periods before")
    change: float | None = Field(description="score - baseline")
    index: float | None = Field(description="escalation index: -change / max(sd, 1); "
                                            "positive = escalation, 2 or more is unusual")
    n: int | None = Field(default=None, description="canonical events in the period")
    sd: float | None = Field(default=None, description="standard deviation of the baseline")


class DyadTimeline(BaseModel):
    a: ActorRef
    b: ActorRef
    freq: Freq
    series: list[SeriesPoint]
    escalation: list[EscalationPoint]


class Node(BaseModel):
    id: str
    name: str | None
    country: str | None
    type: str | None
    n: int


class Edge(BaseModel):
    source: str
    target: str
    n: int
    score: float
    types: dict[str, int]


class Network(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


#: Statuses any endpoint may answer: a bug, a store that cannot be read, the time limit.
SERVER_ERRORS = (500, 503, 504)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the error statuses an endpoint can answer (its own,
    and ``SERVER_ERRORS``)."""
    what = {400: "a bad parameter (the message names it)", 403: "the server is read-only",
            404: "no such id", 413: "the request body is too large",
            500: "an internal error (a bug)", 503: "the store cannot be read",
            504: "the request ran over the time limit"}
    return {s: {"model": ErrorResponse, "description": what[s]}
            for s in sorted({*statuses, *SERVER_ERRORS})}


def contract_components(prefix: str) -> dict[str, Any]:
    """The output contract (document.schema.json) as OpenAPI component schemas: the document
    under ``prefix`` and each of its ``$defs`` under ``prefix_name``, references rewritten."""
    import json
    from importlib import resources

    text = resources.files("flashpoint").joinpath("data/document.schema.json").read_text("utf-8")
    schema = json.loads(text.replace('"#/$defs/', f'"#/components/schemas/{prefix}_'))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return {prefix: schema, **{f"{prefix}_{name}": d for name, d in defs.items()}}
