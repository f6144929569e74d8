"""Dataset scorers: the reference scorer's rules (``shared/tools/score.py``), plus detail.

``score_events``, ``score_geo`` and ``score_dates`` give the numbers score.py gives for the same
outputs, key for key and bit for bit: the same record filters, the same order of summation and
the same formulas (``tests/evaluation/test_eval_agreement.py`` runs score.py and compares).
Everything score.py does not report is *added* under new keys, never by changing one of its keys:

- events: precision/recall/F1 per PLOVER type (over score.py's own ``y_true``/``y_pred``), a
  confusion table, and for plover_gsr source/target country accuracy (see ``_role_country``);
- geo: ``exact`` (Mordecai3's measure: the predicted GeoNames id is the gold one) and the
  number of gold toponyms that have a GeoNames id at all. Country accuracy is *not* computed:
  the gold gives country names and the contract ISO-3 codes, and nothing we ship maps one to
  the other (pycountry is not a dependency).

Outputs are contract JSON objects (``Document.to_dict()``) keyed by id, read with ``.get`` as
score.py reads them, so the scorers also work on hand-built dicts in tests.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flashpoint.model import DATE_PATTERN, EVENT_TYPES

from .datasets import DateRecord, EventRecord, GeoRecord, Participant

Output = Mapping[str, Any]
Outputs = Mapping[str, Output]
Metrics = dict[str, Any]

#: The predicted "type" of a record for which nothing was coded.
NONE = "NONE"

#: Mean Earth radius in km, as score.py uses it.
EARTH_KM = 6371.0

#: Acc@161: a prediction within 161 km (100 miles) of the gold point counts as right, the
#: geoparsing literature's standard tolerance (Mordecai3, Gritta et al.).
ACC_KM = 161

#: Gold actor codes that are not countries (score.py skips them for country accuracy).
NON_COUNTRY_CODES = frozenset({"IGO", "NGO", "MNC"})


@dataclass(frozen=True)
class TypeScore:
    """Precision, recall and F1 of one PLOVER type over the primary-type predictions."""

    type: str
    support: int
    predicted: int
    tp: int
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, Any]:
        return {"support": self.support, "predicted": self.predicted, "tp": self.tp,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Scores:
    """One dataset's metrics (score.py's keys first) and optional detail tables."""

    metrics: Metrics
    headline: str
    per_type: tuple[TypeScore, ...] = ()
    confusion: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (score.py's ``hav``, same operations in the same order)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, h)))


def overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether the half-open spans [a0, a1) and [b0, b1) share a character."""
    return a0 < b1 and b0 < a1


# --------------------------------------------------------------------------- events


def primary_type(events: Sequence[Output]) -> str:
    """The most confident event's type (the first on ties), or NONE when nothing was coded."""
    if not events:
        return NONE
    return str(max(events, key=lambda e: e.get("confidence") or 0)["type"])


def _country_code(p: Participant) -> str | None:
    code = p.code
    if not p.text or not code or len(code) != 3 or code in NON_COUNTRY_CODES:
        return None
    return code


def _actors_found(recs: Sequence[EventRecord], out: Outputs) -> Metrics:
    act_n = act_found = act_country = 0
    for r in recs:
        d = out.get(r.id) or {}
        for g in (*r.source, *r.target):
            code = _country_code(g)
            if code is None or g.text is None:
                continue
            i = r.text.find(g.text)
            if i < 0:
                continue
            act_n += 1
            hit = [a for a in d.get("actors", []) if any(
                overlap(i, i + len(g.text), m.get("start", -1), m.get("end", -1))
                for m in a.get("mentions", []))]
            if hit:
                act_found += 1
                act_country += any(a.get("country") == code for a in hit)
    if not act_n:
        return {}
    return {"gold_actors": act_n, "actors_found": act_found / act_n,
            "actor_country_accuracy": act_country / max(act_found, 1)}


