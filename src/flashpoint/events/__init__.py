"""The events stage: PLOVER events with type, mode, CAMEO code, dyad, modality, date and place.

Takes the ``Analysis`` with its actors, times, places and statements; gives ``Event``
records from the registered ``events.*`` stages. Modules: ``stage`` (orchestration),
``propose`` (every candidate, built), ``features`` and ``filter`` (the learned "is an event
stated here" probability), ``select`` (one event per stated action), ``rules`` (the dictionary
coder), ``stat`` (the statistical coder), ``causes`` (natural causes of harm), ``lexicon``
(triggers and discards as data), ``roles`` (source and target from the parse), ``facts``
(fatalities), ``quotes`` (events in quotes), ``modality`` and ``ontology`` (PLOVER types,
CAMEO mapping, quad classes).

Public names: ``load_ontology``, ``QUADS``, ``code_sentence``, ``discarded``,
``scored_proposals``, ``chosen``, ``code_events_with``, ``default_coders``, ``rule_coders``,
``packaged_filter``, ``packaged_ranker``, ``EventFilter``, ``Scored``, ``read_document``,
``ranked_roles``, ``modality_of``, ``roles_of``, ``token_actors``.
"""

from . import stage  # noqa: F401  (registers the events stages)
from .filter import EventFilter, packaged_filter
from .modality import modality_of
from .ontology import QUADS, load_ontology
from .ranker import packaged_ranker
from .roles import roles_of, token_actors
from .rules import code_sentence, discarded
from .stage import (
    Scored,
    chosen,
    code_events_with,
    default_coders,
    ranked_roles,
    read_document,
    rule_coders,
    scored_proposals,
)

__all__ = [
    "QUADS", "EventFilter", "Scored", "chosen", "code_events_with", "code_sentence",
    "default_coders", "discarded", "load_ontology", "modality_of", "packaged_filter",
    "packaged_ranker", "ranked_roles", "read_document", "roles_of", "rule_coders",
    "scored_proposals", "token_actors",
]
