"""The geo stage: geoparse place mentions and geocode them offline.

``geo.gazetteer.v1`` (the default) finds place mentions in the parse (``geoparse``: spaCy's
place entities plus gazetteer names the model misses, metonymic agents such as "Washington
said" left to the actors stage), chooses the gazetteer entry each one means from the
document's context (``geocode``), and returns one ``Place`` per mention in text order with
ids ``p1``, ``p2``, ... A mention the gazetteer cannot resolve (a place entity in another
script, a county GeoNames gives no point for) keeps ``lat``/``lon`` null: an honest "here,
but we do not know where", never a guess; a street or a building takes the point of the town
the text puts it in (``sites``). ``geo.none.v1`` is the empty placeholder.

``place_for_span`` is the events stage's helper: the place where an event happened, when its
clause says so ("in X", "near X", "at X").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from flashpoint.config import PipelineConfig
from flashpoint.model import Analysis, Place
from flashpoint.registry import STAGES

from .gazetteer import Gazetteer, load_gazetteer
from .geocode import Choice, geocode
from .geoparse import find_mentions
from .sites import add_sites, renumbered

#: Place mentions geocoded per document. A text naming more places than this is a list or a
#: table, not an article; the rest are returned with null coordinates rather than dropped.
MAX_MENTIONS = 5000
#: Words right before a place that say an event happened there ("in", "near", "at"), and how
#: many words (determiners, adjectives, "the town of") may stand between them and the name.
#: Not "on" ("sanctions on Iran" names a target, not a place) nor "from"/"to" (movement).
EVENT_LOCATIVES = frozenset(("in", "near", "at", "outside", "inside", "around", "across",
                             "throughout", "into", "within", "off", "along"))
LOCATIVE_REACH = 6
#: Specificity of a feature, to choose "in Rafah, Gaza" -> Rafah (most specific first).
SPECIFICITY: dict[str, int] = {
    "site": 0, "base": 0, "camp": 0, "crossing": 0, "airport": 0, "oilfield": 0, "city": 1,
    "admin2": 2, "admin1": 3, "region": 4, "sea": 4, "country": 5, "continent": 6,
}
_WORDS = re.compile(r"[\w'’-]+|[^\w\s]")
_BETWEEN = frozenset(("the", "a", "an", "city", "town", "village", "of", "province", "region",
                      "northern", "southern", "eastern", "western", "central", "north", "south",
                      "east", "west", "border", "capital", "nearby", "besieged", "port",
                      "district", "area", "outskirts", "suburb", "suburbs", "camp", "its",
                      "their", "disputed", "occupied", "restive", "coastal", "rebel-held"))


def _place(i: int, choice: Choice) -> Place:
    m, e = choice.mention, choice.entry
    if e is None:
        return Place(f"p{i}", m.text, m.start, m.end, m.text, None, None, None, use=m.use)
    return Place(f"p{i}", m.text, m.start, m.end, e.name, e.lat, e.lon, e.country, e.feature,
                 e.geonames_id, m.use)


def find_places_with(analysis: Analysis, gaz: Gazetteer) -> tuple[Place, ...]:
    """The places of ``analysis`` resolved with gazetteer ``gaz``."""
    mentions = find_mentions(analysis.parsed, analysis.text, gaz, analysis.actors)
    head, rest = mentions[:MAX_MENTIONS], mentions[MAX_MENTIONS:]
    choices = geocode(head, gaz, analysis.actors) + [Choice(m, None) for m in rest]
    kept = [c for c in choices if c.entry is not None or not c.mention.tentative]
    places = [_place(i, c) for i, c in enumerate(kept, 1)]
    return renumbered(add_sites(analysis.parsed, analysis.text, places))


def find_places(analysis: Analysis) -> tuple[Place, ...]:
    """The places of ``analysis`` with the packaged gazetteer."""
    return find_places_with(analysis, load_gazetteer())


def place_for_span(places: Sequence[Place], start: int, end: int, sentence_start: int,
                   sentence_end: int, *, text: str | None = None) -> str | None:
    """The id of the place where an event happened, or None when its clause does not say.

    ``start``/``end`` are the character span of the event's clause (e.g. the trigger's
    subtree), ``sentence_start``/``sentence_end`` its sentence's; ``text`` is the document text
    (``analysis.text``). A place counts when it lies inside the clause, has coordinates, and
    the words right before it are a locative ("in", "near", "at", "outside", ...) possibly
    followed by determiners and descriptors ("in the northern city of X", "near the border
    town of X"). Of several, the most specific wins ("in Rafah, in southern Gaza" -> Rafah),
    then the first. Without ``text`` the locative cannot be read, and the first located place
    inside the clause is returned (the old behaviour). Pure: no parse, no state.
    """
    lo, hi = max(start, sentence_start), min(end, sentence_end)
    inside = [p for p in places if lo <= p.start < hi and p.lat is not None
              and p.lon is not None and p.use == "literal"]
    if text is None:
        return inside[0].id if inside else None
    located = [p for p in inside if after_locative(text, sentence_start, p.start)]
    if not located:
        return None
    best = min(located, key=lambda p: (SPECIFICITY.get(p.feature or "", 1), p.start))
    return best.id


def after_locative(text: str, sentence_start: int, start: int) -> bool:
    """Whether a locative word ("in", "near", "at", ...) stands before the place starting at
    ``start``, with at most :data:`LOCATIVE_REACH` words of :data:`_BETWEEN` or names
    between ("in the northern city of X", "in Rafah, X")."""
    words = _WORDS.findall(text[max(sentence_start, start - 80):start])
    for w in reversed(words[-LOCATIVE_REACH:]):
        lw = w.lower()
        if lw in EVENT_LOCATIVES:
            return True
        if lw not in _BETWEEN and not (w[:1].isupper() and lw not in EVENT_LOCATIVES):
            return False
    return False


@STAGES["geo"].register("geo.gazetteer.v1")
def make_gazetteer(config: PipelineConfig) -> Callable[[Analysis], tuple[Place, ...]]:
    """Factory: loads the gazetteer now, so a missing or broken index fails at start-up."""
    del config
    gaz = load_gazetteer()
    return lambda analysis: find_places_with(analysis, gaz)


def find_no_places(analysis: Analysis) -> tuple[Place, ...]:
    """Return no places: the placeholder, kept for comparison runs."""
    del analysis
    return ()


@STAGES["geo"].register("geo.none.v1")
def make_none(config: PipelineConfig) -> Callable[[Analysis], tuple[Place, ...]]:
    """Factory for the placeholder stage (it needs no configuration)."""
    del config
    return find_no_places
