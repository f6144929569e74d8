"""The event filter, the selection of one event per stated action, and the role ranker:
their arithmetic, their artefacts, and the rules selection keeps."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from flashpoint.errors import DataFileError
from flashpoint.events.candidates import RoleCandidate
from flashpoint.events.filter import (
    EventFilter,
    load_event_filter,
    packaged_filter,
    save_event_filter,
)
from flashpoint.events.ranker import (
    RoleRanker,
    choose,
    load_role_ranker,
    packaged_ranker,
    save_role_ranker,
)
from flashpoint.events.select import select
from flashpoint.model import Event, Span


def _arrays() -> dict[str, object]:
    """Two stumps: "a" > 0.5 adds 2 (else -1); "b" > 0.5 adds -0.5 (else 0.5)."""
    return {"names": ["a", "b"], "feature": [0, 0, 0, 1, 0, 0],
            "threshold": [0.5, 0.0, 0.0, 0.5, 0.0, 0.0], "left": [1, 0, 0, 4, 0, 0],
            "right": [2, 0, 0, 5, 0, 0], "leaf": [False, True, True, False, True, True],
            "value": [0.2, -1.0, 2.0, 0.0, 0.5, -0.5], "roots": [0, 3], "baseline": 0.1}


def _filter(tmp_path: Path, platt: tuple[float, float] = (1.0, 0.0)) -> EventFilter:
    path = tmp_path / "f.npz"
    save_event_filter(path, _arrays(), platt, {"note": "test"})
    return load_event_filter(path)


def test_filter_probability_is_the_calibrated_sigmoid_of_the_trees_sum(tmp_path: Path) -> None:
    f = _filter(tmp_path, platt=(0.8, -0.1))
    cases = {(): 0.1 - 1.0 + 0.5, ("a",): 0.1 + 2.0 + 0.5, ("b",): 0.1 - 1.0 - 0.5,
             ("a", "b"): 0.1 + 2.0 - 0.5, ("unknown",): 0.1 - 1.0 + 0.5}
    for names, z in cases.items():
        feats = dict.fromkeys(names, 1.0)
        assert f.probability(feats) == pytest.approx(1 / (1 + np.exp(-(0.8 * z - 0.1))))
    batch = f.probabilities([dict.fromkeys(names, 1.0) for names in cases])
    assert batch == pytest.approx([f.probability(dict.fromkeys(names, 1.0)) for names in cases])
    assert len(f.probabilities([])) == 0


def test_filter_probability_is_stable_for_huge_scores(tmp_path: Path) -> None:
    assert _filter(tmp_path, platt=(1000.0, 0.0)).probability({"a": 1.0}) == pytest.approx(1.0)
    assert _filter(tmp_path, platt=(-1000.0, 0.0)).probability({"a": 1.0}) == pytest.approx(0.0)


def test_filter_explains_a_candidate_by_what_each_split_added(tmp_path: Path) -> None:
    f = _filter(tmp_path)
    parts = dict(f.explain({"a": 1.0}))
    assert parts == pytest.approx({"a": 2.0 - 0.2, "b": 0.5 - 0.0})
    roots = 0.2 + 0.0
    assert f.trees.baseline + roots + sum(parts.values()) == pytest.approx(
        float(f.trees.decisions([{"a": 1.0}])[0]))


def test_exported_trees_score_as_scikit_learn_does(tmp_path: Path) -> None:
    from sklearn.ensemble import HistGradientBoostingClassifier

    from flashpoint.events.trees import export_hgb

    rng = np.random.default_rng(0)
    x = np.column_stack([rng.integers(0, 2, 400), rng.integers(0, 2, 400), rng.random(400)])
    y = ((x[:, 0] + x[:, 2] > 1.0) ^ (rng.random(400) < 0.1)).astype(int)
    model = HistGradientBoostingClassifier(max_iter=20, max_leaf_nodes=5, random_state=0,
                                           early_stopping=False).fit(x, y)
    path = tmp_path / "hgb.npz"
    save_event_filter(path, export_hgb(model, ["p", "q", "r"]), (1.0, 0.0), {})
    trees = load_event_filter(path).trees
    rows = [{"p": float(a), "q": float(b), "r": float(c)} for a, b, c in x[:50]]
    assert trees.decisions(rows) == pytest.approx(model.decision_function(x[:50]), abs=1e-6)


def test_filter_artefact_round_trips_byte_for_byte(tmp_path: Path) -> None:
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    for path in (a, b):
        save_event_filter(path, _arrays(), (0.9, 0.05), {"note": "test"})
    assert a.read_bytes() == b.read_bytes()


def test_filter_artefact_of_another_format_is_refused_with_a_fix(tmp_path: Path) -> None:
    path = tmp_path / "bad.npz"
    np.savez(path, names=np.array(["a"]), coef=np.array([1.0]), intercept=np.array(0.0),
             platt=np.array([1.0, 0.0]), meta=np.array('{"format": "other/1"}'))
    with pytest.raises(DataFileError, match="make train"):
        load_event_filter(path)


def test_filter_artefact_whose_nodes_point_outside_is_refused(tmp_path: Path) -> None:
    arrays = {**_arrays(), "right": [9, 0, 0, 5, 0, 0]}
    path = tmp_path / "bad.npz"
    save_event_filter(path, arrays, (1.0, 0.0), {})
    with pytest.raises(DataFileError, match="do not fit together"):
        load_event_filter(path)


def test_packaged_filter_and_ranker_load() -> None:
    f = packaged_filter()
    r = packaged_ranker()
    assert f is not None and r is not None
    assert f.meta["cv"]["type_p"] > 0
    assert r.meta["cv"]["dyad_f1"] > 0


def test_select_keeps_one_type_per_trigger_and_raises_the_bar_per_sentence() -> None:
    probs = [0.9, 0.8, 0.6, 0.52, 0.3]
    sentence = [0, 0, 0, 0, 1]
    token = [5, 5, 7, 9, 2]
    kept = select(probs, probs, sentence, token, keep=0.5, step=0.05)
    # 0.8 is the same trigger as 0.9; 0.6 passes 0.5 + 0.05; 0.52 fails 0.5 + 0.1; 0.3 < 0.5.
    assert kept == [0, 2]


def test_select_holds_a_type_to_its_own_threshold() -> None:
    # ASSAULT answers to the disaster rule: 0.6 is enough for an accusation, not for an attack
    probs = [0.6, 0.6, 0.7]
    types = ["ACCUSE", "ASSAULT", "ASSAULT"]
    kept = select(probs, probs, [0, 1, 2], [1, 1, 1], keep=0.55, types=types,
                  keep_by_type={"ASSAULT": 0.65})
    assert kept == [0, 2]
    # a type's own threshold only ever raises the bar
    assert select(probs, probs, [0, 1, 2], [1, 1, 1], keep=0.75, types=types,
                  keep_by_type={"ASSAULT": 0.65}) == []
    # without types every candidate answers to ``keep``
    assert select(probs, probs, [0, 1, 2], [1, 1, 1], keep=0.55) == [0, 1, 2]


def _event(source: tuple[str, ...] = (), target: tuple[str, ...] = ()) -> Event:
    return Event(id="e0", type="ASSAULT", source=source, target=target, modality="asserted",
                 date=None, place=None, evidence=Span("x", 0, 1))


def _stumps(weights: dict[str, float]) -> dict[str, object]:
    """One stump per feature adding its weight when the feature is on: a linear score over
    binary features, written as trees."""
    names = sorted(weights)
    arrays: dict[str, list[object]] = {k: [] for k in ("feature", "threshold", "left", "right",
                                                      "leaf", "value", "roots")}
    for j, n in enumerate(names):
        at = 3 * j
        arrays["roots"].append(at)
        for feature, threshold, left, right, leaf, value in (
                (j, 0.5, at + 1, at + 2, False, 0.0), (0, 0.0, 0, 0, True, 0.0),
                (0, 0.0, 0, 0, True, weights[n])):
            for key, v in zip(("feature", "threshold", "left", "right", "leaf", "value"),
                              (feature, threshold, left, right, leaf, value), strict=True):
                arrays[key].append(v)
    return {"names": names, **arrays, "baseline": 0.0}


def _ranker(source: dict[str, float], target: dict[str, float]) -> RoleRanker:
    from flashpoint.events.trees import ensemble_of

    return RoleRanker({"source": ensemble_of(_stumps(source), (1.0, 0.0), {}),
                       "target": ensemble_of(_stumps(target), (1.0, 0.0), {})}, {})


def test_ranker_never_gives_both_roles_to_one_actor() -> None:
    ranker = _ranker({"subj": 3.0}, {"subj": 2.0, "obj": 1.0})
    cands = [RoleCandidate("A", 1, {"subj": 1.0}), RoleCandidate("B", 2, {"obj": 1.0})]
    assert choose(_event(), cands, ranker, 0.5) == (("A",), ("B",))


def test_ranker_keeps_the_rules_conjuncts_of_the_actor_it_chooses() -> None:
    ranker = _ranker({"subj": 3.0}, {"obj": 3.0})
    cands = [RoleCandidate("JOR", 1, {"subj": 1.0}), RoleCandidate("GBR", 3, {}),
             RoleCandidate("SYR", 6, {"obj": 1.0})]
    event = _event(source=("JOR", "GBR"), target=("SYR",))
    assert choose(event, cands, ranker, 0.6) == (("JOR", "GBR"), ("SYR",))


def test_ranker_leaves_a_role_empty_below_the_threshold() -> None:
    ranker = _ranker({"subj": -3.0}, {"obj": 3.0})
    cands = [RoleCandidate("A", 1, {"subj": 1.0}), RoleCandidate("B", 2, {"obj": 1.0})]
    assert choose(_event(), cands, ranker, 0.5) == ((), ("B",))


def test_ranker_artefact_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "r.npz"
    save_role_ranker(path, {"source": (_stumps({"a": 2.0, "b": 1.0}), (1.0, 0.0)),
                            "target": (_stumps({"b": 3.0}), (1.0, 0.0))}, {})
    r = load_role_ranker(path)
    assert r.probability("source", {"a": 1.0}) == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert r.probability("target", {"b": 1.0}) == pytest.approx(1 / (1 + np.exp(-3.0)))
    assert list(r.probabilities("source", [{"a": 1.0}, {"b": 1.0}])) == pytest.approx(
        [1 / (1 + np.exp(-2.0)), 1 / (1 + np.exp(-1.0))])


def test_ranker_artefact_without_both_roles_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.npz"
    save_role_ranker(path, {"source": (_stumps({"a": 2.0}), (1.0, 0.0))}, {})
    with pytest.raises(DataFileError, match="make train"):
        load_role_ranker(path)
