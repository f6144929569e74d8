"""Geocoding: choose, for every place mention, the gazetteer entry the document means.

A reader resolves "Paris" from everything else the story says; so does ``geocode``. All
mentions of one name share one reading (one sense per discourse), so the unit is a *group*
of mentions with one key. Each candidate of a group gets a score:

- a prior: countries and first-level divisions before towns, towns by population, capitals,
  the place's own name before an alternate one, a feature word beside the name ("Incirlik
  air base" prefers a base, "Helmand province" a division), and "Paris, Texas" (the
  qualifier) keeping Texan candidates well ahead;
- the document's context: how much of the *other* groups' probability mass lies in the
  candidate's country and first-level division, and within ``NEAR_KM`` of it, plus the
  countries of the document's actors.

The mass of a group is spread over its candidates by a softmax of their scores, and the
context is recomputed from the new masses a few times (``ROUNDS``): an ambiguous name does
not count as its first guess, it counts as every reading in proportion to its likelihood,
and a group never counts as its own context. "Walker County", "Huntsville" and "Houston" thus
agree on Texas because Texas explains all three. Tentative mentions (capitalised names with no
cue, see ``geoparse``) survive only when the context supports their choice.

The weights are named constants, calibrated on half of each geo dev set (LGL, TR-News,
GeoWebNews) and checked on the other half (see the issue note).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from flashpoint.model import Actor

from .gazetteer import Candidate, Entry, Gazetteer
from .mention import Mention

#: Prior of a feature class before context (towns: population, below). A country named is
#: almost always the country; a state or province more often than a town of its name.
FEATURE_PRIOR: dict[str, float] = {
    "country": 7.0, "continent": 6.5, "admin1": 5.0, "region": 5.5, "sea": 5.5, "base": 5.0,
    "camp": 5.0, "crossing": 5.0, "oilfield": 5.0, "site": 4.5, "admin2": 3.5,
    "airport": 2.0,
}
#: Towns: prior = TOWN_WEIGHT * log10(population + 10); 1,000 people -> 2.4, 1M -> 4.8.
TOWN_WEIGHT = 0.8
#: A capital is what a bare name usually means ("Tripoli" -> Libya's).
CAPITAL_BONUS = 1.0
#: The name is one of the place's alternate names, not its own.
ALTERNATE_PENALTY = 1.5
#: A word beside the name ("province", "air base") matches / contradicts the feature.
HINT_BONUS = 3.0
HINT_PENALTY = 1.0
#: "Paris, Texas": the candidate lies in the named state or country.
QUALIFIER_BONUS = 6.0
#: Weight of the share of the other groups' mass in the candidate's country / division, and
#: of the (capped) mass of other groups within NEAR_KM of it.
COUNTRY_WEIGHT = 2.0
ADMIN1_WEIGHT = 2.5
NEAR_WEIGHT = 2.0
NEAR_KM = 150.0
NEAR_CAP = 2.0
#: Actors count for less than places: "Russia" as an actor says less about where than "in
#: Russia" does. Mass of one actor in its country.
ACTOR_WEIGHT = 0.5
#: Weight of a tentative group's mass in the others' context: it may be a common word, but
#: "Townsville" and "Ingham" next to "Queensland" are evidence all the same.
TENTATIVE_WEIGHT = 0.3
#: A town that lies in a county the document names ("Paris" and "Henry County": Paris,
#: Tennessee, whatever the population of Paris, France), and that county's reading beside
#: the town, score this much more: a county is named only in local news, and the pair pins
#: both down. Unlike NEAR_WEIGHT it does not wait for the county's own probability, which a
#: name shared by ten states ("Henry County") spreads thin. Within COUNTY_KM of the county's
#: point (a county is rarely wider than twice that).
COUNTY_BONUS = 3.0
COUNTY_KM = 60.0
#: Words that make a division mention a county's.
COUNTY_WORDS = frozenset(("county", "parish", "borough"))
#: Rounds of context (mass -> context -> scores -> mass).
ROUNDS = 3
#: Candidates kept per group (the best by prior): enough for "Springfield", bounded; and in
#: all, so that a document naming thousands of places stays linear in memory and time.
MAX_CANDIDATES = 25
MAX_ALL_CANDIDATES = 3000
_BLOCK = 256
#: A tentative mention is kept when the local part of its best candidate's context (the
#: other places in its division, or near it) reaches this, or it is a curated country or
#: division: a capitalised word that is also a town somewhere in the country is not enough.
TENTATIVE_MIN_LOCAL = 2.0

EARTH_KM = 6371.0
Floats = npt.NDArray[np.float64]
#: Features whose point stands for an area too large for "near" to mean anything.
_AREAS = frozenset(("country", "continent", "sea", "region"))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def prior(c: Candidate, hint: str | None) -> float:
    """The score of a candidate before context."""
    e = c.entry
    base = FEATURE_PRIOR.get(e.feature)
    if base is None:
        base = TOWN_WEIGHT * math.log10(e.population + 10) + (CAPITAL_BONUS if e.capital else 0)
    if c.alternate:
        base -= ALTERNATE_PENALTY
    if hint:
        base += HINT_BONUS if e.feature == hint else -HINT_PENALTY
    return base


def qualified(e: Entry, qualifier: str | None, gaz: Gazetteer) -> bool:
    """Whether ``e`` lies in the state/country of "Town, <qualifier>"."""
    if qualifier is None:
        return False
    labels = (gaz.meta.get("qualifiers") or {}).get(qualifier)
    if labels:
        return f"{e.country}.{e.admin1}" in labels
    for q in gaz.lookup(qualifier):
        if q.entry.feature == "country" and q.entry.country == e.country:
            return True
        if q.entry.feature == "admin1" and (q.entry.country, q.entry.admin1) == (e.country,
                                                                                 e.admin1):
            return True
    return False


@dataclass(frozen=True)
class Choice:
    """A mention's chosen entry (None: no candidate, or not a place after all), its score and
    the part of the score the document's context gave."""

    mention: Mention
    entry: Entry | None
    score: float = 0.0
    context: float = 0.0


