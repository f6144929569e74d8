"""The geo stage: geoparse place mentions and geocode them offline.

Not built yet: issue 6 (places and quotes) builds it.
Until then the registered component ``geo.none.v1``
finds nothing, so documents carry ``"places": []``: an honest empty result, nothing faked.
"""

from __future__ import annotations

from collections.abc import Callable

from .config import PipelineConfig
from .model import Analysis, Place
from .registry import STAGES


def find_places(analysis: Analysis) -> tuple[Place, ...]:
    """Return no places: the placeholder until issue 6 (places and quotes)."""
    del analysis
    return ()


@STAGES["geo"].register("geo.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Place, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_places
