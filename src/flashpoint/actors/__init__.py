"""The actors stage: every political actor mentioned, resolved to one canonical actor.

Takes the parsed ``Analysis``; gives ``Actor`` records (canonical id, name, type, ISO-3
country, role, mentions) from the registered ``actors.rules.v1`` stage. Modules: ``stage``
(recognition and resolution in context), ``mentions`` (finding mentions), ``layout``
(datelines and title-case headlines, which name no actor), ``lexicon``
(generic agents and titles), ``kb`` (the knowledge base of ~21,600 actors), ``names``
(name normalisation, shared with the gazetteer), ``reference`` (pronouns and definite
descriptions resolved to the actor they mean, for the events stage).

Public names: ``load_kb``, ``date_bounds``, ``default_lexicon``, ``normalise``,
``resolve_references``, ``Reference``.
"""

from . import stage  # noqa: F401  (registers the actors stage)
from .kb import date_bounds, load_kb
from .lexicon import default_lexicon
from .names import normalise
from .reference import Reference, resolve_references

__all__ = ["Reference", "date_bounds", "default_lexicon", "load_kb", "normalise",
           "resolve_references"]
