"""The quotes stage: attribute direct quotes to their speakers and channels.

Not built yet: issue 6 (places and quotes) builds it.
Until then the registered component ``quotes.none.v1``
finds nothing, so documents carry ``"statements": []``: an honest empty result, nothing faked.
"""

from __future__ import annotations

from collections.abc import Callable

from .config import PipelineConfig
from .model import Analysis, Statement
from .registry import STAGES


def find_statements(analysis: Analysis) -> tuple[Statement, ...]:
    """Return no statements: the placeholder until issue 6 (places and quotes)."""
    del analysis
    return ()


@STAGES["quotes"].register("quotes.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Statement, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_statements
