"""Streets, buildings and venues: places the gazetteer cannot know, put in the town they are in.

Local news places its acts on streets and in buildings ("arrested on 14th St.", "a shooting
on Collins Avenue in Miami Beach", "the wedding at St George's Chapel"); no offline gazetteer
lists them, yet a reader knows where they are: in the town the sentence names next to them,
else the town of the dateline, else the town the story is set in. A site becomes a place with
that town's point (``feature`` "street" or "building", no GeoNames id); with no town in reach
it is left out rather than guessed. A street named after a town ("Hampton Avenue", "Atlantic
Avenue") is the street, not the town: the town mention inside it goes. A capitalised name
right after "at" that is no known place, person or date is a venue ("a cooking class at Whole
Foods", "a hearing at Cloverhill District Court"), put in its town the same way; so are
numbered British roads ("on the A120") and named junctions ("the Air Balloon roundabout").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Any

from flashpoint.model import Place

from .setting import dateline_place, story_setting

#: Last words of a street's name (lower case, full stop dropped).
STREET_WORDS = frozenset(("street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd",
                          "drive", "lane", "highway", "parkway", "pkwy", "terrace"))
#: Last words of a building's or ground's name. Not schools and universities: their names are
#: mostly organisations acting ("Harvard University said").
BUILDING_WORDS = frozenset(("stadium", "arena", "center", "centre", "hospital", "chapel",
                            "cathedral", "church", "mosque", "synagogue", "temple", "courthouse",
                            "prison", "jail", "hotel", "theatre", "theater", "museum", "tower",
                            "mall", "market", "park", "square", "plaza", "station"))
#: Words a site's name may hold besides capitalised ones ("Church of St Mary").
_LINKS = frozenset(("of", "de", "la", "del"))
#: Longest site name, in tokens, before its last word.
MAX_SITE_TOKENS = 5
#: Tokens between a site and the town that locates it ("on Collins Avenue in Miami Beach").
TOWN_REACH = 3
#: Last words of a venue's name that make it an institution people belong to ("a professor
#: at Cornell University"): it is where the story's town is only when a town follows it.
INSTITUTIONS = frozenset(("university", "college", "institute", "school", "academy",
                          "foundation", "institution"))
#: Features of a place that can locate a site.
TOWN_FEATURES = frozenset(("city", "admin2"))


#: Where a site's last word may be, found in the text before any token is read (most
#: documents name no street or building: they cost one regular-expression scan).
_SITE_WORD = re.compile(r"\b(?:" + "|".join(sorted(STREET_WORDS | BUILDING_WORDS)) + r")\b\.?",
                        re.IGNORECASE)


def _kind(tok: Any) -> str | None:
    word = tok.lower_.rstrip(".")
    if not tok.text[:1].isupper():
        return None
    return "street" if word in STREET_WORDS else "building" if word in BUILDING_WORDS else None


def _name_start(doc: Any, end: int) -> int:
    """First token of the capitalised name whose last word is token ``end``."""
    start = end
    sent_start = doc[end].sent.start
    while start > sent_start and end - start < MAX_SITE_TOKENS:
        prev = doc[start - 1]
        if "\n" in prev.text or not (prev.text[:1].isupper() or prev.like_num
                                     or prev.lower_ in _LINKS):
            break
        start -= 1
    while start < end and doc[start].lower_ in _LINKS:
        start += 1
    return start


def _town_after(doc: Any, end: int, places: Sequence[Place]) -> Place | None:
    """A located town named right after the site: "Collins Avenue in Miami Beach",
    "1935 Orchard St., Alexandria"."""
    if end >= len(doc):
        return None
    lo = doc[end].idx
    # a date between the site and its town does not count ("at Whole Foods on Wednesday,
    # Nov. 2, 2016, in Fresno"); the sentence ends the search
    hi_tok, seen, last = end, 0, doc[end].sent.end
    while hi_tok < min(len(doc), last) and seen < TOWN_REACH:
        if doc[hi_tok].ent_type_ not in ("DATE", "TIME") and not doc[hi_tok].is_punct:
            seen += 1
        hi_tok += 1
    if hi_tok == end:
        return None
    hi = doc[hi_tok - 1].idx + len(doc[hi_tok - 1])
    between = {t.lower_ for t in doc[end:hi_tok]}
    if not between & {"in", ",", "of", "near"}:
        return None
    return next((p for p in places if lo <= p.start < hi and p.lat is not None
                 and p.feature in TOWN_FEATURES and p.use == "literal"), None)


def add_sites(doc: Any, text: str, places: Sequence[Place]) -> list[Place]:
    """``places`` with the streets and buildings of ``doc`` added (ids to be renumbered by the
    caller), and the towns read inside street names removed."""
    if doc is None or not len(doc):
        return list(places)
    home = dateline_place(places, text) or story_setting(places)
    if home is not None and home.feature not in TOWN_FEATURES:
        home = None
    out = list(places)
    taken: list[tuple[int, int]] = []
    hits = [doc.char_span(m.start(), m.end(), alignment_mode="expand")
            for m in _SITE_WORD.finditer(text) if m.group(0)[:1].isupper()]
    for tok in dict.fromkeys(span[0] for span in hits if span is not None and len(span)):
        kind = _kind(tok)
        if kind is None:
            continue
        start = _name_start(doc, tok.i)
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if start == tok.i or (nxt is not None and nxt.text[:1].isupper()
                              and "\n" not in tok.whitespace_):
            continue  # a bare "Street" names nothing; "Florida Highway Patrol" is a body
        cs, ce = doc[start].idx, tok.idx + len(tok.text.rstrip("."))
        if _overlaps(cs, ce, taken):
            continue
        inner = [p for p in out if cs <= p.start and p.end <= ce]
        if any(p.start < ce and cs < p.end and p not in inner for p in out):
            continue  # a place read across the name's edge ("Mr. Tower 22": the base) stands
        if any(p.start == cs and p.end == ce and p.lat is not None for p in inner):
            continue  # the gazetteer knows it ("Tahrir Square")
        if kind == "building" and any(p.lat is not None for p in inner):
            continue  # "Hartford Hospital": the town it names already says where it is
        town = _town_after(doc, tok.i + 1, out) or home
        if town is None:
            continue
        # a street named after a town is the street ("Hampton Avenue"); an unlocated name
        # the parser saw ("Barclays Center" with no point) becomes the located site
        out = [p for p in out if p not in inner or (kind == "building" and p.lat is not None)]
        out.append(_site(text, cs, ce, town, kind))
        taken.append((cs, ce))
    venues, replaced = _venues(doc, text, out, taken, home)
    out = [p for p in out if p not in replaced] + venues + _roads(doc, text, out, taken, home)
    return sorted(out, key=lambda p: (p.start, -p.end))


#: A junction named by the capitalised name before it ("the Air Balloon roundabout").
_JUNCTION = re.compile(r"\b(?:roundabout|interchange|flyover)\b")
#: A British road number after "the" ("the A417", "the M4", "the A1(M)").
_ROAD = re.compile(r"\b[Tt]he\s+((?:[AB][1-9]\d{0,3}|M[1-9]\d?)(?:\(M\))?)\b")
#: Words before "the <number>" or right after it that make it a road: "a crash on the A120",
#: "the A417 southbound carriageway", "the A417 heading south" (not "the M16 rifle", "the
#: A380 jet").
_ROAD_BEFORE = frozenset(("on", "along", "off", "onto", "via", "near", "from", "to", "up",
                          "down", "across", "closed", "close", "shut", "reopened", "reopen"))
_ROAD_AFTER = frozenset(("heading", "southbound", "northbound", "eastbound", "westbound",
                         "carriageway", "junction", "between", "at", "near", "towards",
                         "toward", "from", "closure", "roundabout", "slip", "corridor",
                         "motorway", "road", "bypass", "link"))


def _roads(doc: Any, text: str, places: Sequence[Place], taken: Sequence[tuple[int, int]],
           home: Place | None) -> list[Place]:
    """Named junctions ("the Air Balloon roundabout") and numbered British roads ("a crash on
    the A120 at Coggeshall"): streets, put in the town named right after them, else the
    story's town. GeoWebNews counts both as places."""
    out: list[Place] = []
    for m in _JUNCTION.finditer(text):
        span = doc.char_span(m.start(), m.end())
        if span is None or span.start == 0:
            continue
        start = _name_start(doc, span.start - 1)
        if start == span.start or not doc[span.start - 1].text[:1].isupper():
            continue
        cs, ce = doc[start].idx, doc[span.start - 1].idx + len(doc[span.start - 1].text)
        if _overlaps(cs, ce, taken) or any(
                p.start < ce and cs < p.end for p in places):
            continue
        town = _town_after(doc, span.end, places) or home
        if town is not None:
            out.append(_site(text, cs, ce, town, "street"))
    for m in _ROAD.finditer(text):
        cs, ce = m.start(1), m.end(1)
        span = doc.char_span(cs, ce, alignment_mode="expand")
        if span is None or _overlaps(cs, ce, taken) or any(
                p.start < ce and cs < p.end for p in places):
            continue
        first, last = span[0], span[-1]
        before = doc[first.i - 2].lower_ if first.i >= 2 else ""
        after = doc[last.i + 1].lower_ if last.i + 1 < len(doc) else ""
        if before not in _ROAD_BEFORE and after not in _ROAD_AFTER:
            continue
        town = _town_after(doc, last.i + 1, places) or home
        if town is None:
            continue
        out.append(_site(text, cs, ce, town, "street"))
    return out


#: "at" before a capitalised word, found in the text before any token is read.
_AT = re.compile(r"\b[Aa]t(?=\s+(?:the\s+)?[A-Z])")
#: Entity labels a name after "at" may carry and still be a venue ("at Whole Foods", "at
#: Cloverhill District Court", "at Sullivan Goss"): not a person, a date or a number.
_VENUE_LABELS = frozenset(("", "ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART"))


def _venues(doc: Any, text: str, places: Sequence[Place], taken: Sequence[tuple[int, int]],
            home: Place | None) -> tuple[list[Place], list[Place]]:
    """Venues: a capitalised name the gazetteer does not know right after "at" ("a cooking
    class at Whole Foods", "a gala at Sullivan Goss in November", "a hearing at Cloverhill
    District Court"), put in the town named right after it, else the story's town, as a
    building. GeoWebNews counts such names as places (its Coercion kind); a reader locates
    them in the town the story is about. Not a name that holds or overlaps a located place
    or another site, nor a person's or a date. Returns the venues and the unlocated places
    they replace."""
    out: list[Place] = []
    unplaced: list[Place] = []
    ats = [doc.char_span(m.start(), m.end()) for m in _AT.finditer(text)]
    for tok in (span[0] for span in ats if span is not None and len(span) == 1):
        if tok.i + 1 >= len(doc):
            continue
        start = tok.i + 1
        while start < len(doc) and doc[start].lower_ == "the":
            start += 1
        end = start
        sent_end = doc[start].sent.end if start < len(doc) else start
        while end < sent_end and end - start < MAX_SITE_TOKENS and (
                doc[end].text[:1].isupper() or (end > start and _link(doc[end]))):
            end += 1
        while end > start and _link(doc[end - 1]):
            end -= 1
        if end == start or any(doc[k].ent_type_ not in _VENUE_LABELS for k in range(start, end)):
            continue
        cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if _overlaps(cs, ce, taken) or any(
                p.start < ce and cs < p.end and p.lat is not None for p in places):
            continue
        town = _town_after(doc, end, places)
        if town is None and doc[end - 1].lower_ not in INSTITUTIONS:
            town = home
        if town is None:
            continue
        # an unlocated name the parser saw there ("Terra Kulture") becomes the located venue
        unplaced += [p for p in places if p.start < ce and cs < p.end]
        out.append(_site(text, cs, ce, town, "building"))
    return out, unplaced


def _overlaps(cs: int, ce: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether the characters ``cs:ce`` overlap one of ``spans`` (a site already taken)."""
    return any(s < ce and cs < e for s, e in spans)


def _site(text: str, cs: int, ce: int, town: Place, kind: str) -> Place:
    """The site ``text[cs:ce]`` as a literal place of kind ``kind`` at its ``town``'s point."""
    return Place("p0", text[cs:ce], cs, ce, text[cs:ce], town.lat, town.lon, town.country, kind,
                 None, "literal")


def _link(tok: Any) -> bool:
    return tok.lower_ in _LINKS or tok.text in ("'s", "’s")


def renumbered(places: Sequence[Place]) -> tuple[Place, ...]:
    """``places`` with ids ``p1``, ``p2``, ... in their order."""
    return tuple(dataclasses.replace(p, id=f"p{i}") for i, p in enumerate(places, 1))
