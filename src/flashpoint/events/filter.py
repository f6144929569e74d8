"""The event filter: is a real political event stated here? A calibrated probability.

A logistic regression (scikit-learn, trained by ``scripts/train_event_filter.py``, ``make
train``) over the candidate features of ``features``, with Platt calibration fitted on
held-out folds (grouped by article), so that a candidate's probability reads as "how often a
candidate like this is an annotated event". The artefact is small and loaded without pickle:

``data/events_filter.npz``, in the layout of ``events.linear``: ``coef`` (F,),
``intercept`` (), ``platt`` (2,) = ``a, b`` with p = 1 / (1 + exp(-(a * z + b))); ``meta``
holds the cross-validated figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .linear import ArtefactKind, linear_score, logistic, read_linear, write_linear

ARTEFACT = "events_filter.npz"
ARTEFACT_FORMAT = "flashpoint.events_filter/1"
#: Bumped whenever ``features.proposal_features`` changes meaning: an artefact trained on
#: other features is refused.
FEATURE_VERSION = 2
KIND = ArtefactKind(ARTEFACT, "event filter artefact", ARTEFACT_FORMAT, FEATURE_VERSION, (),
                    "scripts/train_event_filter.py")


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
        return linear_score(self.index, self.coef, self.intercept, features)

    def probability(self, features: Mapping[str, float]) -> float:
        """The calibrated probability that the candidate is a real event."""
        a, b = self.platt
        return logistic(a * self.decision(features) + b)

    def explain(self, features: Mapping[str, float], top: int = 6) -> list[tuple[str, float]]:
        """The features that moved the score most, with their contributions."""
        parts = [(n, float(self.coef[self.index[n]]) * v) for n, v in features.items()
                 if n in self.index]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:top]


def load_event_filter(path: Path | str | None = None) -> EventFilter:
    """Read a filter artefact (default: the packaged one), checking format and versions."""
    art = read_linear(KIND, path)
    return EventFilter(art.index, art.coef, float(art.intercept),
                       (float(art.platt[0]), float(art.platt[1])), art.meta)


def save_event_filter(path: Path, names: list[str], coef: npt.NDArray[np.float64],
                      intercept: float, platt: tuple[float, float], meta: Mapping[str, Any],
                      ) -> None:
    """Write an artefact deterministically (``events.linear.write_linear``)."""
    write_linear(KIND, path, names, coef, intercept, platt, meta)


@lru_cache(maxsize=1)
def packaged_filter() -> EventFilter | None:
    """The packaged filter, or None when none has been trained yet (rules decide then)."""
    if not resources.files("flashpoint").joinpath("data", ARTEFACT).is_file():
        return None
    return load_event_filter()
