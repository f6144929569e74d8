"""Calibrated linear scorers saved as ``.npz``: the event filter and the role ranker.

Both are scikit-learn logistic regressions over named features with Platt calibration, and
both ship the same arrays (read with ``allow_pickle=False``):

- ``names`` (F,) str, sorted: the feature names the model knows;
- ``coef`` (..., F) float64 and ``intercept``: the regression (one row per scorer);
- ``platt``: ``a, b`` of each scorer's calibration;
- ``meta`` () str: JSON with ``format``, ``features`` (the feature version) and the training
  summary.

One reader checks format, version and shapes; one writer sorts names and rounds numbers so
that a retrain writes the same bytes. The owners say what their arrays mean.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flashpoint.datafiles import read_npz, write_npz
from flashpoint.errors import DataFileError

#: Decimals kept in a written artefact (small files, byte-identical retrains).
DECIMALS = 6
_ARRAYS = ("names", "coef", "intercept", "platt", "meta")


@dataclass(frozen=True, eq=False)
class LinearArtefact:
    """The checked arrays of one artefact, features indexed by name (compared by identity:
    its fields are arrays)."""

    index: Mapping[str, int]
    coef: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    platt: npt.NDArray[np.float64]
    meta: Mapping[str, Any]


@dataclass(frozen=True)
class ArtefactKind:
    """What an owner expects of its artefact: file, format, feature version, the leading shape
    of ``coef`` (``()`` for one scorer, ``(2,)`` for two), and the script that rebuilds it."""

    file_name: str
    what: str
    format: str
    features: int
    rows: tuple[int, ...]
    script: str

    @property
    def fix(self) -> str:
        return f"rebuild it with `make train` ({self.script})"


def read_linear(kind: ArtefactKind, path: Path | str | None = None) -> LinearArtefact:
    """Read ``path`` (default: the packaged artefact), checking format, version and shapes."""
    arrays, source = read_npz(kind.file_name, path, what=kind.what, fix=kind.fix)

    def bad(problem: str) -> DataFileError:
        return DataFileError(f"the {kind.what} {problem}", source=source, fix=kind.fix)

    for key in _ARRAYS:
        if key not in arrays:
            raise bad(f"has no {key!r} array")
    meta = json.loads(str(arrays["meta"]))
    if meta.get("format") != kind.format or meta.get("features") != kind.features:
        raise bad(f"is {meta.get('format')} with features {meta.get('features')}, "
                  f"not {kind.format} with features {kind.features}")
    names = [str(n) for n in arrays["names"]]
    coef = np.asarray(arrays["coef"], dtype=np.float64)
    if coef.shape != (*kind.rows, len(names)):
        raise bad("has coefficients that do not match its feature names")
    return LinearArtefact({n: i for i, n in enumerate(names)}, coef,
                          np.asarray(arrays["intercept"], dtype=np.float64),
                          np.asarray(arrays["platt"], dtype=np.float64), meta)


def write_linear(kind: ArtefactKind, path: Path, names: list[str], coef: npt.ArrayLike,
                 intercept: npt.ArrayLike, platt: npt.ArrayLike, meta: Mapping[str, Any],
                 ) -> None:
    """Write an artefact deterministically (sorted names, rounded numbers, fixed dates)."""
    order = sorted(range(len(names)), key=lambda i: names[i])
    weights = np.asarray(coef, dtype=np.float64)[..., order]
    full = {"format": kind.format, "features": kind.features, **meta}
    write_npz(path, {
        "names": np.array([names[i] for i in order]),
        "coef": np.round(weights, DECIMALS),
        "intercept": np.round(np.asarray(intercept, dtype=np.float64), DECIMALS),
        "platt": np.round(np.asarray(platt, dtype=np.float64), DECIMALS),
        "meta": np.array(json.dumps(full, sort_keys=True)),
    })


def linear_score(index: Mapping[str, int], coef: npt.NDArray[np.float64], intercept: float,
                 features: Mapping[str, float]) -> float:
    """``intercept + coef . features`` over named features (one row of ``coef``); features the
    model never saw are ignored, as a new article brings words no training article had."""
    z = intercept
    for name, value in features.items():
        i = index.get(name)
        if i is not None:
            z += float(coef[i]) * value
    return z


def logistic(x: float) -> float:
    """1 / (1 + exp(-x)), without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
