"""The document stage: assemble the output contract from every stage's records.

Assembly is where cross-stage invariants are checked once, so a stage bug cannot produce an
invalid document silently: every span must index ``text`` exactly, every event's actors and
place must exist in the document. A violation is a ``StageError`` naming the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import StageError
from .model import Analysis, Document, Dropped, RawDocument, Span


def _check_span(text: str, span: Span, what: str, doc_id: str) -> None:
    if not (0 <= span.start <= span.end <= len(text)) or text[span.start : span.end] != span.text:
        raise StageError(
            f"{what} span {span.start}-{span.end} {span.text!r} does not index the text",
            source=doc_id, fix="this is a bug in that stage; please report it with the input",
        )


def _spans(analysis: Analysis) -> Iterable[tuple[str, Span]]:
    for actor in analysis.actors:
        for mention in actor.mentions:
            yield f"actor {actor.id} mention", mention
    for event in analysis.events:
        yield f"event {event.id} evidence", event.evidence
    for st in analysis.statements:
        yield "statement quote", st.quote
    for t in analysis.times:
        yield "time", Span(t.text, t.start, t.end)
    for p in analysis.places:
        yield f"place {p.id}", Span(p.text, p.start, p.end)


def _check_references(analysis: Analysis) -> None:
    actor_ids = {a.id for a in analysis.actors}
    place_ids = {p.id for p in analysis.places}
    for event in analysis.events:
        missing = [a for a in (*event.source, *event.target) if a not in actor_ids]
        if missing or (event.place is not None and event.place not in place_ids):
            raise StageError(
                f"event {event.id} refers to unknown actors {missing} or place {event.place!r}",
                source=analysis.doc_id, fix="this is a bug in the events stage; please report it",
            )


def assemble(raw: RawDocument, analysis: Analysis, dropped: tuple[Dropped, ...],
             language: str) -> Document:
    """Build the contract ``Document`` after checking spans and references."""
    for what, span in _spans(analysis):
        _check_span(analysis.text, span, what, analysis.doc_id)
    _check_references(analysis)
    return Document(
        id=raw.id, published=raw.published, text=analysis.text, source=raw.source,
        title=raw.title, language=language, dropped=dropped, actors=analysis.actors,
        events=analysis.events, statements=analysis.statements, times=analysis.times,
        places=analysis.places, published_inferred=raw.published_inferred,
    )
