"""Where the evaluation data lives, which datasets there are, and their records, typed.

The data is the shared folder ``shared/`` beside the clone (``shared/data/<area>/<name>.dev.jsonl``
and ``shared/gold/*.gold.json``), described in ``shared/data/README.md``. It is never copied into
the package: only its location is resolved here, in a fixed order, so that the same command
works in a checkout, in CI (``../shared`` beside the clone) and from any working directory.

Each dataset's rows become small frozen records holding exactly the fields the scorers read;
a row without them is an ``EvalError`` naming the file and line, not a ``KeyError`` mid-score.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import EvalError

#: Environment variable that names the shared folder when ``--shared`` is not given.
SHARED_ENV = "FLASHPOINT_SHARED"

#: The split evaluated: only the dev part is in the shared folder (the held-out part is not).
SPLIT = "dev"

#: Target name of the whole-article gold files.
GOLD = "gold"

#: Area of the exhaustively annotated whole articles (``shared/gold2``, scored as
#: ``shared/tools/score_docs.py`` scores them: ``evaluation.docs``).
DOCS = "docs"

#: Area of the hand-annotated quotes gold (``eval/quotes_gold.jsonl`` in the repository, not in
#: the shared folder: ``evaluation.quotes`` reads it).
QUOTES = "quotes"


#: The geo dataset that scores where events are put (``evaluation.eventplaces``): gold2's
#: event ``place`` fields and the PLOVER GSR ``location``, not a file of its own.
EVENT_PLACES_NAME = "event_places"


@dataclass(frozen=True)
class DatasetSpec:
    """One evaluation dataset: ``area/name``, and which field carries its publication date."""

    area: str
    name: str

    @property
    def key(self) -> str:
        """The target name, e.g. ``events/plv``."""
        return f"{self.area}/{self.name}" if self.area != GOLD else GOLD

    @property
    def published_key(self) -> str | None:
        """The record field passed as ``published`` (as score.py does): geo and dates only."""
        return {"geo": "published", "dates": "dct"}.get(self.area)

    def path(self, shared: Path) -> Path:
        """The JSONL file of this dataset under ``shared`` (for ``docs``: its folder; for the
        event places: the GSR file, the one of its two sources that is a file)."""
        if self.area == DOCS:
            return shared / self.name
        if self.name == EVENT_PLACES_NAME:
            return shared / "data" / "events" / f"plover_gsr.{SPLIT}.jsonl"
        return shared / "data" / self.area / f"{self.name}.{SPLIT}.jsonl"


#: Every dataset ``flashpoint eval`` knows, in report order (gold last).
DATASETS: tuple[DatasetSpec, ...] = (
    DatasetSpec("events", "plv"), DatasetSpec("events", "plover_gsr"),
    DatasetSpec("events", "case2021"), DatasetSpec("geo", "lgl"), DatasetSpec("geo", "trnews"),
    DatasetSpec("geo", "gwn"), DatasetSpec("geo", EVENT_PLACES_NAME),
    DatasetSpec("dates", "tempeval3"), DatasetSpec(QUOTES, GOLD),
    DatasetSpec(DOCS, "gold2"), DatasetSpec(GOLD, GOLD),
)


# --------------------------------------------------------------------------- locating


def find_repo_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` holding ``pyproject.toml``."""
    for cand in (start, *start.parents):
        if (cand / "pyproject.toml").is_file():
            return cand
    return None


def _usable(cand: Path) -> bool:
    return (cand / "data").is_dir() or (cand / GOLD).is_dir()


def locate_shared(explicit: str | Path | None = None, *, cwd: Path | None = None) -> Path:
    """Find the shared folder: ``explicit``, else $FLASHPOINT_SHARED, else ../shared.

    ``../shared`` is tried relative to the working directory, then relative to the repository
    root (found by walking up from this file to ``pyproject.toml``). A folder named explicitly
    (option or environment) must exist: silently falling back would evaluate other data.
    """
    for given, how in ((explicit, "--shared"), (os.environ.get(SHARED_ENV), f"${SHARED_ENV}")):
        if given:
            path = Path(given).expanduser().resolve()
            if not _usable(path):
                raise EvalError(f"{how} names {path}, which has no data/ or gold/ folder",
                                fix="point it at the shared folder (the one holding data/ "
                                    "and gold/)")
            return path
    tried = [(cwd or Path.cwd()) / ".." / "shared"]
    root = find_repo_root(Path(__file__).resolve().parent)
    if root is not None:
        tried.append(root / ".." / "shared")
    for cand in tried:
        if _usable(cand):
            return cand.resolve()
    raise EvalError(
        "the shared evaluation folder was not found (tried "
        + ", ".join(str(c.resolve()) for c in tried) + ")",
        fix=f"put shared/ beside the clone, or pass --shared DIR, or set {SHARED_ENV}=DIR",
    )


