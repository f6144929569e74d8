"""The places stage: place mentions geoparsed and geocoded offline, and each event's place.

Takes the parsed ``Analysis``; gives ``Place`` records (gazetteer entry, point, country,
feature) from the registered ``geo.gazetteer.v1`` stage, and ``place_for_span`` for the
events stage. Modules: ``stage``, ``geoparse`` (finding mentions), ``cues`` (contextual
cues), ``geocode`` (choosing the entry), ``gazetteer`` (the packaged index) and
``gazetteer_build`` (rebuilding it, ``make gazetteer``).

Public names: ``place_for_span``, ``load_gazetteer``, ``lookup_name`` (every gazetteer
reading of a name, as the geoparser looks it up), ``km`` (great-circle distance), and for the
events stage's own place attachment ``EVENT_LOCATIVES`` (prepositions that say where an act
happened), ``SPECIFICITY`` (feature rank, most specific first), and ``dateline_place`` and
``story_setting`` (module ``setting``: where a story is set). Module ``sites`` puts streets
and buildings the gazetteer cannot know in the town they are in.
"""

from . import stage  # noqa: F401  (registers the geo stage)
from .gazetteer import Candidate, Gazetteer, load_gazetteer
from .geocode import km
from .mention import lookup
from .setting import dateline_place, story_setting
from .stage import EVENT_LOCATIVES, SPECIFICITY, after_locative, place_for_span


def lookup_name(gaz: Gazetteer, name: str) -> tuple[Candidate, ...]:
    """The gazetteer's candidates for a place name written as text ("eastern Ghouta",
    "Helmand province"), found as the geoparser finds them."""
    return lookup(gaz, name)[2]


__all__ = ["EVENT_LOCATIVES", "SPECIFICITY", "after_locative", "dateline_place", "km",
           "load_gazetteer",
           "lookup_name", "place_for_span", "story_setting"]
