"""The times stage: time expressions found and normalised against the publication date.

Takes the parsed ``Analysis``; gives ``TimeExpr`` records (TIMEX3 type and value) from the
registered ``times.rules.v1`` stage. Modules: ``stage``, ``patterns`` (finding expressions),
``grammar`` (reading them), ``lexicon`` (words as data, ``data/timex.yaml``), ``anchor``
(resolving relative expressions against the anchor date).

Public names: the registered stage, and ``calendar_words`` (the lexicon's single words of
dates, for stages that must tell a date word from a name); other layers read ``TimeExpr``
records.
"""

from functools import lru_cache

from . import stage  # noqa: F401  (registers the times stage)
from .lexicon import default_lexicon

__all__ = ["calendar_words"]


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Every single word of the time lexicon's months, weekdays, seasons, holidays and parts
    of the day (``data/timex.yaml``), lower case: "may", "sept", "monday", "christmas"."""
    lex = default_lexicon()
    phrases = [*lex.months, *lex.weekdays, *lex.seasons, *lex.holidays, *lex.day_parts]
    return frozenset(w for p in phrases for w in p.split())
