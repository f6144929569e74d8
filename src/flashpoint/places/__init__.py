"""The places stage: place mentions geoparsed and geocoded offline, and each event's place.

Takes the parsed ``Analysis``; gives ``Place`` records (gazetteer entry, point, country,
feature) from the registered ``geo.gazetteer.v1`` stage, and ``place_for_span`` for the
events stage. Modules: ``stage``, ``geoparse`` (finding mentions), ``cues`` (contextual
cues), ``geocode`` (choosing the entry), ``gazetteer`` (the packaged index) and
``gazetteer_build`` (rebuilding it, ``make gazetteer``).

Public names: ``place_for_span``.
"""

from . import stage  # noqa: F401  (registers the geo stage)
from .stage import place_for_span

__all__ = ["place_for_span"]