@dataclass
class _Group:
    key: str
    mentions: list[Mention]
    cands: list[Entry]
    prior: Floats
    #: The name is a country's ("China", "Lebanon"): its towns must earn their reading from
    #: their own state and neighbours, not from the country the story happens to be in.
    names_country: bool = False


def _groups(mentions: Sequence[Mention], gaz: Gazetteer) -> list[_Group]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.candidates:
            by_key[m.key].append(m)
    cap = max(1, min(MAX_CANDIDATES, MAX_ALL_CANDIDATES // max(1, len(by_key))))
    out = []
    for key, ms in by_key.items():
        hint = next((m.hint for m in ms if m.hint), None)
        quals = {m.qualifier for m in ms if m.qualifier}
        scored = []
        for c in ms[0].candidates:
            s = prior(c, hint)
            if any(qualified(c.entry, q, gaz) for q in quals):
                s += QUALIFIER_BONUS
            scored.append((s, c.entry))
        scored.sort(key=lambda t: -t[0])
        scored = scored[:cap]
        out.append(_Group(key, ms, [e for _, e in scored],
                          np.array([s for s, _ in scored], dtype=float),
                          any(e.feature == "country" for _, e in scored)))
    return out


def _softmax(x: Floats) -> Floats:
    z: Floats = np.exp(x - x.max())
    out: Floats = z / z.sum()
    return out


def _near_matrix(groups: Sequence[_Group]) -> npt.NDArray[np.bool_]:
    """For all candidates of all groups: whether each pair lies within NEAR_KM (never two of
    one group, never an area such as a country, whose point is no place to be near).
    Computed in blocks of rows so that memory stays at a few MB whatever the document."""
    entries = [e for g in groups for e in g.cands]
    owner = np.array([i for i, g in enumerate(groups) for _ in g.cands], dtype=int)
    usable = np.array([e.located and e.feature not in _AREAS for e in entries], dtype=bool)
    lat = np.radians(np.array([e.lat if e.lat is not None else 0.0 for e in entries]))
    lon = np.radians(np.array([e.lon if e.lon is not None else 0.0 for e in entries]))
    near = np.zeros((len(entries), len(entries)), dtype=bool)
    for lo in range(0, len(entries), _BLOCK):
        hi = min(lo + _BLOCK, len(entries))
        a = (np.sin((lat[lo:hi, None] - lat[None, :]) / 2) ** 2 + np.cos(lat[lo:hi, None])
             * np.cos(lat)[None, :] * np.sin((lon[lo:hi, None] - lon[None, :]) / 2) ** 2)
        dist = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        near[lo:hi] = ((dist <= NEAR_KM) & usable[lo:hi, None] & usable[None, :]
                       & (owner[lo:hi, None] != owner[None, :]))
    return near


@dataclass
class _Masses:
    """Probability mass per country and per division: the document's, and each group's own
    (subtracted when the group is scored, so that a name never vouches for itself)."""

    country: dict[str, float]
    admin1: dict[tuple[str, str], float]
    own_country: list[dict[str, float]]
    own_admin1: list[dict[tuple[str, str], float]]


def _masses(groups: Sequence[_Group], probs: Sequence[Floats],
            actor_mass: dict[str, float]) -> _Masses:
    m = _Masses(defaultdict(float, actor_mass), defaultdict(float), [], [])
    for g, p in zip(groups, probs, strict=True):
        w = float(len(g.mentions))
        oc: dict[str, float] = defaultdict(float)
        oa: dict[tuple[str, str], float] = defaultdict(float)
        for e, pe in zip(g.cands, p, strict=True):
            if e.country:
                oc[e.country] += w * pe
                if e.admin1:
                    oa[(e.country, e.admin1)] += w * pe
        for k, v in oc.items():
            m.country[k] += v
        for k2, v in oa.items():
            m.admin1[k2] += v
        m.own_country.append(oc)
        m.own_admin1.append(oa)
    return m


def _context(groups: Sequence[_Group], probs: Sequence[Floats], actor_mass: dict[str, float],
             near: npt.NDArray[np.bool_]) -> tuple[list[Floats], list[Floats]]:
    """The context score of every candidate of every group, from the other groups' mass;
    and its local part (same division, nearby places), what vouches for a tentative name."""
    m = _masses(groups, probs, actor_mass)
    total_c, total_a = sum(m.country.values()), sum(m.admin1.values())
    flat = np.concatenate(probs) if probs else np.zeros(0)
    near_mass = np.minimum(near @ flat, NEAR_CAP) / NEAR_CAP if len(flat) else flat
    out, local_out = [], []
    offset = 0
    for g, oc, oa in zip(groups, m.own_country, m.own_admin1, strict=True):
        rest_c = total_c - sum(oc.values())
        rest_a = total_a - sum(oa.values())
        scores = np.zeros(len(g.cands))
        local = np.zeros(len(g.cands))
        for i, e in enumerate(g.cands):
            if e.country and e.admin1 and rest_a > 0:
                k3 = (e.country, e.admin1)
                local[i] += ADMIN1_WEIGHT * (m.admin1[k3] - oa[k3]) / rest_a
            local[i] += NEAR_WEIGHT * float(near_mass[offset + i])
            scores[i] = local[i]
            if e.country and rest_c > 0 and (e.curated or not g.names_country):
                scores[i] += COUNTRY_WEIGHT * (m.country[e.country] - oc[e.country]) / rest_c
        out.append(scores)
        local_out.append(local)
        offset += len(g.cands)
    return out, local_out


def _county_pairs(groups: Sequence[_Group]) -> None:
    """Add COUNTY_BONUS, once, to the prior of every candidate within COUNTY_KM of a reading
    of a county the document names, and to each such reading (see :data:`COUNTY_BONUS`)."""
    counties = [g for g in groups if all(e.feature == "admin2" for e in g.cands)
                and any(w in m.text.lower().split() for m in g.mentions for w in COUNTY_WORDS)]
    for county in counties:
        points = [(ci, c.lat, c.lon) for ci, c in enumerate(county.cands)
                  if c.lat is not None and c.lon is not None]
        paired: set[int] = set()
        for g in groups:
            if g is county:
                continue
            for i, e in enumerate(g.cands):
                if e.lat is None or e.lon is None or e.feature in _AREAS:
                    continue
                near = [ci for ci, lat, lon in points if km(lat, lon, e.lat, e.lon) <= COUNTY_KM]
                if near:
                    g.prior[i] += COUNTY_BONUS
                    paired.update(near)
        for ci in paired:
            county.prior[ci] += COUNTY_BONUS


def geocode(mentions: Sequence[Mention], gaz: Gazetteer,
            actors: Sequence[Actor] = ()) -> list[Choice]:
    """Choose an entry for every mention (in the mentions' order)."""
    groups = _groups(mentions, gaz)
    _county_pairs(groups)
    actor_mass = _actor_mass(mentions, actors)
    near = _near_matrix(groups)
    weights = [TENTATIVE_WEIGHT if all(m.tentative for m in g.mentions) else 1.0
               for g in groups]
    probs = [_softmax(g.prior) * w for g, w in zip(groups, weights, strict=True)]
    ctx = local = [np.zeros(len(g.cands)) for g in groups]
    for _ in range(ROUNDS):
        ctx, local = _context(groups, probs, actor_mass, near)
        probs = [_softmax(g.prior + c) * w for g, c, w in zip(groups, ctx, weights, strict=True)]
    decided: dict[str, Choice] = {}
    for g, c, loc in zip(groups, ctx, local, strict=True):
        total = g.prior + c
        i = int(total.argmax())
        entry = g.cands[i]
        keep = not all(m.tentative for m in g.mentions) or _supported(entry, float(loc[i]))
        decided[g.key] = Choice(g.mentions[0], entry if keep else None, float(total[i]),
                                float(c[i]))
    out = []
    for m in mentions:
        d = decided.get(m.key)
        out.append(Choice(m, None) if d is None else Choice(m, d.entry, d.score, d.context))
    return out


def _actor_mass(mentions: Sequence[Mention], actors: Sequence[Actor]) -> dict[str, float]:
    """Country mass of the actors the knowledge base knows, except those named only by place
    names: the actors stage reads "Paris" as France and gives an unknown official the
    country of the place his sentence names, which is no evidence about which Paris or
    which London the text means."""
    spans = [(m.start, m.end) for m in mentions]
    mass: dict[str, float] = defaultdict(float)
    for a in actors:
        if a.country and a.kb and any(not any(s < x.end and x.start < e for s, e in spans)
                                      for x in a.mentions):
            mass[a.country] += ACTOR_WEIGHT
    return mass


def _supported(e: Entry, local: float) -> bool:
    return (e.curated and e.feature in ("country", "admin1")) or local >= TENTATIVE_MIN_LOCAL
