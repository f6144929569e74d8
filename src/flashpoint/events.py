"""The events stage: code PLOVER events with source, target, modality and evidence.

Not built yet: issue 5 (events and dates) builds it.
Until then the registered component ``events.none.v1``
finds nothing, so documents carry ``"events": []``: an honest empty result, nothing faked.
"""

from __future__ import annotations

from collections.abc import Callable

from .config import PipelineConfig
from .model import Analysis, Event
from .registry import STAGES


def code_events(analysis: Analysis) -> tuple[Event, ...]:
    """Return no events: the placeholder until issue 5 (events and dates)."""
    del analysis
    return ()


@STAGES["events"].register("events.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Event, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return code_events
