"""The whole-article gold scorer: ``shared/gold/README.md``'s rules, one function per area.

Every comparison of names and phrases goes through ``goldfile.normalise`` (NFKC, straight
quotes, collapsed whitespace, case-insensitive, a leading "the" ignored). Names are matched by
equality, phrases by containment, as the README's table says. Choices the README leaves open,
made once here:

- A name in an event's ``source``/``target`` or a statement's ``speaker`` stands for the gold
  actor(s) listing it, so it accepts all of their spellings (the README: "names list accepted
  spellings"); a name no gold actor lists is matched as written.
- An output actor "matches a name" when its ``name`` or the text of one of its mentions does.
- ``date`` must equal the event's date; ``date_month`` must equal its first seven characters
  (an event dated 2015-11-24 happened in 2015-11). Neither given: the date is not scored.
- ``source``/``target`` null: not scored; an empty list: the output's must be empty.
- ``published_window`` is inclusive and needs a full YYYY-MM-DD date: a year or month alone
  does not show the article was dated.
- Statements marked ``optional`` are not in ``expected`` but are counted in ``found`` when
  found, so a pipeline that finds them scores above the required ones. ``channel`` is not
  scored (the README's rule does not score it, and the gold's values such as "television"
  are not contract channels).
- Events' ``place`` and ``fatalities`` are not in the README's rule either: they are scored as
  separate ``extra`` areas over the output events that match the gold event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .goldfile import GoldArticle, GoldEvent, GoldPlace, normalise
from .scoring import Output, haversine

#: Area names in report order; ``EXTRA_AREAS`` are scored beyond the README's rules.
AREAS = ("published_window", "boilerplate_drop", "boilerplate_keep", "actors", "events",
         "core_events", "event_places", "event_fatalities", "must_not_assert", "statements",
         "times", "places")
EXTRA_AREAS = frozenset({"event_places", "event_fatalities"})

#: Length of a full YYYY-MM-DD date, the precision ``published_window`` asks for.
FULL_DATE_LEN = 10
#: Characters of a date that name its month (YYYY-MM), for ``date_month``.
MONTH_LEN = 7
#: How much of a long phrase to show in a "missed" line.
SNIPPET = 60


@dataclass(frozen=True)
class AreaScore:
    """found/expected in one area of one article, and what was missed (one line each)."""

    area: str
    found: int
    expected: int
    missed: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"found": self.found, "expected": self.expected, "missed": list(self.missed),
                "note": self.note, "extra": self.area in EXTRA_AREAS}


@dataclass(frozen=True)
class ArticleScore:
    """One gold article's scores, area by area, and the gold keys that were not scored."""

    name: str
    areas: tuple[AreaScore, ...]
    published_inferred: str | None = None
    ignored: tuple[str, ...] = ()

    def area(self, name: str) -> AreaScore:
        """The named area's score (0/0 when the article was not scored in it)."""
        return next((a for a in self.areas if a.area == name), AreaScore(name, 0, 0))

    def to_dict(self) -> dict[str, Any]:
        return {"published_inferred": self.published_inferred, "ignored": list(self.ignored),
                **{a.area: a.to_dict() for a in self.areas}}


