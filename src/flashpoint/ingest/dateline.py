"""Datelines: the "CITY, State (Agency) —" that opens a wire or local news story.

A dateline says where the story was filed and who filed it; it names no actor of the story.
"COLUMBIA, Ky. (WBKO) -" is neither Columbia nor the TV station doing anything, and "LONDON,
Ky. (WKYT) -" is not the United Kingdom. The text is never changed: callers get character
spans and decide what a span means for their stage (the places stage keeps the place as the
story's location; the actors stage drops the names).
"""

from __future__ import annotations

import re

#: A line that opens with an upper-case place of one to three words ("NEW YORK", "WASHINGTON",
#: "LOS ANGELES"), an optional qualifier in ordinary case (", Ky.", ", South Korea"), an
#: optional agency or station in brackets ("(AP)", "(WBKO)"), then a dash or a colon; the dash
#: may be missing after a qualified place with its agency ("COVINGTON, Ky. (AP)  A man", as
#: local copy loses it). A headline in capitals with a dash ("RUSSIA EXPELS DIPLOMATS -
#: REPORT") has more than three words before the dash and so is no dateline; "NATO (North
#: Atlantic ...)" has no qualifier and no dash. Read from the wire (AP, Reuters, CNN) and local
#: (WBKO, WKYT) openings of the GeoWebNews, TR-News and LGL articles.
_PLACE = r"[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,2}"
_QUALIFIER = r",[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2}"
_AGENCY = r"\([^()\n]{1,40}\)"
_DASH = r"(?:—|–|--|-|:)"
DATELINE = re.compile(
    rf"(?m)^[ \t]*{_PLACE}(?:{_QUALIFIER}[ \t]*{_AGENCY}(?:[ \t]*{_DASH})?"
    rf"|(?:{_QUALIFIER})?[ \t]*(?:{_AGENCY}[ \t]*)?{_DASH})")


_PARTS = re.compile(
    rf"[ \t]*(?P<place>{_PLACE})(?:,[ \t]+(?P<qualifier>[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){{0,2}}))?")


def dateline_places(text: str) -> list[tuple[str, str | None]]:
    """The place and qualifier of each dateline: ("LONDON", "Ky."), ("WASHINGTON", None)."""
    out: list[tuple[str, str | None]] = []
    for start, end in dateline_spans(text):
        m = _PARTS.match(text, start, end)
        if m is not None:
            out.append((m.group("place"), m.group("qualifier")))
    return out


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines of ``text`` (its dash or colon included)."""
    return [(m.start(), m.end()) for m in DATELINE.finditer(text)]
