"""Whole-article event precision and recall on exhaustively annotated articles (gold v2).

Scores exactly as ``shared/tools/score_docs.py`` does (``shared/gold2/README.md``): a system
event is right at **type level** when one of a gold event's evidence phrases lies inside its
evidence text and its type is one of the gold types; right at **dyad level** when, besides,
its source matches a gold source name (when gold has one) and its target a gold target name
(when gold has one). Recall is over required gold events, precision over every system event;
factuality compares asserted/reported against the rest; traps are false positives whose
evidence holds a ``not_events`` phrase. The normalisation, the order of matching and the
rounding are score_docs.py's, so ``flashpoint eval docs`` prints its numbers to the last digit
(``tests/evaluation/test_eval_docs.py`` runs both).

Two sources of articles share the format: ``shared/gold2`` (``NAME.txt`` beside each file, for
measuring only) and our own annotations in ``eval/gold2_train`` (the text rebuilt from the
GPL-3.0 record the file names, checked by its sha256; for training and cross-validation).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import EvalError

#: A system document in the contract's JSON form.
Output = Mapping[str, Any]

GOLD2_SUFFIX = ".gold.json"
#: score_docs.py's character folds, applied after NFKC.
_FOLDS = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
          ("\u2014", "-"))
_DETERMINER = re.compile(r"^(the|an?)\s+")
#: Modalities that state the event happened (factuality compares these with the rest).
FACTUAL = frozenset(("asserted", "reported"))
#: Digits of the summary figures, as score_docs.py rounds them.
DIGITS = 3


def norm(text: str | None) -> str:
    """score_docs.py's ``norm``: NFKC, straight quotes and dashes, collapsed space, lower."""
    s = unicodedata.normalize("NFKC", text or "")
    for a, b in _FOLDS:
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip().lower()


def strip_det(name: str) -> str:
    """A leading "the", "a" or "an" dropped (after ``norm``)."""
    return _DETERMINER.sub("", name)


@dataclass(frozen=True)
class DocEvent:
    """One gold event: accepted types, evidence phrases, accepted names, modality."""

    id: str
    types: tuple[str, ...]
    evidence: tuple[str, ...]
    source: tuple[str, ...] | None
    target: tuple[str, ...] | None
    modality: str = "asserted"
    optional: bool = False
    core: bool = False
    place: str | None = None


@dataclass(frozen=True)
class DocGold:
    """One exhaustively annotated article: its exact text, date, events and traps."""

    name: str
    text: str
    published: str | None
    events: tuple[DocEvent, ...]
    not_events: tuple[str, ...] = ()


def _names(value: Any) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(str(v) for v in value)


def _event(raw: Mapping[str, Any]) -> DocEvent:
    return DocEvent(str(raw["id"]), tuple(raw["types"]), tuple(raw.get("evidence") or ()),
                    _names(raw.get("source")), _names(raw.get("target")),
                    str(raw.get("modality") or "asserted"), bool(raw.get("optional")),
                    bool(raw.get("core")), raw.get("place"))


def doc_gold(raw: Mapping[str, Any], name: str, text: str) -> DocGold:
    """A gold v2 file's content (``raw``) with its article ``text``."""
    try:
        events = tuple(_event(e) for e in raw.get("events") or ())
    except (KeyError, TypeError) as exc:
        raise EvalError(f"{name}: an event lacks {exc}", fix="see shared/gold2/FORMAT.md") from exc
    traps = tuple(str(t.get("evidence", "")) for t in raw.get("not_events") or ())
    return DocGold(name, text, raw.get("published"), events, traps)


def load_doc_gold(folder: Path, limit: int | None = None) -> list[DocGold]:
    """The exhaustive gold files of ``folder`` (``shared/gold2``: ``NAME.txt`` beside each),
    in name order; files without ``events_exhaustive`` are skipped, as score_docs.py does."""
    paths = sorted(folder.glob(f"*{GOLD2_SUFFIX}")) if folder.is_dir() else []
    if not paths:
        raise EvalError(f"no *{GOLD2_SUFFIX} files in {folder}",
                        fix="check the shared folder (shared/gold2)")
    out: list[DocGold] = []
    for path in paths:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not raw.get("events_exhaustive"):
            continue
        name = path.name[: -len(GOLD2_SUFFIX)]
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        out.append(doc_gold(raw, name, text))
        if limit and len(out) >= limit:
            break
    return out


