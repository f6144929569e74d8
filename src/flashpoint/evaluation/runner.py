"""Run the pipeline over evaluation data in-process, exactly as the CLI contract would.

score.py writes each record as ``{"id", "text"}`` plus ``published`` (geo: the record's
``published``, dates: its ``dct``, when present) and runs ``flashpoint extract --no-clean``;
``Evaluator.outputs`` builds the same rows, reads them with the ingest stage's ``read_record``
and runs one reused ``Pipeline`` with cleaning off, so the numbers equal score.py's without a
subprocess per dataset. Gold articles are whole articles, so they run with cleaning on, twice:
once with the gold file's ``published`` (scored in every area) and once without a date (only
the date the pipeline infers is used, for ``published_window``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.config import PipelineConfig
from flashpoint.errors import InputError
from flashpoint.model import Failure, RawDocument

from .datasets import (
    DOCS,
    GOLD,
    QUOTES,
    DatasetSpec,
    DateRecord,
    EventRecord,
    GeoRecord,
    Record,
    count_records,
    load_records,
)
from .docs import DocScore, doc_metrics, load_doc_gold, score_doc
from .docs import input_rows as doc_rows
from .eventplaces import (
    EVENT_PLACES,
    event_place_metrics,
    load_gsr_located,
    score_gold2,
    score_gsr,
)
from .gold import ArticleScore, gold_metrics, score_article
from .goldfile import GoldArticle, load_gold
from .quotes import input_rows, load_quote_gold, quote_metrics
from .quotes import score_article as score_quote_article
from .scoring import Metrics, Output, Scores, TypeScore, score_dates, score_events, score_geo

if TYPE_CHECKING:
    from flashpoint.pipeline import Pipeline


@dataclass(frozen=True)
class DatasetResult:
    """One dataset's evaluation: sizes, metrics, detail, failed documents, time taken."""

    spec: DatasetSpec
    size: int
    n: int
    metrics: Metrics
    headline: str
    seconds: float
    per_type: tuple[TypeScore, ...] = ()
    confusion: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    articles: tuple[ArticleScore, ...] = ()
    failures: tuple[Failure, ...] = ()
    docs: tuple[DocScore, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the metrics first, then the detail under its own keys."""
        out: dict[str, Any] = {**self.metrics, "size": self.size, "evaluated": self.n,
                               "seconds": round(self.seconds, 2)}
        if self.per_type:
            out["per_type"] = {s.type: s.to_dict() for s in self.per_type}
            out["confusion"] = {g: dict(row) for g, row in self.confusion.items()}
        if self.articles:
            out["articles"] = {a.name: a.to_dict() for a in self.articles}
        if self.docs:
            out["per_article"] = {d.name: dict(d.counts) for d in self.docs}
        if self.failures:
            out["failures"] = [f.to_dict() for f in self.failures]
        return out


def _input_row(record: Record, published_key: str | None) -> dict[str, Any]:
    """score.py's input row: id and text, plus ``published`` when the dataset has a date
    field (``published_key``) and the record a value in it."""
    row: dict[str, Any] = {"id": record.id, "text": record.text}
    published = (record.published if isinstance(record, GeoRecord)
                 else record.dct if isinstance(record, DateRecord) else None)
    if published_key and published:
        row["published"] = published
    return row


class Evaluator:
    """Evaluates datasets with one pipeline per cleaning mode, reused across datasets."""

    def __init__(self, shared: Path, *, model: str = "sm") -> None:
        self.shared = shared
        self.model = model

    @cached_property
    def pipeline(self) -> Pipeline:
        """Cleaning off, as the contract runs the datasets (offsets index the input)."""
        from flashpoint.pipeline import Pipeline

        return Pipeline(PipelineConfig(model=self.model, clean=False))

    @cached_property
    def gold_pipeline(self) -> Pipeline:
        """Cleaning on: gold articles are whole articles (the spaCy model is shared)."""
        from flashpoint.pipeline import Pipeline

        return Pipeline(PipelineConfig(model=self.model, clean=True))

    def outputs(self, rows: Sequence[Mapping[str, Any]], *, source: str,
                ) -> tuple[dict[str, Output], list[Failure]]:
        """Contract dicts keyed by id for JSONL-style ``rows``, cleaning off (the CLI's
        ``extract ROWS.jsonl --no-clean``)."""
        from flashpoint.ingest import read_record

        def raws() -> Iterator[RawDocument | Failure]:
            for row in rows:
                try:
                    yield read_record(row, source=source, config=self.pipeline.config)
                except InputError as exc:
                    yield Failure(str(row.get("id")), source, "ingest", exc.render(), exc.code)

        return _collect(self.pipeline, raws())

    def doc_outputs(self, rows: Sequence[Mapping[str, Any]], *, source: str,
                    ) -> tuple[dict[str, Output], list[Failure]]:
        """Contract dicts keyed by id for JSONL records read with cleaning on: what
        ``flashpoint extract ROWS.jsonl --format jsonl`` gives (score_docs.py's run)."""
        from flashpoint.ingest import read_record

        config = self.gold_pipeline.config

        def raws() -> Iterator[RawDocument | Failure]:
            for row in rows:
                try:
                    yield read_record(row, source=source, config=config)
                except InputError as exc:
                    yield Failure(str(row.get("id")), source, "ingest", exc.render(), exc.code)

        return _collect(self.gold_pipeline, raws())

    def gold_outputs(self, articles: Sequence[GoldArticle], *, dated: bool,
                     ) -> tuple[dict[str, Output], list[Failure]]:
        """Contract dicts keyed by gold name, cleaning on, each article file read as
        ``flashpoint extract NAME.txt [--published DATE]`` reads it (``dated``: pass the
        gold file's ``published``; else the pipeline infers the date itself)."""
        from flashpoint.ingest import read_bytes

        config = self.gold_pipeline.config

        def raws() -> Iterator[RawDocument | Failure]:
            for a in articles:
                source = str(a.article)
                try:
                    raw = read_bytes(a.article.read_bytes(), source=source, config=config,
                                     published=a.published if dated else None)
                    yield dataclasses.replace(raw, id=a.name)
                except InputError as exc:
                    yield Failure(a.name, source, "ingest", exc.render(), exc.code)

        return _collect(self.gold_pipeline, raws())

    def evaluate(self, spec: DatasetSpec, limit: int | None = None) -> DatasetResult:
        """Run and score one dataset (its first ``limit`` records; 0 or None: all)."""
        if spec.area == GOLD:
            return self._evaluate_gold(spec, limit)
        if spec.area == QUOTES:
            return self._evaluate_quotes(spec, limit)
        if spec.area == DOCS:
            return self._evaluate_docs(spec, limit)
        if spec == EVENT_PLACES:
            return self._evaluate_event_places(spec, limit)
        started = time.perf_counter()
        records = load_records(spec, self.shared, limit)
        rows = [_input_row(r, spec.published_key) for r in records]
        out, failures = self.outputs(rows, source=spec.key)
        scores = score_records(spec.area, records, out)
        return DatasetResult(spec, count_records(spec, self.shared), len(records),
                             scores.metrics, scores.headline, time.perf_counter() - started,
                             scores.per_type, scores.confusion, failures=tuple(failures))

    def _evaluate_gold(self, spec: DatasetSpec, limit: int | None) -> DatasetResult:
        started = time.perf_counter()
        size = len(load_gold(self.shared))
        articles = load_gold(self.shared, limit)
        given, failed = self.gold_outputs(articles, dated=True)
        alone, failed_alone = self.gold_outputs(articles, dated=False)
        scores = tuple(
            score_article(a, given.get(a.name, {}), alone.get(a.name, {}).get("published"))
            for a in articles)
        return DatasetResult(spec, size, len(articles), gold_metrics(scores), "core_events",
                             time.perf_counter() - started, articles=scores,
                             failures=(*failed, *failed_alone))

    def _evaluate_docs(self, spec: DatasetSpec, limit: int | None) -> DatasetResult:
        """The exhaustive whole articles (``evaluation.docs``), run as score_docs.py runs
        them: one JSONL batch of ``{id, text, published}``, cleaning on."""
        started = time.perf_counter()
        golds = load_doc_gold(spec.path(self.shared), limit)
        out, failures = self.doc_outputs(doc_rows(golds), source=spec.key)
        scores = tuple(score_doc(g, out.get(g.name, {})) for g in golds)
        size = len(load_doc_gold(spec.path(self.shared)))
        return DatasetResult(spec, size, len(golds), doc_metrics(scores), "type_f1",
                             time.perf_counter() - started, failures=tuple(failures),
                             docs=scores)

    def _evaluate_event_places(self, spec: DatasetSpec, limit: int | None) -> DatasetResult:
        """Where events are put (``evaluation.eventplaces``): the gold2 articles run as
        ``docs`` runs them, the located GSR records as the events sets run them."""
        started = time.perf_counter()
        golds = load_doc_gold(DatasetSpec(DOCS, "gold2").path(self.shared), limit)
        outs, failures = self.doc_outputs(doc_rows(golds), source=spec.key)
        gsr = load_gsr_located(self.shared, limit)
        gsr_out, gsr_failures = self.outputs([{"id": r.id, "text": r.text} for r in gsr],
                                             source=spec.key)
        metrics = event_place_metrics(score_gold2(golds, outs), score_gsr(gsr, gsr_out))
        size = (len(load_doc_gold(DatasetSpec(DOCS, "gold2").path(self.shared)))
                + len(load_gsr_located(self.shared)))
        return DatasetResult(spec, size, len(golds) + len(gsr), metrics, "place_acc",
                             time.perf_counter() - started,
                             failures=(*failures, *gsr_failures))

    def _evaluate_quotes(self, spec: DatasetSpec, limit: int | None) -> DatasetResult:
        """The quotes gold (``evaluation.quotes``): articles from the repository, cleaning
        off so that gold offsets index the text the pipeline reads."""
        started = time.perf_counter()
        articles = load_quote_gold(limit=limit, shared=self.shared)
        out, failures = self.outputs(input_rows(articles), source=spec.key)
        scores = [score_quote_article(a, out.get(a.id, {})) for a in articles]
        size = len(load_quote_gold(shared=self.shared))
        return DatasetResult(spec, size, len(articles), quote_metrics(scores),
                             "pair_f1", time.perf_counter() - started,
                             failures=tuple(failures))


def _collect(pipeline: Pipeline, raws: Iterable[RawDocument | Failure],
             ) -> tuple[dict[str, Output], list[Failure]]:
    out: dict[str, Output] = {}
    failures: list[Failure] = []
    for result in pipeline.run(raws):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            out[result.id] = result.to_dict()
    return out, failures


def score_records(area: str, records: Sequence[Record], out: Mapping[str, Output]) -> Scores:
    """Score ``records`` of one area (events, geo or dates) against outputs keyed by id."""
    if area == "events":
        return score_events([r for r in records if isinstance(r, EventRecord)], out)
    if area == "geo":
        return score_geo([r for r in records if isinstance(r, GeoRecord)], out)
    return score_dates([r for r in records if isinstance(r, DateRecord)], out)


def evaluate(targets: Sequence[DatasetSpec], shared: Path, *, limit: int | None = None,
             model: str = "sm", limits: Mapping[str, int | None] | None = None,
             ) -> list[DatasetResult]:
    """Evaluate ``targets`` in order with one ``Evaluator`` (``limits`` per dataset key
    override ``limit``)."""
    ev = Evaluator(shared, model=model)
    return [ev.evaluate(t, (limits or {}).get(t.key, limit)) for t in targets]
