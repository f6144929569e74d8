"""The pipeline: wires the stages in data-flow order and keeps a batch alive.

ingest → clean → nlp → actors → times → geo → quotes → events → document.

Events come last among the analysis stages because they are built from the others: an
event's date is a time expression, its place a geocoded place, its actors the actors stage's
ids, and a quote's content can itself be an event (a threat in a tweet).

Stages are looked up by registered name from ``PipelineConfig.components`` when the pipeline
is built, so a misconfigured run fails before it reads a single document. Documents are
parsed in batches (``nlp.pipe``), but every other stage runs per document inside an error
boundary: a document that breaks a stage becomes a ``Failure`` naming the stage and the
reason, in its place in the output order, and the batch goes on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

# Imported for their side effect: each stage package registers its components.
from . import actors, events, ingest, places, quotes, times  # noqa: F401
from . import nlp as nlp_stage
from .config import PipelineConfig
from .document import assemble
from .errors import ConfigError, FlashpointError
from .ingest import check_language, read_record
from .model import Analysis, Cleaned, Document, Dropped, Failure, RawDocument
from .registry import STAGES

if TYPE_CHECKING:
    from spacy.language import Language

#: Analysis stages in data-flow order, and the ``Analysis`` field each one fills.
ANALYSIS_STAGES: tuple[tuple[str, str], ...] = (
    ("actors", "actors"), ("times", "times"), ("geo", "places"), ("quotes", "statements"),
    ("events", "events"),
)

Result = Document | Failure


@dataclass(frozen=True)
class _Prepared:
    """A document after ingest and cleaning, waiting for its parse."""

    raw: RawDocument
    text: str
    dropped: tuple[Dropped, ...]
    language: str


def _failure(raw: RawDocument, stage: str, exc: Exception) -> Failure:
    if isinstance(exc, FlashpointError):
        return Failure(raw.id, raw.source, stage, exc.render(), exc.code)
    reason = f"internal error in the {stage} stage: {type(exc).__name__}: {exc}"
    return Failure(raw.id, raw.source, stage, reason, "FP300")


def describe(config: PipelineConfig) -> dict[str, str]:
    """The component names a pipeline of ``config`` runs (without building it)."""
    return {"nlp": nlp_stage.MODELS.get(config.model, config.model), **config.components}


class Pipeline:
    """Turns ``RawDocument`` records into contract ``Document`` records."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        known = {"clean", *(kind for kind, _ in ANALYSIS_STAGES)}
        unknown = set(self.config.components) - known
        if unknown:
            raise ConfigError(f"unknown pipeline stages {sorted(unknown)}",
                              fix=f"configure only these stages: {sorted(known)}")
        comps = self.config.components
        self._clean: Callable[[RawDocument], Cleaned] = STAGES["clean"].get(comps["clean"])(
            self.config)  # type: ignore[assignment]
        self._stages: list[tuple[str, str, Callable[[Analysis], tuple[Any, ...]]]] = [
            (kind, field, STAGES[kind].get(comps[kind])(self.config))  # type: ignore[misc]
            for kind, field in ANALYSIS_STAGES
        ]

    @cached_property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use (once per process)."""
        return nlp_stage.load(self.config.model)

    def describe(self) -> dict[str, str]:
        """The component names this pipeline runs: what makes a run reproducible."""
        return describe(self.config)

    # ------------------------------------------------------------------ running

    def run(self, items: Iterable[RawDocument | Failure]) -> Iterator[Result]:
        """Process ``items`` in order; failures pass through in their place."""
        return (self._assemble(item) for item in self.analyses(items))

    def extract(self, raw: RawDocument) -> Document:
        """Process one document; raise its failure as a ``FlashpointError``."""
        (result,) = self.run([raw])
        if isinstance(result, Failure):
            raise FlashpointError(result.reason, source=raw.source or raw.id)
        return result

    def extract_text(self, text: str, *, doc_id: str | None = None,
                     published: str | None = None, title: str | None = None) -> Document:
        """Convenience for the Python API: one plain-text article in, one document out."""
        record: dict[str, object] = {"text": text, "title": title}
        if doc_id is not None:
            record["id"] = doc_id
        raw = read_record(record, source=doc_id or "<text>", config=self.config,
                          published=published)
        return self.extract(raw)

    def _prepare(self, raw: RawDocument) -> _Prepared | Failure:
        try:
            cleaned = self._clean(raw)
        except Exception as exc:
            return _failure(raw, "clean", exc)
        try:
            language = check_language(dataclasses.replace(raw, text=cleaned.text), self.config)
        except Exception as exc:
            return _failure(raw, "language", exc)
        return _Prepared(raw, cleaned.text, (*raw.dropped, *cleaned.dropped), language)

    def analyses(self, items: Iterable[RawDocument | Failure],
                 ) -> Iterator[tuple[RawDocument, Analysis, tuple[Dropped, ...], str] | Failure]:
        """Every stage's records before assembly, with the parse: what training scripts
        and ``cli.explain`` read (``run`` is this, then the contract document)."""
        batch: list[RawDocument | Failure] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.config.batch_size:
                yield from self._analyse_batch(batch)
                batch = []
        if batch:
            yield from self._analyse_batch(batch)

    def _analyse_batch(self, batch: list[RawDocument | Failure],
                       ) -> list[tuple[RawDocument, Analysis, tuple[Dropped, ...], str] | Failure]:
        staged = [item if isinstance(item, Failure) else self._prepare(item) for item in batch]
        todo = [p for p in staged if isinstance(p, _Prepared)]
        docs = self._parse(todo)
        return [
            p if isinstance(p, Failure)
            else docs[id(p)] if isinstance(docs[id(p)], Failure)
            else self._analyse(p, docs[id(p)])
            for p in staged
        ]

    @staticmethod
    def _assemble(item: tuple[RawDocument, Analysis, tuple[Dropped, ...], str] | Failure,
                  ) -> Result:
        if isinstance(item, Failure):
            return item
        raw, analysis, dropped, language = item
        try:
            return assemble(raw, analysis, dropped, language)
        except Exception as exc:
            return _failure(raw, "document", exc)

    def _parse(self, todo: list[_Prepared]) -> dict[int, Any]:
        """Parse a batch; if the batch call fails, parse one by one to isolate the culprit."""
        try:
            parsed = nlp_stage.parse(self.nlp, [p.text for p in todo],
                                     batch_size=self.config.batch_size)
            return dict(zip((id(p) for p in todo), parsed, strict=True))
        except Exception:
            out: dict[int, Any] = {}
            for p in todo:
                try:
                    out[id(p)] = next(nlp_stage.parse(self.nlp, [p.text]))
                except Exception as exc:
                    out[id(p)] = _failure(p.raw, "nlp", exc)
            return out

    def _analyse(self, prep: _Prepared, parsed: Any,
                 ) -> tuple[RawDocument, Analysis, tuple[Dropped, ...], str] | Failure:
        analysis = Analysis(prep.raw.id, prep.text, prep.raw.published, parsed)
        for kind, field, stage in self._stages:
            try:
                updates: dict[str, Any] = {field: tuple(stage(analysis))}
                analysis = dataclasses.replace(analysis, **updates)
            except Exception as exc:
                return _failure(prep.raw, kind, exc)
        return prep.raw, analysis, prep.dropped, prep.language
