"""Whole-article gold files (``shared/gold/NAME.gold.json``), read into typed records.

The file format and its scoring rules are in ``shared/gold/README.md``. Every key that README
lists is read here, including those no file uses yet (``must_drop_phrases`` entries, events'
``place``/``fatalities``, statements' ``channel``); keys this reader does not know are kept in
``GoldArticle.ignored`` so the report can say they were not scored, never dropped silently.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import EvalError

#: Suffix of a gold annotation file; the article is beside it as NAME.txt or NAME.html.
GOLD_SUFFIX = ".gold.json"
ARTICLE_SUFFIXES = (".txt", ".html")

#: Curly and typographic quotes made straight, as the gold README's normalisation says.
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_LEADING_THE = re.compile(r"^the\s+")

#: Keys the reader understands at each level (anything else is reported as ignored).
_TOP_KEYS = frozenset({"about", "published", "published_window", "boilerplate", "actors",
                       "events", "must_not_assert", "statements", "times", "places"})
_SECTION_KEYS: dict[str, frozenset[str]] = {
    "boilerplate": frozenset({"must_drop_phrases", "must_keep_phrases"}),
    "actors": frozenset({"names", "type", "country"}),
    "events": frozenset({"id", "types", "source", "target", "date", "date_month", "place",
                         "fatalities", "core"}),
    "must_not_assert": frozenset({"why", "sentence_contains", "type", "forbidden_modality"}),
    "statements": frozenset({"speaker", "quote_contains", "channel", "optional"}),
    "times": frozenset({"text", "value"}),
    "places": frozenset({"text", "lat", "lon", "km"}),
}


def normalise(text: str) -> str:
    """The gold README's matching form: NFKC, straight quotes, collapsed space, casefolded,
    a leading "the" dropped."""
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    s = " ".join(s.split()).casefold()
    return _LEADING_THE.sub("", s)


@dataclass(frozen=True)
class GoldActor:
    names: tuple[str, ...]
    type: str | None
    country: str | None


@dataclass(frozen=True)
class GoldEvent:
    """``source``/``target`` None: not scored; empty: the output's must be empty too."""

    id: str
    types: tuple[str, ...]
    source: tuple[str, ...] | None
    target: tuple[str, ...] | None
    date: str | None = None
    date_month: str | None = None
    place: str | None = None
    fatalities: int | None = None
    core: bool = False


@dataclass(frozen=True)
class GoldForbidden:
    sentence_contains: str
    type: str
    forbidden_modality: tuple[str, ...]
    why: str | None = None


@dataclass(frozen=True)
class GoldStatement:
    speaker: tuple[str, ...]
    quote_contains: str
    channel: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class GoldTime:
    text: str
    value: str


@dataclass(frozen=True)
class GoldPlace:
    names: tuple[str, ...]
    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article: its text file, the date to pass, and what must be found."""

    name: str
    article: Path
    published: str | None
    published_window: tuple[str, str] | None
    must_drop: tuple[str, ...]
    must_keep: tuple[str, ...]
    actors: tuple[GoldActor, ...]
    events: tuple[GoldEvent, ...]
    must_not_assert: tuple[GoldForbidden, ...]
    statements: tuple[GoldStatement, ...]
    times: tuple[GoldTime, ...]
    places: tuple[GoldPlace, ...]
    ignored: tuple[str, ...] = ()


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _opt_names(value: Any) -> tuple[str, ...] | None:
    return None if value is None else _names(value)


def _event(e: Mapping[str, Any], i: int) -> GoldEvent:
    return GoldEvent(str(e.get("id") or f"event-{i + 1}"), _names(e["types"]),
                     _opt_names(e.get("source")), _opt_names(e.get("target")), e.get("date"),
                     e.get("date_month"), e.get("place"), e.get("fatalities"),
                     bool(e.get("core", False)))


def _ignored(raw: Mapping[str, Any]) -> tuple[str, ...]:
    out = [k for k in raw if k not in _TOP_KEYS]
    for section, known in _SECTION_KEYS.items():
        value = raw.get(section)
        items = [value] if isinstance(value, Mapping) else value or []
        out += sorted({f"{section}.{k}" for item in items for k in item if k not in known})
    return tuple(out)


def _article(raw: Mapping[str, Any], name: str, article: Path) -> GoldArticle:
    boiler = raw.get("boilerplate") or {}
    window = raw.get("published_window")
    return GoldArticle(
        name=name, article=article, published=raw.get("published"),
        published_window=(window[0], window[1]) if window else None,
        must_drop=_names(boiler.get("must_drop_phrases")),
        must_keep=_names(boiler.get("must_keep_phrases")),
        actors=tuple(GoldActor(_names(a["names"]), a.get("type"), a.get("country"))
                     for a in raw.get("actors") or []),
        events=tuple(_event(e, i) for i, e in enumerate(raw.get("events") or [])),
        must_not_assert=tuple(
            GoldForbidden(m["sentence_contains"], m["type"], _names(m["forbidden_modality"]),
                          m.get("why")) for m in raw.get("must_not_assert") or []),
        statements=tuple(GoldStatement(_names(s["speaker"]), s["quote_contains"],
                                       s.get("channel"), bool(s.get("optional", False)))
                         for s in raw.get("statements") or []),
        times=tuple(GoldTime(t["text"], t["value"]) for t in raw.get("times") or []),
        places=tuple(GoldPlace(_names(p["text"]), float(p["lat"]), float(p["lon"]),
                               float(p["km"])) for p in raw.get("places") or []),
        ignored=_ignored(raw),
    )


def read_gold(path: Path) -> GoldArticle:
    """Read one ``NAME.gold.json`` and find its article beside it."""
    name = path.name.removesuffix(GOLD_SUFFIX)
    article = next((a for s in ARTICLE_SUFFIXES if (a := path.with_name(name + s)).is_file()),
                   None)
    if article is None:
        raise EvalError(f"no article beside {path.name} (expected {name}.txt or {name}.html)",
                        source=str(path), fix="put the article text beside its gold file")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return _article(raw, name, article)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise EvalError(f"not a valid gold file: {exc!r}", source=str(path),
                        fix="see shared/gold/README.md for the format") from exc


def load_gold(shared: Path, limit: int | None = None) -> list[GoldArticle]:
    """Every gold article in ``shared/gold`` in name order (the first ``limit`` when given)."""
    folder = shared / "gold"
    paths = sorted(folder.glob(f"*{GOLD_SUFFIX}")) if folder.is_dir() else []
    if not paths:
        raise EvalError(f"no *{GOLD_SUFFIX} files in {folder}",
                        fix="check the shared folder (see shared/gold/README.md)")
    return [read_gold(p) for p in paths[: limit or None]]