def _participants_resolved(recs: Sequence[EventRecord], out: Outputs) -> Metrics:
    """For plv (source/target texts without codes): how many gold participant texts an output
    actor mention overlaps, and how many of those overlap an actor that has a country.

    Not in score.py (it scores actors only where gold gives a country code). Participants
    whose text does not occur in the sentence are skipped, as score.py does for codes.
    """
    n = found = with_country = 0
    for r in recs:
        if any(_country_code(p) for p in (*r.source, *r.target)):
            continue
        actors = (out.get(r.id) or {}).get("actors", [])
        for g in (*r.source, *r.target):
            i = r.text.find(g.text) if g.text else -1
            if i < 0 or g.text is None:
                continue
            n += 1
            hit = [a for a in actors if any(
                overlap(i, i + len(g.text), m.get("start", -1), m.get("end", -1))
                for m in a.get("mentions", []))]
            found += bool(hit)
            with_country += any(a.get("country") for a in hit)
    if not n:
        return {}
    return {"gold_participants": n, "participants_found": found / n,
            "participants_with_country": with_country / n}


def type_scores(y_true: Sequence[str], y_pred: Sequence[str]) -> tuple[TypeScore, ...]:
    """Per-type scores, in PLOVER order, for every type that is gold or predicted."""
    rows = []
    for t in EVENT_TYPES:
        tp = sum(1 for a, b in zip(y_true, y_pred, strict=True) if a == t and b == t)
        fp = sum(1 for a, b in zip(y_true, y_pred, strict=True) if a != t and b == t)
        fn = sum(1 for a, b in zip(y_true, y_pred, strict=True) if a == t and b != t)
        if tp + fn + fp == 0:
            continue
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        rows.append(TypeScore(t, tp + fn, tp + fp, tp, pr, rc, f1))
    return tuple(rows)


def macro_f1(per_type: Sequence[TypeScore]) -> float:
    """score.py's macro F1: the mean F1 over types that occur in the gold (support > 0)."""
    f1s = [s.f1 for s in per_type if s.support]
    return sum(f1s) / len(f1s) if f1s else 0.0


def _role_country(recs: Sequence[EventRecord], out: Outputs, role: str) -> tuple[int, int]:
    """(records with a gold ``role`` country, of which the primary event's ``role`` is right).

    Defined for plover_gsr, whose gold sources and targets carry country codes: a record counts
    when it has at least one gold ``role`` participant with an ISO-3 code (score.py's filter);
    it is right when the primary event (the most confident one) lists, in ``role``, an actor id
    whose output actor has one of those countries. No event, or no such actor, is wrong.
    """
    n = right = 0
    for r in recs:
        codes = {c for p in getattr(r, role) if (c := _country_code(p))}
        if not codes:
            continue
        n += 1
        d = out.get(r.id) or {}
        events = d.get("events", [])
        if not events:
            continue
        prim = max(events, key=lambda e: e.get("confidence") or 0)
        countries = {a.get("id"): a.get("country") for a in d.get("actors", [])}
        right += any(countries.get(i) in codes for i in prim.get(role, []))
    return n, right


def _role_metrics(recs: Sequence[EventRecord], out: Outputs) -> Metrics:
    res: Metrics = {}
    for role in ("source", "target"):
        n, right = _role_country(recs, out, role)
        if n:
            res[f"gold_{role}s"] = n
            res[f"{role}_country_accuracy"] = right / n
    return res


def score_events(recs: Sequence[EventRecord], out: Outputs) -> Scores:
    """score.py's ``score_events`` plus per-type scores, a confusion table and role countries."""
    lenient = strict = disasters = dis_assault = missing = 0
    y_true: list[str] = []
    y_pred: list[str] = []
    confusion: dict[str, Counter[str]] = {}
    for r in recs:
        d = out.get(r.id)
        missing += d is None
        evs = [] if d is None else d.get("events", [])
        types = [e.get("type") for e in evs]
        prim = primary_type(evs)
        if not r.types:
            disasters += 1
            dis_assault += "ASSAULT" in types
            lenient += not evs
            strict += not evs
            confusion.setdefault(NONE, Counter())[prim] += 1
            continue
        lenient += bool(set(types) & set(r.types))
        strict += prim in r.types
        gold = prim if prim in r.types else r.types[0]
        y_true.append(gold)
        y_pred.append(prim)
        confusion.setdefault(gold, Counter())[prim] += 1
    per_type = type_scores(y_true, y_pred)
    n = len(recs)
    res: Metrics = {"n": n, "missing_outputs": missing, "any_type_acceptable": lenient / n,
                    "primary_type_accuracy": strict / n, "macro_f1": macro_f1(per_type)}
    res.update(_actors_found(recs, out))
    res.update(_participants_resolved(recs, out))
    if disasters:
        res["disaster_snippets"] = disasters
        res["disaster_coded_assault"] = dis_assault / disasters
    res.update(_role_metrics(recs, out))
    table = {g: dict(c.most_common()) for g, c in sorted(confusion.items(), key=_type_order)}
    return Scores(res, "macro_f1", per_type, table)


