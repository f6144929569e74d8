"""The times stage: time expressions found and normalised against the publication date.

Takes the parsed ``Analysis``; gives ``TimeExpr`` records (TIMEX3 type and value) from the
registered ``times.rules.v1`` stage. Modules: ``stage``, ``patterns`` (finding expressions),
``grammar`` (reading them), ``lexicon`` (words as data, ``data/timex.yaml``), ``anchor``
(resolving relative expressions against the anchor date).

Public names: none beyond the registered stage; other layers read ``TimeExpr`` records.
"""

from . import stage  # noqa: F401  (registers the times stage)

__all__: list[str] = []