def _short(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


class _Output:
    """An output document indexed for matching: actors by id, normalised text."""

    def __init__(self, doc: Output) -> None:
        self.doc = doc
        self.actors: list[Mapping[str, Any]] = list(doc.get("actors") or [])
        self.by_id = {a.get("id"): a for a in self.actors}
        self.places = {p.get("id"): p for p in doc.get("places") or []}
        self.text = normalise(doc.get("text") or "")

    @staticmethod
    def actor_matches(actor: Mapping[str, Any], names: set[str]) -> bool:
        if normalise(actor.get("name") or "") in names:
            return True
        return any(normalise(m.get("text") or "") in names for m in actor.get("mentions") or [])

    def ids_match(self, ids: Iterable[str], names: set[str]) -> bool:
        return any((a := self.by_id.get(i)) is not None and self.actor_matches(a, names)
                   for i in ids)


def aliases(gold: GoldArticle, names: Iterable[str]) -> set[str]:
    """Normalised ``names`` plus every spelling of the gold actors that list one of them."""
    wanted = {normalise(n) for n in names}
    out = set(wanted)
    for actor in gold.actors:
        spellings = {normalise(n) for n in actor.names}
        if spellings & wanted:
            out |= spellings
    return out


# --------------------------------------------------------------------------- simple areas


def score_window(gold: GoldArticle, inferred: str | None) -> AreaScore:
    """The published date the pipeline inferred (no date given) lies in the window."""
    if gold.published_window is None:
        return AreaScore("published_window", 0, 0)
    first, last = gold.published_window
    ok = (inferred is not None and len(inferred) == FULL_DATE_LEN
          and first <= inferred <= last)
    missed = () if ok else (f"inferred {inferred or 'nothing'}, window {first}..{last}",)
    return AreaScore("published_window", int(ok), 1, missed)


def score_boilerplate(gold: GoldArticle, out: _Output) -> tuple[AreaScore, AreaScore]:
    """must_drop phrases absent from ``text``, must_keep phrases present."""
    kept = [p for p in gold.must_drop if normalise(p) in out.text]
    lost = [p for p in gold.must_keep if normalise(p) not in out.text]
    return (
        AreaScore("boilerplate_drop", len(gold.must_drop) - len(kept), len(gold.must_drop),
                  tuple(f"still in text: {_short(p)!r}" for p in kept)),
        AreaScore("boilerplate_keep", len(gold.must_keep) - len(lost), len(gold.must_keep),
                  tuple(f"not in text: {_short(p)!r}" for p in lost)),
    )


def score_actors(gold: GoldArticle, out: _Output) -> AreaScore:
    """An output actor matching a name, typed person if the gold is one, with its country."""
    found, missed = 0, []
    for g in gold.actors:
        names = {normalise(n) for n in g.names}
        hits = [a for a in out.actors if out.actor_matches(a, names)]
        good = [a for a in hits if (g.type != "person" or a.get("type") == "person")
                and a.get("country") == g.country]
        if good:
            found += 1
            continue
        why = "no actor with these names" if not hits else "matched " + ", ".join(
            f"{a.get('name')!r} ({a.get('type')}, {a.get('country')})" for a in hits[:3])
        missed.append(f"{g.names[0]} ({g.type}, {g.country}): {why}")
    return AreaScore("actors", found, len(gold.actors), tuple(missed))


def score_forbidden(gold: GoldArticle, out: _Output) -> AreaScore:
    """No output event with the phrase in its evidence has the type and a forbidden modality."""
    found, missed = 0, []
    for m in gold.must_not_assert:
        phrase = normalise(m.sentence_contains)
        bad = [e for e in out.doc.get("events") or []
               if phrase in normalise((e.get("evidence") or {}).get("text") or "")
               and e.get("type") == m.type and e.get("modality") in m.forbidden_modality]
        if not bad:
            found += 1
        else:
            missed.append(f"{bad[0].get('id')} asserts {m.type} ({bad[0].get('modality')}) "
                          f"in {_short(m.sentence_contains)!r}")
    return AreaScore("must_not_assert", found, len(gold.must_not_assert), tuple(missed))


def score_times(gold: GoldArticle, out: _Output) -> AreaScore:
    """An output time whose text contains the gold text and whose value is equal."""
    found, missed = 0, []
    for g in gold.times:
        text = normalise(g.text)
        if any(text in normalise(t.get("text") or "") and t.get("value") == g.value
               for t in out.doc.get("times") or []):
            found += 1
        else:
            missed.append(f"{g.text!r} = {g.value}")
    return AreaScore("times", found, len(gold.times), tuple(missed))


def place_ok(p: Mapping[str, Any], g: GoldPlace, names: set[str]) -> bool:
    """The output place has one of the names and lies within ``km`` of the gold point."""
    lat, lon = p.get("lat"), p.get("lon")
    return (normalise(p.get("text") or "") in names and lat is not None and lon is not None
            and haversine(g.lat, g.lon, lat, lon) <= g.km)


def score_places(gold: GoldArticle, out: _Output) -> AreaScore:
    """An output place with that text within ``km`` of the gold point."""
    found, missed = 0, []
    for g in gold.places:
        names = {normalise(n) for n in g.names}
        if any(place_ok(p, g, names) for p in out.doc.get("places") or []):
            found += 1
        else:
            missed.append(f"{g.names[0]} within {g.km:g} km of {g.lat}, {g.lon}")
    return AreaScore("places", found, len(gold.places), tuple(missed))


# --------------------------------------------------------------------------- statements


def score_statements(gold: GoldArticle, out: _Output) -> AreaScore:
    """An output statement whose quote contains the phrase and whose speaker matches."""
    found = optional_found = 0
    missed = []
    for g in gold.statements:
        names = aliases(gold, g.speaker)
        phrase = normalise(g.quote_contains)
        hit = any(phrase in normalise((s.get("quote") or {}).get("text") or "")
                  and (out.ids_match([s.get("speaker") or ""], names)
                       or normalise(s.get("speaker_text") or "") in names)
                  for s in out.doc.get("statements") or [])
        if hit:
            found += 1
            optional_found += g.optional
        elif not g.optional:
            missed.append(f"{g.speaker[0]}: {_short(g.quote_contains)!r}")
    required = sum(1 for g in gold.statements if not g.optional)
    note = f"{optional_found} optional found" if optional_found else ""
    return AreaScore("statements", found, required, tuple(missed), note)


# --------------------------------------------------------------------------- events


def _role_ok(gold: GoldArticle, out: _Output, want: Sequence[str] | None,
             ids: Sequence[str]) -> bool:
    if want is None:
        return True
    if not want:
        return not ids
    return out.ids_match(ids, aliases(gold, want))


def _date_ok(g: GoldEvent, date: str | None) -> bool:
    if g.date is not None:
        return date == g.date
    if g.date_month is not None:
        return date is not None and date[:MONTH_LEN] == g.date_month
    return True


def matching_events(gold: GoldArticle, out: _Output, g: GoldEvent) -> list[Mapping[str, Any]]:
    """Output events of one of the types, with matching source, target and date."""
    return [e for e in out.doc.get("events") or []
            if e.get("type") in g.types
            and _role_ok(gold, out, g.source, e.get("source") or [])
            and _role_ok(gold, out, g.target, e.get("target") or [])
            and _date_ok(g, e.get("date"))]


def _event_place_ok(gold: GoldArticle, out: _Output, e: Mapping[str, Any], name: str) -> bool:
    names = {normalise(name)}
    for p in gold.places:
        if names & {normalise(n) for n in p.names}:
            names |= {normalise(n) for n in p.names}
    place = out.places.get(e.get("place"))
    return place is not None and (normalise(place.get("text") or "") in names
                                  or normalise(place.get("name") or "") in names)


def _describe(g: GoldEvent) -> str:
    src = "/".join(g.source[:2]) if g.source else "-"
    tgt = "/".join(g.target[:2]) if g.target else "-"
    when = g.date or g.date_month or ""
    return f"{g.id}: {'|'.join(g.types)} {src} -> {tgt} {when}".rstrip()


def score_events(gold: GoldArticle, out: _Output) -> tuple[AreaScore, ...]:
    """events, core_events, and the extra areas event_places and event_fatalities."""
    tally: dict[str, list[int]] = {a: [0, 0] for a in
                                   ("events", "core_events", "event_places", "event_fatalities")}
    missed: dict[str, list[str]] = {a: [] for a in tally}

    def count(area: str, ok: bool, line: str) -> None:
        tally[area][1] += 1
        tally[area][0] += ok
        if not ok:
            missed[area].append(line)

    for g in gold.events:
        hits = matching_events(gold, out, g)
        count("events", bool(hits), _describe(g))
        if g.core:
            count("core_events", bool(hits), _describe(g))
        if g.place is not None:
            count("event_places", any(_event_place_ok(gold, out, e, g.place) for e in hits),
                  f"{g.id}: place {g.place}")
        if g.fatalities is not None:
            count("event_fatalities", any(e.get("fatalities") == g.fatalities for e in hits),
                  f"{g.id}: fatalities {g.fatalities}")
    return tuple(AreaScore(a, f, n, tuple(missed[a])) for a, (f, n) in tally.items())


# --------------------------------------------------------------------------- article


def score_article(gold: GoldArticle, doc: Output, inferred: str | None) -> ArticleScore:
    """Score ``doc`` (run with the gold ``published``); ``inferred``: the date found alone."""
    out = _Output(doc)
    drop, keep = score_boilerplate(gold, out)
    areas = (score_window(gold, inferred), drop, keep, score_actors(gold, out),
             *score_events(gold, out), score_forbidden(gold, out),
             score_statements(gold, out), score_times(gold, out), score_places(gold, out))
    order = {a: i for i, a in enumerate(AREAS)}
    return ArticleScore(gold.name, tuple(sorted(areas, key=lambda a: order[a.area])),
                        inferred, gold.ignored)


def gold_metrics(articles: Sequence[ArticleScore]) -> dict[str, Any]:
    """Per area over all articles: found / expected (None where nothing is expected)."""
    res: dict[str, Any] = {"n": len(articles)}
    for area in AREAS:
        found = sum(a.area(area).found for a in articles)
        expected = sum(a.area(area).expected for a in articles)
        res[area] = found / expected if expected else None
    return res