def resolve_targets(targets: Sequence[str]) -> list[DatasetSpec]:
    """Expand ``all``, an area (``geo``), ``gold`` or ``area/name`` into datasets, in order."""
    wanted: set[DatasetSpec] = set()
    for target in targets or ("all",):
        t = target.strip().strip("/").lower()
        hits = [d for d in DATASETS if t in ("all", d.key, d.area)]
        if not hits:
            valid = ["all", *sorted({d.area for d in DATASETS} - {GOLD}),
                     *(d.key for d in DATASETS)]
            raise EvalError(f"unknown evaluation target {target!r}",
                            fix=f"use one of: {', '.join(valid)}")
        wanted.update(hits)
    return [d for d in DATASETS if d in wanted]


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Participant:
    """A gold event source or target: its text and country or CAMEO-style code (plover_gsr)."""

    text: str | None
    code: str | None


@dataclass(frozen=True)
class EventRecord:
    """One events row: accepted PLOVER ``types`` (empty: nothing should be coded)."""

    id: str
    text: str
    types: tuple[str, ...]
    source: tuple[Participant, ...] = ()
    target: tuple[Participant, ...] = ()


@dataclass(frozen=True)
class Toponym:
    """One gold toponym of a geo article (offsets into the record's text)."""

    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None = None
    country: str | None = None
    #: GeoWebNews' pragmatic type (Literal, Metonymic, Non_Literal_Modifier, ...), else None.
    kind: str | None = None


@dataclass(frozen=True)
class GeoRecord:
    """One geo article with its gold toponyms."""

    id: str
    text: str
    published: str | None
    toponyms: tuple[Toponym, ...]


@dataclass(frozen=True)
class Timex:
    """One gold TIMEX3: ``type`` DATE/TIME/DURATION/SET and its TimeML ``value``."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class DateRecord:
    """One tempeval3 document with its document creation time and timexes."""

    id: str
    text: str
    dct: str | None
    timexes: tuple[Timex, ...]


Record = EventRecord | GeoRecord | DateRecord


def _participants(rows: Any) -> tuple[Participant, ...]:
    return tuple(Participant(g.get("text"), g.get("country_or_code"))
                 for g in (rows or []) if isinstance(g, Mapping))


def _record(area: str, row: Mapping[str, Any]) -> Record:
    if area == "events":
        return EventRecord(row["id"], row["text"], tuple(row["types"]),
                           _participants(row.get("source")), _participants(row.get("target")))
    if area == "geo":
        tops = tuple(Toponym(t["start"], t["end"], t["text"], t["lat"], t["lon"],
                             t.get("geonameid"), t.get("country"), t.get("kind"))
                     for t in row["toponyms"])
        return GeoRecord(row["id"], row["text"], row.get("published"), tops)
    timexes = tuple(Timex(t["start"], t["end"], t["text"], t["type"], t.get("value"))
                    for t in row["timexes"])
    return DateRecord(row["id"], row["text"], row.get("dct"), timexes)


def count_records(spec: DatasetSpec, shared: Path) -> int:
    """How many records the dataset file holds (its size, whatever ``limit`` is used)."""
    with spec.path(shared).open(encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def load_records(spec: DatasetSpec, shared: Path, limit: int | None = None) -> list[Record]:
    """The first ``limit`` records (all when ``None`` or 0, as score.py's ``--limit``)."""
    path = spec.path(shared)
    if not path.is_file():
        raise EvalError(f"dataset file {path} is missing",
                        fix="check the shared folder (see shared/data/README.md)")
    out: list[Record] = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if limit and len(out) >= limit:
                break
            if not line.strip():
                continue
            try:
                out.append(_record(spec.area, json.loads(line)))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise EvalError(f"line {lineno} is not a valid {spec.key} record: {exc!r}",
                                source=str(path),
                                fix="restore the file from shared/ (it is read-only data)",
                                ) from exc
    return out
