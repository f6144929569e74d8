#!/usr/bin/env python3
"""Train the role ranker and write ``src/flashpoint/data/events_roles.npz``.

usage: train_role_ranker.py [--shared DIR] [--out PATH] [--no-write]

For every candidate event whose type is right (an annotated event of that type is stated in
its sentence) and whose annotated event names a source (or a target), every actor within
reach (``events.candidates.role_candidates``) is an example: positive when the actor answers to
one of the annotated names of that role, by the rule ``score_docs.py`` matches dyads with
(its name, id or a mention text). Training data: our annotated articles (``eval/gold2_train``;
``../shared/gold2`` is for measuring only), and the plv and plover_gsr dev records, whose
source and target texts mark the positive actors (a mention overlapping the text).

Two scikit-learn ``HistGradientBoostingClassifier`` models (source, target) over
``DictVectorizer`` features (those seen at least ``MIN_FEATURE_COUNT`` times), each with Platt
calibration fitted on out-of-fold scores grouped by article, exported to arrays
(``events.trees``). The
figures are cross-validated on the statistical coder's article folds: each article's events
get the event filter's out-of-fold probabilities (as ``train_event_filter.py`` computes them)
and roles chosen by rankers that never saw the article; the articles are then scored by the
``score_docs.py`` rules. The sweep of ``MIN_ROLE`` it prints is how that constant was chosen.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.calibration import CalibratedClassifierCV  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import PredefinedSplit  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_event_filter as filter_training  # noqa: E402

from flashpoint.evaluation.datasets import locate_shared  # noqa: E402
from flashpoint.evaluation.docs import (  # noqa: E402
    DocEvent,
    doc_metrics,
    names_hit,
    score_doc,
    states,
)
from flashpoint.evaluation.runner import score_records  # noqa: E402
from flashpoint.events.candidates import ROLES, RoleCandidate  # noqa: E402
from flashpoint.events.ranker import (  # noqa: E402
    MIN_ROLE,
    RoleRanker,
    choose,
    inherit_roles,
    save_role_ranker,
)
from flashpoint.events.stage import kept_indices  # noqa: E402
from flashpoint.events.trees import ensemble_of, export_hgb  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src" / "flashpoint" / "data" / "events_roles.npz"
#: The trees: the event filter's settings (``train_event_filter.py``). On 128 articles the
#: grouped CV gave held-out AUC 0.768 / 0.727 (source / target) and dyad F1 0.276, where
#: logistic regressions over the same features gave 0.759 / 0.728 and 0.257.
LEARNING_RATE = 0.1
MAX_TREES = 150
MAX_LEAVES = 15
L2 = 1.0
#: A feature seen on fewer candidates is dropped (as for the filter).
MIN_FEATURE_COUNT = 10
MIN_ROLE_GRID = (0.1, 0.2, 0.3, 0.4, 0.5)

Example = tuple[int, int, dict[str, float], int]  # article, event key, features, label


def gold_of(article: Any, i: int) -> DocEvent | None:
    """The annotated event a right-type candidate states (None for a wrong candidate)."""
    s = article.scored[i]
    if not article.labels[i]:
        return None
    matches = [g for g in states(article.gold, s.proposal.event.evidence.text)
               if s.proposal.event.type in g.types]
    return matches[0] if matches else None


def record_match(unit: Any, role: str, actor: dict[str, Any]) -> int | None:
    """For a sentence-dataset record: 1 when one of the actor's mentions overlaps the text the
    record gives for ``role``, 0 when none does; None when the record gives none."""
    text = unit.document["text"]
    spans = []
    for part in (unit.record.source if role == "source" else unit.record.target):
        if part.text:
            at = text.lower().find(part.text.lower())
            if at >= 0:
                spans.append((at, at + len(part.text)))
    if not spans:
        return None
    return int(any(m["start"] < e and s < m["end"] for m in actor.get("mentions", [])
                   for s, e in spans))


def examples(units: Sequence[Any], role: str) -> list[Example]:
    out: list[Example] = []
    for n, a in enumerate(units):
        actors = {x["id"]: x for x in a.document["actors"]}
        for i, cands in enumerate(a.role_candidates):
            if a.gold is None:
                if not a.labels[i]:
                    continue
                for c in cands:
                    if c.actor in actors:
                        y = record_match(a, role, actors[c.actor])
                        if y is not None:
                            out.append((n, i, c.features, y))
                continue
            g = gold_of(a, i)
            names = None if g is None else (g.source if role == "source" else g.target)
            if not names:
                continue
            for c in cands:
                out.append((n, i, c.features, int(names_hit(names, [c.actor], actors))))
    return out


def _model() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(learning_rate=LEARNING_RATE, max_iter=MAX_TREES,
                                          max_leaf_nodes=MAX_LEAVES, l2_regularization=L2,
                                          early_stopping=False, random_state=0)


Part = tuple[dict[str, Any], tuple[float, float]]  # exported trees, Platt a, b


def fit_role(rows: Sequence[Example], folds: np.ndarray) -> Part:
    """One role's trees on ``rows`` (dense, the features seen ``MIN_FEATURE_COUNT`` times),
    Platt fitted on out-of-fold scores, exported."""
    feats = [r[2] for r in rows]
    vec = filter_training.vectorizer(feats, min_count=MIN_FEATURE_COUNT)
    x = vec.transform(feats)
    y = np.array([r[3] for r in rows])
    cal = CalibratedClassifierCV(_model(), method="sigmoid", cv=PredefinedSplit(folds),
                                 ensemble=False)
    cal.fit(x, y)
    clf = cal.calibrated_classifiers_[0]
    sig = clf.calibrators[0]
    # sklearn's calibrator: p = 1 / (1 + exp(a f + b)); ours: p = 1 / (1 + exp(-(a' f + b'))).
    return export_hgb(clf.estimator, list(vec.feature_names_)), (-float(sig.a_),
                                                                 -float(sig.b_))


def ranker_of(parts: dict[str, Part]) -> RoleRanker:
    return RoleRanker({role: ensemble_of(arrays, platt, {})
                       for role, (arrays, platt) in parts.items()}, {})


def article_folds(units: Sequence[Any], rows: Sequence[Example]) -> np.ndarray:
    return np.array([units[r[0]].fold for r in rows])


def cross_validated_rankers(articles: Sequence[Any]) -> list[RoleRanker]:
    """For each fold, a ranker trained on the other folds' articles."""
    data = {role: examples(articles, role) for role in ROLES}
    out = []
    for k in range(filter_training.N_FOLDS):
        parts = {}
        for role in ROLES:
            rows = [r for r in data[role] if articles[r[0]].fold != k]
            parts[role] = fit_role(rows, article_folds(articles, rows))
        out.append(ranker_of(parts))
    return out