def _type_order(item: tuple[str, Any]) -> int:
    return EVENT_TYPES.index(item[0]) if item[0] in EVENT_TYPES else len(EVENT_TYPES)


# --------------------------------------------------------------------------- geo


def _first_place(places: Sequence[Output], start: int, end: int) -> Output | None:
    """The first output place (in output order) overlapping the span and having coordinates.

    score.py checks ``lat`` only (a place with a null ``lon`` would crash it); both are
    checked here, which changes no number score.py can produce.
    """
    for p in places:
        if p.get("lat") is not None and p.get("lon") is not None and overlap(
                start, end, p.get("start", -1), p.get("end", -1)):
            return p
    return None


def score_geo(recs: Sequence[GeoRecord], out: Outputs) -> Scores:
    """score.py's ``score_geo`` plus ``exact`` (same GeoNames id) over all gold toponyms, and,
    where the gold gives GeoWebNews' ``kind``, recall (``recognised_<Kind>``) and acc@161
    (``acc161_<Kind>``) per kind: how well demonyms, metonyms and embedded names are found,
    beside literal places."""
    gold_n = found = hit161 = exact = with_id = 0
    errs: list[float] = []
    kinds: dict[str, list[int]] = {}
    for r in recs:
        places = (out.get(r.id) or {}).get("places", [])
        for t in r.toponyms:
            gold_n += 1
            with_id += t.geonameid is not None
            tally = kinds.setdefault(t.kind, [0, 0, 0]) if t.kind else [0, 0, 0]
            tally[0] += 1
            p = _first_place(places, t.start, t.end)
            if p is None:
                continue
            found += 1
            tally[1] += 1
            exact += t.geonameid is not None and p.get("geonames_id") == t.geonameid
            e = haversine(t.lat, t.lon, p["lat"], p["lon"])
            errs.append(e)
            hit161 += e <= ACC_KM
            tally[2] += e <= ACC_KM
    errs.sort()
    res: Metrics = {
        "toponyms": gold_n, "recognised": found / max(gold_n, 1),
        "acc161_all": hit161 / max(gold_n, 1), "acc161_recognised": hit161 / max(found, 1),
        "median_km": errs[len(errs) // 2] if errs else None,
        "mean_km": sum(errs) / len(errs) if errs else None,
        "exact": exact / max(gold_n, 1), "toponyms_with_geonameid": with_id,
    }
    for kind, (n, f, h) in sorted(kinds.items()):
        res[f"recognised_{kind}"] = f / n
        res[f"acc161_{kind}"] = h / n
        res[f"n_{kind}"] = n
    return Scores(res, "acc161_all")


# --------------------------------------------------------------------------- dates


def score_dates(recs: Sequence[DateRecord], out: Outputs) -> Scores:
    """score.py's ``score_dates``: calendar DATE timexes (YYYY[-MM[-DD]] values) only."""
    gold_n = found = correct = 0
    for r in recs:
        times = (out.get(r.id) or {}).get("times", [])
        for t in r.timexes:
            if t.type != "DATE" or not DATE_PATTERN.match(t.value or ""):
                continue
            gold_n += 1
            cand = [x for x in times
                    if overlap(t.start, t.end, x.get("start", -1), x.get("end", -1))]
            if not cand:
                continue
            found += 1
            correct += any(x.get("value") == t.value for x in cand)
    res: Metrics = {"date_timexes": gold_n, "recognised": found / max(gold_n, 1),
                    "value_accuracy": correct / max(gold_n, 1),
                    "value_accuracy_recognised": correct / max(found, 1)}
    return Scores(res, "value_accuracy")
