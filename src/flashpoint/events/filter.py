"""The event filter: is a real political event stated here? A calibrated probability.

Gradient-boosted trees (scikit-learn's ``HistGradientBoostingClassifier``, trained by
``scripts/train_event_filter.py``, ``make train``) over the candidate features of
``features``, with Platt calibration fitted on held-out folds (grouped by article), so that a
candidate's probability reads as "how often a candidate like this is an annotated event".
Trees, not a linear score, because the evidence combines: a trigger's sense counts with its
subject's kind, the statistical coder's confidence with the sentence's place, a reporting verb
with a quote (on our annotated articles, cross-validated, the trees keep the linear model's
precision at 2 points more recall; ``scripts/train_event_filter.py``).

``data/events_filter.npz`` holds the trees in the layout of ``events.trees``, loaded without
pickle; its ``meta`` holds the cross-validated figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .trees import ArtefactKind, TreeEnsemble, read_trees, write_trees

ARTEFACT = "events_filter.npz"
ARTEFACT_FORMAT = "flashpoint.events_filter/2"
#: Bumped whenever ``features.proposal_features`` changes meaning: an artefact trained on
#: other features is refused.
FEATURE_VERSION = 3
KIND = ArtefactKind(ARTEFACT, "event filter artefact", ARTEFACT_FORMAT, FEATURE_VERSION, ("",),
                    "scripts/train_event_filter.py")


@dataclass(frozen=True, eq=False)
class EventFilter:
    """A trained filter: the trees and their calibration."""

    trees: TreeEnsemble

    @property
    def meta(self) -> Mapping[str, Any]:
        return self.trees.meta

    def probabilities(self, rows: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
        """The calibrated probability of each candidate (all of a document's at once)."""
        return self.trees.probabilities(rows)

    def probability(self, features: Mapping[str, float]) -> float:
        """The calibrated probability that one candidate is a real event."""
        return float(self.trees.probabilities([features])[0])

    def explain(self, features: Mapping[str, float], top: int = 6) -> list[tuple[str, float]]:
        """The features that moved the candidate's log-odds most, with their contributions
        (each split's change of node value, summed over the trees)."""
        parts = self.trees.contributions(features)
        return sorted(parts.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]


def load_event_filter(path: Path | str | None = None) -> EventFilter:
    """Read a filter artefact (default: the packaged one), checking format and versions."""
    return EventFilter(read_trees(KIND, path)[""])


def save_event_filter(path: Path, arrays: Mapping[str, Any], platt: tuple[float, float],
                      meta: Mapping[str, Any]) -> None:
    """Write an artefact deterministically (``events.trees.write_trees``; ``arrays`` as
    ``events.trees.export_hgb`` gives them)."""
    write_trees(KIND, path, {"": (arrays, platt)}, meta)


@lru_cache(maxsize=1)
def packaged_filter() -> EventFilter | None:
    """The packaged filter, or None when none has been trained yet (rules decide then)."""
    if not resources.files("flashpoint").joinpath("data", ARTEFACT).is_file():
        return None
    return load_event_filter()