#: Full-article datasets of ``../shared/data`` our own annotations may name, with their
#: folder: the geo sets (local and world news) and TempEval-3 (AP, Xinhua, NYT, CNN and VOA
#: wire stories, mostly international politics).
ARTICLE_SETS = {"gwn": "geo", "lgl": "geo", "trnews": "geo", "tempeval3": "dates"}


def record_path(shared: Path, dataset: str) -> Path:
    """The dev file of an article dataset (see ``ARTICLE_SETS``)."""
    folder = ARTICLE_SETS.get(dataset)
    if folder is None:
        raise EvalError(f"no article dataset {dataset!r}",
                        fix=f"name one of {sorted(ARTICLE_SETS)} in source_record")
    return shared / "data" / folder / f"{dataset}.dev.jsonl"


def record_text(shared: Path, dataset: str, rec_id: str) -> str:
    """The exact text of an article record as a system is given it: title, blank line,
    body (the body alone when the record has no title)."""
    path = record_path(shared, dataset)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] == rec_id:
                title = rec.get("title")
                return (f"{title}\n\n" if title else "") + str(rec["text"])
    raise EvalError(f"no record {rec_id} in {path}", fix="check the annotation's source_record")


def load_own_gold(folder: Path, shared: Path) -> list[DocGold]:
    """Our own annotations (``eval/gold2_train``): each names its geo record, whose text is
    rebuilt from ``shared`` and checked against the file's ``text_sha256``."""
    out = []
    for path in sorted(folder.glob(f"*{GOLD2_SUFFIX}")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        src = raw.get("source_record") or {}
        text = record_text(shared, str(src.get("dataset")), str(src.get("id")))
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != raw.get("text_sha256"):
            raise EvalError(f"{path.name}: the record's text is not the annotated one",
                            source=str(path), fix="re-annotate against the current record")
        out.append(doc_gold(raw, path.name[: -len(GOLD2_SUFFIX)], text))
    return out


def states(gold: DocGold, sentence: str) -> list[DocEvent]:
    """The gold events a system sentence states, for *training* labels: an evidence phrase
    lies inside it, or the phrase without its final full stop does (annotators take a
    headline's evidence from the body copy of a title the body repeats, full stop included,
    so the headline itself states the event but holds no phrase the scorer accepts)."""
    s = norm(sentence)
    out = []
    for g in gold.events:
        for phrase in g.evidence:
            p = norm(phrase)
            if p and (p in s or (p.endswith(".") and len(p) > 10 and s.endswith(p[:-1]))):
                out.append(g)
                break
    return out


# --------------------------------------------------------------------------- scoring


def actor_names(actor: Mapping[str, Any]) -> set[str]:
    """Every normalised name an output actor answers to: name, id and mention texts."""
    names = {norm(actor.get("name", "")), norm(actor.get("id", ""))}
    names |= {norm(m.get("text", "")) for m in actor.get("mentions", [])}
    return {strip_det(n) for n in names if n}


def names_hit(gold_names: Iterable[str], ids: Iterable[str],
              actors: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether any actor of ``ids`` answers to one of ``gold_names``."""
    want = {strip_det(norm(x)) for x in gold_names}
    return any(want & actor_names(actors.get(i, {"id": i})) for i in ids)


@dataclass(frozen=True)
class FalsePositive:
    """A system event that matches no gold event: type, dyad names, modality, evidence."""

    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    modality: str | None
    evidence: str
    gold_here: tuple[str, ...]
    trap: bool


@dataclass(frozen=True)
class DocScore:
    """One article's counts (score_docs.py's keys), false positives and misses."""

    name: str
    counts: Mapping[str, int]
    false_positives: tuple[FalsePositive, ...] = ()
    missed: tuple[tuple[str, bool], ...] = ()
    matched: tuple[tuple[int, str], ...] = field(default=())

    def prf(self, level: str) -> tuple[float, float, float]:
        """Precision, recall and F1 at ``type`` or ``dyad`` level for this article."""
        c = self.counts
        return prf(c[f"tp_{level}"], c["sys_n"], c[f"found_{level}"], c["req_n"])


def _actor_label(actors: Mapping[str, Mapping[str, Any]], ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(str(actors.get(x, {}).get("name", x)) for x in ids)


def _headline_phrases(phrases: Sequence[str]) -> list[str]:
    """Each phrase, and a phrase ending in a full stop also without it (see ``states``)."""
    out = []
    for p in phrases:
        out.append(p)
        if p.endswith(".") and len(p) > 11:
            out.append(p[:-1])
    return out


def score_doc(gold: DocGold, out: Output, *, relaxed: bool = False) -> DocScore:
    """score_docs.py's ``score_doc`` for one article. ``relaxed`` (our own cross-validation
    only, never a reported gold2 figure) also accepts an evidence phrase without its final
    full stop, for headlines the body repeats (see ``states``)."""
    actors = {a["id"]: a for a in out.get("actors", [])}
    gev = gold.events
    gphr = [[norm(p) for p in (_headline_phrases(g.evidence) if relaxed else g.evidence)]
            for g in gev]
    traps = [norm(t) for t in gold.not_events]
    c = {"sys_n": 0, "tp_type": 0, "tp_dyad": 0, "req_n": 0, "found_type": 0, "found_dyad": 0,
             "fact_n": 0, "fact_ok": 0, "traps": 0}
    found_t: set[int] = set()
    found_d: set[int] = set()
    fps: list[FalsePositive] = []
    matched: list[tuple[int, str]] = []
    for n, e in enumerate(out.get("events", [])):
        ev = norm((e.get("evidence") or {}).get("text", ""))
        c["sys_n"] += 1
        here = [i for i, ph in enumerate(gphr) if any(p and p in ev for p in ph)]
        typed = [i for i in here if e.get("type") in gev[i].types]
        dyad = [i for i in typed if _dyad_ok(gev[i], e, actors)]
        if typed:
            c["tp_type"] += 1
            found_t.update(typed)
            g = gev[typed[0]]
            c["fact_n"] += 1
            c["fact_ok"] += (e.get("modality") in FACTUAL) == (g.modality in FACTUAL)
            matched.append((n, g.id))
        else:
            trap = any(t in ev for t in traps)
            c["traps"] += trap
            fps.append(FalsePositive(
                str(e.get("type")), _actor_label(actors, e.get("source", [])),
                _actor_label(actors, e.get("target", [])), e.get("modality"), ev,
                tuple(gev[i].id for i in here), trap))
        if dyad:
            c["tp_dyad"] += 1
            found_d.update(dyad)
    missed = []
    for i, g in enumerate(gev):
        if g.optional:
            continue
        c["req_n"] += 1
        c["found_type"] += i in found_t
        c["found_dyad"] += i in found_d
        if i not in found_d:
            missed.append((g.id, i in found_t))
    return DocScore(gold.name, c, tuple(fps), tuple(missed), tuple(matched))


def _dyad_ok(g: DocEvent, e: Mapping[str, Any], actors: Mapping[str, Mapping[str, Any]]) -> bool:
    ok_s = not g.source or names_hit(g.source, e.get("source", []), actors)
    ok_t = not g.target or names_hit(g.target, e.get("target", []), actors)
    return ok_s and ok_t


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts (0 when a denominator is 0)."""
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def doc_metrics(scores: Sequence[DocScore]) -> dict[str, float | int]:
    """score_docs.py's summary (its ``--json`` keys, rounded as it rounds them)."""
    tot: dict[str, int] = {}
    for s in scores:
        for k, v in s.counts.items():
            tot[k] = tot.get(k, 0) + v
    pt, rt, ft = prf(tot.get("tp_type", 0), tot.get("sys_n", 0), tot.get("found_type", 0),
                     tot.get("req_n", 0))
    pd, rd, fd = prf(tot.get("tp_dyad", 0), tot.get("sys_n", 0), tot.get("found_dyad", 0),
                     tot.get("req_n", 0))
    fact = tot.get("fact_ok", 0) / max(tot.get("fact_n", 0), 1)
    return {"articles": len(scores), "system_events": tot.get("sys_n", 0),
            "required_gold": tot.get("req_n", 0),
            "type_p": round(pt, DIGITS), "type_r": round(rt, DIGITS), "type_f1": round(ft, DIGITS),
            "dyad_p": round(pd, DIGITS), "dyad_r": round(rd, DIGITS), "dyad_f1": round(fd, DIGITS),
            "factuality_acc": round(fact, DIGITS), "trap_fps": tot.get("traps", 0)}


def input_rows(golds: Sequence[DocGold]) -> list[dict[str, Any]]:
    """The JSONL records score_docs.py gives ``flashpoint extract``: id, text, published."""
    rows = []
    for g in golds:
        row: dict[str, Any] = {"id": g.name, "text": g.text}
        if g.published:
            row["published"] = g.published
        rows.append(row)
    return rows
