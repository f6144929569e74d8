"""The event filter: is a real political event stated here? A calibrated probability.

A logistic regression (scikit-learn, trained by ``scripts/train_event_filter.py``, ``make
train``) over the candidate features of ``features``, with Platt calibration fitted on
held-out folds (grouped by article), so that a candidate's probability reads as "how often a
candidate like this is an annotated event". The artefact is small and loaded without pickle:

``data/events_filter.npz`` (read with ``allow_pickle=False``):

- ``names`` (F,) str, sorted: the feature names the model knows;
- ``coef`` (F,) float64 and ``intercept`` () float64: the regression;
- ``platt`` (2,) float64: ``a, b`` of the calibration, p = 1 / (1 + exp(a * z + b));
- ``meta`` () str: JSON with ``format`` (:data:`ARTEFACT_FORMAT`), ``features``
  (:data:`FEATURE_VERSION`) and the training summary (cross-validated figures).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from flashpoint.datafiles import read_npz, write_npz
from flashpoint.errors import DataFileError

ARTEFACT = "events_filter.npz"
ARTEFACT_FORMAT = "flashpoint.events_filter/1"
#: Bumped whenever ``features.proposal_features`` changes meaning: an artefact trained on
#: other features is refused.
FEATURE_VERSION = 2


@dataclass(frozen=True, eq=False)
class EventFilter:
    """A trained filter: feature weights, intercept and calibration."""

    index: Mapping[str, int]
    coef: npt.NDArray[np.float64]
    intercept: float
    platt: tuple[float, float]
    meta: Mapping[str, Any]

    def decision(self, features: Mapping[str, float]) -> float:
        """The uncalibrated score (unknown features are ignored)."""
        z = self.intercept
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None:
                z += float(self.coef[i]) * value
        return z

    def probability(self, features: Mapping[str, float]) -> float:
        """The calibrated probability that the candidate is a real event."""
        a, b = self.platt
        x = a * self.decision(features) + b
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        e = math.exp(x)
        return e / (1.0 + e)

    def explain(self, features: Mapping[str, float], top: int = 6) -> list[tuple[str, float]]:
        """The features that moved the score most, with their contributions."""
        parts = [(n, float(self.coef[self.index[n]]) * v) for n, v in features.items()
                 if n in self.index]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:top]


def _bad(source: str, problem: str) -> DataFileError:
    return DataFileError(f"the event filter artefact {problem}", source=source,
                         fix="rebuild it with `make train` (scripts/train_event_filter.py)")


def load_event_filter(path: Path | str | None = None) -> EventFilter:
    """Read a filter artefact (default: the packaged one), checking format and versions."""
    arrays, source = read_npz(ARTEFACT, path, what="event filter artefact",
                              fix="rebuild it with `make train` (scripts/train_event_filter.py)")
    for key in ("names", "coef", "intercept", "platt", "meta"):
        if key not in arrays:
            raise _bad(source, f"has no {key!r} array")
    meta = json.loads(str(arrays["meta"]))
    if meta.get("format") != ARTEFACT_FORMAT or meta.get("features") != FEATURE_VERSION:
        raise _bad(source, f"is {meta.get('format')} with features {meta.get('features')}, "
                           f"not {ARTEFACT_FORMAT} with features {FEATURE_VERSION}")
    names = [str(n) for n in arrays["names"]]
    coef = np.asarray(arrays["coef"], dtype=np.float64)
    if coef.shape != (len(names),):
        raise _bad(source, "has coefficients that do not match its feature names")
    platt = tuple(float(x) for x in arrays["platt"])
    return EventFilter({n: i for i, n in enumerate(names)}, coef,
                       float(arrays["intercept"]), (platt[0], platt[1]), meta)


def save_event_filter(path: Path, names: list[str], coef: npt.NDArray[np.float64],
                      intercept: float, platt: tuple[float, float], meta: Mapping[str, Any],
                      ) -> None:
    """Write an artefact deterministically (sorted names, rounded numbers, fixed dates)."""
    order = sorted(range(len(names)), key=lambda i: names[i])
    full = {"format": ARTEFACT_FORMAT, "features": FEATURE_VERSION, **meta}
    write_npz(path, {
        "names": np.array([names[i] for i in order]),
        "coef": np.array([round(float(coef[i]), 6) for i in order], dtype=np.float64),
        "intercept": np.array(round(intercept, 6), dtype=np.float64),
        "platt": np.array([round(platt[0], 6), round(platt[1], 6)], dtype=np.float64),
        "meta": np.array(json.dumps(full, sort_keys=True)),
    })


@lru_cache(maxsize=1)
def packaged_filter() -> EventFilter | None:
    """The packaged filter, or None when none has been trained yet (rules decide then)."""
    if not resources.files("flashpoint").joinpath("data", ARTEFACT).is_file():
        return None
    return load_event_filter()
