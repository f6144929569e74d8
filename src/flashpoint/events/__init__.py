"""The events stage: PLOVER events with type, mode, CAMEO code, dyad, modality, date and place.

Takes the ``Analysis`` with its actors, times, places and statements; gives ``Event``
records from the registered ``events.*`` stages. Modules: ``stage`` (candidates, combining
coders, one event per stated action), ``rules`` (the dictionary coder), ``stat`` (the
statistical coder), ``lexicon`` (triggers and discards as data), ``roles`` (source and
target from the parse), ``facts`` (fatalities), ``quotes`` (events in quotes),
``modality`` and ``ontology`` (PLOVER types, CAMEO mapping, quad classes).

Public names: ``load_ontology``, ``QUADS``, ``code_sentence``, ``discarded``, ``combine``,
``default_coders``, ``rule_coders``, ``modality_of``, ``roles_of``, ``token_actors``.
"""

from . import stage  # noqa: F401  (registers the events stages)
from .modality import modality_of
from .ontology import QUADS, load_ontology
from .roles import roles_of, token_actors
from .rules import code_sentence, discarded
from .stage import combine, default_coders, rule_coders

__all__ = [
    "QUADS", "code_sentence", "combine", "default_coders", "discarded", "load_ontology",
    "modality_of", "roles_of", "rule_coders", "token_actors",
]