def held_out_auc(articles: Sequence[Any], rankers: Sequence[RoleRanker]) -> dict[str, float]:
    out = {}
    for role in ROLES:
        rows = [r for r in examples(articles, role) if articles[r[0]].gold is not None]
        p = np.zeros(len(rows))
        for k, ranker in enumerate(rankers):  # each fold's rows scored in one call
            at = [i for i, r in enumerate(rows) if articles[r[0]].fold == k]
            if at:
                p[at] = ranker.probabilities(role, [rows[i][2] for i in at])
        out[role] = round(float(roc_auc_score([r[3] for r in rows], p)), 4)
    return out


def dyad_scores(articles: Sequence[Any], probs: Sequence[Sequence[float]],
                rankers: Sequence[RoleRanker] | None, min_role: float) -> dict[str, Any]:
    """score_docs.py's summary with out-of-fold filter probabilities and (unless None)
    out-of-fold role choices."""
    scores = []
    for a, p in zip(articles, probs, strict=True):
        if a.gold is None:
            continue
        kept = kept_indices(a.scored, p)
        scores.append(score_doc(a.gold, {**a.document, "events": oof_events(
            a, p, kept, rankers, min_role)}, relaxed=True))
    return doc_metrics(scores)


def oof_events(unit: Any, probs: Sequence[float], kept: Sequence[int],
               rankers: Sequence[RoleRanker] | None, min_role: float) -> list[dict[str, Any]]:
    """The kept events of a unit with roles chosen as the stage chooses them (the unit's
    out-of-fold ranker, then back references inheriting roles), in the contract's form."""
    pairs = []
    for i in kept:
        ev = replace(unit.scored[i].proposal.event, confidence=probs[i])
        if rankers is not None:
            source, target = choose(ev, unit.role_candidates[i], rankers[unit.fold], min_role)
            ev = replace(ev, source=source, target=target)
        pairs.append((ev, unit.scored[i].proposal.token))
    pairs.sort(key=lambda et: et[1].i)
    events = inherit_roles(pairs) if rankers is not None else [e for e, _ in pairs]
    return [{"type": e.type, "modality": e.modality, "confidence": e.confidence,
             "source": list(e.source), "target": list(e.target),
             "evidence": {"text": e.evidence.text}} for e in events]


