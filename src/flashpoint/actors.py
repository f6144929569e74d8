"""The actors stage: recognise political actors and resolve each mention to one canonical actor.

Not built yet: issue 4 (actors) builds it.
Until then the registered component ``actors.none.v1``
finds nothing, so documents carry ``"actors": []``: an honest empty result, nothing faked.
"""

from __future__ import annotations

from collections.abc import Callable

from .config import PipelineConfig
from .model import Actor, Analysis
from .registry import STAGES


def find_actors(analysis: Analysis) -> tuple[Actor, ...]:
    """Return no actors: the placeholder until issue 4 (actors)."""
    del analysis
    return ()


@STAGES["actors"].register("actors.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Actor, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_actors
