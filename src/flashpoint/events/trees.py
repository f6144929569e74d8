"""Calibrated gradient-boosted trees saved as ``.npz``: the event filter's model.

Whether a candidate is a stated event depends on combinations a linear score cannot weigh:
a trigger's sense with its subject's kind, a quote with a reporting verb, the statistical
coder's confidence with the sentence's place in the article. A scikit-learn
``HistGradientBoostingClassifier`` learns them; its trees are exported here as flat arrays and
read with ``allow_pickle=False`` (no scikit-learn object is unpickled at run time):

- ``names`` (F,) str, sorted: the features the splits test;
- ``feature`` (N,) int32, ``threshold`` (N,) float64: node n sends a row left when
  ``x[feature[n]] <= threshold[n]`` (absent features are 0, as in training);
- ``left``, ``right`` (N,) int32: children as indices into the node arrays; ``leaf`` (N,) int8;
- ``value`` (N,) float64: a leaf's score and, for an inner node, the score it would give as a
  leaf (both already scaled by the learning rate), so that a row's path splits its score into
  per-feature contributions (``contributions``);
- ``roots`` (T,) int32: each tree's first node; ``baseline`` (): the log-odds before any tree;
- ``platt`` (2,): ``a, b`` with p = 1 / (1 + exp(-(a * z + b))); ``meta``: JSON with
  ``format``, ``features`` and the training summary.

All candidates of a document are scored together: every tree walks every row one depth level
per step (numpy), so a document costs a few hundred array operations, not a Python loop per
node.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flashpoint.datafiles import read_npz, write_npz
from flashpoint.errors import DataFileError

#: Decimals kept for leaf values in a written artefact (thresholds are kept exactly: they sit
#: between training values, and rounding one could move a row across it).
DECIMALS = 9
#: The arrays of one ensemble (each prefixed with its part's name in a file of several).
_PART_ARRAYS = ("names", "feature", "threshold", "left", "right", "leaf", "value", "roots",
                "baseline", "platt")


@dataclass(frozen=True)
class ArtefactKind:
    """What an owner expects of its artefact: file, format, feature version, the names of
    the ensembles it holds (``("",)`` for one), and the script that rebuilds it."""

    file_name: str
    what: str
    format: str
    features: int
    parts: tuple[str, ...]
    script: str

    @property
    def fix(self) -> str:
        return f"rebuild it with `make train` ({self.script})"


@dataclass(frozen=True, eq=False)
class TreeEnsemble:
    """The checked arrays of one artefact (compared by identity: its fields are arrays)."""

    index: Mapping[str, int]
    feature: npt.NDArray[np.int32]
    threshold: npt.NDArray[np.float64]
    left: npt.NDArray[np.int32]
    right: npt.NDArray[np.int32]
    leaf: npt.NDArray[np.bool_]
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.int32]
    baseline: float
    platt: tuple[float, float]
    meta: Mapping[str, Any]

    @property
    def names(self) -> list[str]:
        return sorted(self.index, key=self.index.__getitem__)

    def matrix(self, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
        """The rows as a dense matrix over the features the splits test (others dropped)."""
        x = np.zeros((len(rows), max(len(self.index), 1)))
        for r, feats in enumerate(rows):
            for name, v in feats.items():
                j = self.index.get(name)
                if j is not None:
                    x[r, j] = v
        return x

    @cached_property
    def _walk(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64],
                             npt.NDArray[np.int64], npt.NDArray[np.int64], int]:
        """The node arrays with every leaf pointing to itself (threshold +inf), so that a
        fixed number of steps, the deepest tree's depth, takes every row to its leaf."""
        n = np.arange(len(self.value))
        left = np.where(self.leaf, n, self.left).astype(np.int64)
        right = np.where(self.leaf, n, self.right).astype(np.int64)
        threshold = np.where(self.leaf, np.inf, self.threshold)
        depth = np.zeros(len(n), dtype=np.int64)
        for i in n:  # children come after their parent
            if not self.leaf[i]:
                depth[left[i]] = depth[right[i]] = depth[i] + 1
        return (self.feature.astype(np.int64), threshold, left, right,
                int(depth.max()) if len(n) else 0)

    def leaves(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """The leaf each row reaches in each tree, shape (rows, trees)."""
        feature, threshold, left, right, depth = self._walk
        node = np.broadcast_to(self.roots.astype(np.int64), (x.shape[0], len(self.roots))).copy()
        rows = np.arange(x.shape[0])[:, None]
        for _ in range(depth):
            node = np.where(x[rows, feature[node]] <= threshold[node], left[node], right[node])
        return node

    def decisions(self, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
        """The uncalibrated log-odds of each row."""
        if not rows:
            return np.zeros(0)
        node = self.leaves(self.matrix(rows))
        return np.asarray(self.baseline + self.value[node].sum(axis=1), dtype=np.float64)

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
        """The calibrated probability of each row."""
        a, b = self.platt
        z = a * self.decisions(rows) + b
        return np.asarray(0.5 * (1.0 + np.tanh(0.5 * z)), dtype=np.float64)

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """How much each tested feature moved one row's log-odds, summed over the trees (each
        split's change of node value goes to the feature it tested); with the trees' root
        values and the baseline they add up to the row's decision."""
        x = self.matrix([features])[0]
        out: dict[str, float] = {}
        names = self.names
        for root in self.roots:
            n = int(root)
            while not self.leaf[n]:
                j = int(self.feature[n])
                nxt = int(self.left[n] if x[j] <= self.threshold[n] else self.right[n])
                out[names[j]] = out.get(names[j], 0.0) + float(self.value[nxt] - self.value[n])
                n = nxt
        return out


def export_hgb(model: Any, names: Sequence[str]) -> dict[str, Any]:
    """The arrays of a fitted binary ``HistGradientBoostingClassifier`` (``names``: its
    input columns), only the columns its splits test kept. Reads the fitted predictors'
    node tables (``_predictors``, ``_baseline_prediction``), the arrays scikit-learn itself
    predicts from."""
    lr = float(model.learning_rate)
    tables = [preds[0].nodes for preds in model._predictors]
    if any(bool(t["is_categorical"].any()) for t in tables):
        raise ValueError("categorical splits are not exported: give the model numbers")
    used = sorted({str(names[int(f)]) for t in tables for f, is_leaf in
                   zip(t["feature_idx"], t["is_leaf"], strict=True) if not is_leaf})
    column = {n: i for i, n in enumerate(used)}
    feature, threshold, left, right, leaf, value, roots = [], [], [], [], [], [], []
    offset = 0
    for t in tables:
        roots.append(offset)
        for node in t:
            is_leaf = bool(node["is_leaf"])
            leaf.append(is_leaf)
            feature.append(0 if is_leaf else column[str(names[int(node["feature_idx"])])])
            threshold.append(0.0 if is_leaf else float(node["num_threshold"]))
            left.append(0 if is_leaf else offset + int(node["left"]))
            right.append(0 if is_leaf else offset + int(node["right"]))
            # leaves carry the shrunk value already; inner nodes are shrunk here
            value.append(float(node["value"]) * (1.0 if is_leaf else lr))
        offset += len(t)
    return {"names": used, "feature": feature, "threshold": threshold, "left": left,
            "right": right, "leaf": leaf, "value": value, "roots": roots,
            "baseline": float(np.ravel(model._baseline_prediction)[0])}


def write_trees(kind: ArtefactKind, path: Path,
                parts: Mapping[str, tuple[Mapping[str, Any], tuple[float, float]]],
                meta: Mapping[str, Any]) -> None:
    """Write an artefact deterministically (fixed order, rounded values, fixed dates).
    ``parts``: name -> (arrays as ``export_hgb`` gives them, Platt ``a, b``); the arrays of a
    part named ``"x"`` are stored as ``x.feature`` ..., those of the part ``""`` unprefixed."""
    out: dict[str, Any] = {}
    for part, (arrays, platt) in parts.items():
        pre = f"{part}." if part else ""
        out.update({
            pre + "names": np.array(list(arrays["names"]), dtype=str),
            pre + "feature": np.asarray(arrays["feature"], dtype=np.int32),
            pre + "threshold": np.asarray(arrays["threshold"], dtype=np.float64),
            pre + "left": np.asarray(arrays["left"], dtype=np.int32),
            pre + "right": np.asarray(arrays["right"], dtype=np.int32),
            pre + "leaf": np.asarray(arrays["leaf"], dtype=np.int8),
            pre + "value": np.round(np.asarray(arrays["value"], dtype=np.float64), DECIMALS),
            pre + "roots": np.asarray(arrays["roots"], dtype=np.int32),
            pre + "baseline": np.round(np.float64(arrays["baseline"]), DECIMALS),
            pre + "platt": np.round(np.asarray(platt, dtype=np.float64), DECIMALS),
        })
    full = {"format": kind.format, "features": kind.features, "parts": sorted(parts), **meta}
    out["meta"] = np.array(json.dumps(full, sort_keys=True))
    write_npz(path, out)


def ensemble_of(arrays: Mapping[str, Any], platt: Sequence[float],
                meta: Mapping[str, Any]) -> TreeEnsemble:
    """The ensemble of ``arrays`` (as ``export_hgb`` gives them or as read from a file),
    checking that every node points inside them (ValueError otherwise)."""
    names = [str(n) for n in arrays["names"]]
    value = np.asarray(arrays["value"], dtype=np.float64)
    n_nodes = len(value)
    leaf = np.asarray(arrays["leaf"]).astype(bool)
    feature = np.asarray(arrays["feature"], dtype=np.int32)
    left = np.asarray(arrays["left"], dtype=np.int32)
    right = np.asarray(arrays["right"], dtype=np.int32)
    roots = np.asarray(arrays["roots"], dtype=np.int32)
    threshold = np.asarray(arrays["threshold"], dtype=np.float64)
    inner = ~leaf
    at = np.flatnonzero(inner)
    if ({len(feature), len(threshold), len(left), len(right), len(leaf)} != {n_nodes}
            or (roots >= n_nodes).any() or (roots < 0).any()
            or (feature[inner] >= len(names)).any() or (left[inner] >= n_nodes).any()
            or (right[inner] >= n_nodes).any() or (left[inner] <= at).any()
            or (right[inner] <= at).any()):
        raise ValueError("has node arrays that do not fit together")
    return TreeEnsemble({n: i for i, n in enumerate(names)}, feature, threshold, left, right,
                        leaf, value, roots, float(arrays["baseline"]),
                        (float(platt[0]), float(platt[1])), meta)


def read_trees(kind: ArtefactKind, path: Path | str | None = None) -> dict[str, TreeEnsemble]:
    """Read ``path`` (default: the packaged artefact), checking format, version and nodes:
    its ensembles by part name (``""`` for an artefact of one)."""
    arrays, source = read_npz(kind.file_name, path, what=kind.what, fix=kind.fix)

    def bad(problem: str) -> DataFileError:
        return DataFileError(f"the {kind.what} {problem}", source=source, fix=kind.fix)

    if "meta" not in arrays:
        raise bad("has no 'meta' array")
    meta = json.loads(str(arrays["meta"]))
    if meta.get("format") != kind.format or meta.get("features") != kind.features:
        raise bad(f"is {meta.get('format')} with features {meta.get('features')}, "
                  f"not {kind.format} with features {kind.features}")
    if sorted(meta.get("parts", [""])) != sorted(kind.parts):
        raise bad(f"holds the ensembles {meta.get('parts', [''])}, not {list(kind.parts)}")
    out = {}
    for part in kind.parts:
        pre = f"{part}." if part else ""
        missing = [pre + k for k in _PART_ARRAYS if pre + k not in arrays]
        if missing:
            raise bad(f"has no {missing[0]!r} array")
        try:
            out[part] = ensemble_of({k: arrays[pre + k] for k in _PART_ARRAYS},
                                    arrays[pre + "platt"], meta)
        except ValueError as exc:
            raise bad(str(exc)) from exc
    return out