def record_role_scores(records: Sequence[Any], probs: Sequence[Sequence[float]],
                       rankers: Sequence[RoleRanker], min_role: float) -> dict[str, Any]:
    """plover_gsr's source and target country accuracy (score.py's), out of fold."""
    pairs = [(u, p) for u, p in zip(records, probs, strict=True)
             if u.dataset == "events/plover_gsr"]
    outputs = {}
    for u, p in pairs:
        kept = kept_indices(u.scored, p)
        if not u.role_candidates or len(u.role_candidates) != len(u.scored):
            continue
        outputs[u.document["id"]] = {**u.document,
                                     "events": oof_events(u, p, kept, rankers, min_role)}
    m = score_records("events", [u.record for u, _ in pairs], outputs).metrics
    return {k: round(float(m[k]), 4) for k in ("source_country_accuracy",
                                               "target_country_accuracy") if k in m}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    shared = locate_shared(args.shared)
    articles, records = filter_training.training_units(shared)
    units = articles + records
    _, per_unit = filter_training.cross_validate(units)
    per_article = per_unit[:len(articles)]
    rankers = cross_validated_rankers(units)
    print(f"held-out AUC {held_out_auc(articles, rankers)}", file=sys.stderr)
    rules = dyad_scores(articles, per_article, None, MIN_ROLE)
    print(f"rules only: {rules}", file=sys.stderr)
    chosen = {}
    for m in MIN_ROLE_GRID:
        res = dyad_scores(articles, per_article, rankers, m)
        print(f"MIN_ROLE {m}: dyad P {res['dyad_p']:.3f} R {res['dyad_r']:.3f} "
              f"F1 {res['dyad_f1']:.3f}", file=sys.stderr)
        if m == MIN_ROLE:
            chosen = res
    print(f"cross-validated at MIN_ROLE={MIN_ROLE}: {chosen}", file=sys.stderr)
    gsr = record_role_scores(records, per_unit[len(articles):], rankers, MIN_ROLE)
    print(f"plover_gsr (cross-validated): {gsr}", file=sys.stderr)
    parts = {}
    for role in ROLES:
        rows = examples(units, role)
        parts[role] = fit_role(rows, article_folds(units, rows))
        print(f"{role}: {len(rows)} candidates, {sum(r[3] for r in rows)} positive",
              file=sys.stderr)
    meta = {"trained_on": "eval/gold2_train + plv, plover_gsr source/target texts",
            "articles": len(articles), "records": len(records),
            "model": {"learning_rate": LEARNING_RATE, "trees": MAX_TREES,
                      "leaves": MAX_LEAVES, "l2": L2, "min_feature_count": MIN_FEATURE_COUNT},
            "cv": {"min_role": MIN_ROLE, "rules_only_dyad_f1": rules["dyad_f1"],
                   **{k: chosen[k] for k in ("dyad_p", "dyad_r", "dyad_f1", "type_p",
                                             "type_r")},
                   "held_out_auc": held_out_auc(articles, rankers), "plover_gsr": gsr}}
    if not args.no_write:
        save_role_ranker(args.out, parts, meta)
        sizes = {role: len(arrays["names"]) for role, (arrays, _) in parts.items()}
        print(f"wrote {args.out} (features per role: {sizes})", file=sys.stderr)
    return 0


_ = RoleCandidate  # re-exported type of Article.role_candidates, for readers of this script

if __name__ == "__main__":
    raise SystemExit(main())
