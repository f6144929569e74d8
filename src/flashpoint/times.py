"""The time stage: tag temporal expressions and normalise them against the publication date.

Not built yet: issue 5 (events and dates) builds it.
Until then the registered component ``times.none.v1``
finds nothing, so documents carry ``"times": []``: an honest empty result, nothing faked.
"""

from __future__ import annotations

from collections.abc import Callable

from .config import PipelineConfig
from .model import Analysis, TimeExpr
from .registry import STAGES


def find_times(analysis: Analysis) -> tuple[TimeExpr, ...]:
    """Return no times: the placeholder until issue 5 (events and dates)."""
    del analysis
    return ()


@STAGES["times"].register("times.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[TimeExpr, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_times
