"""The command line: a thin layer over the library.

Errors of our own (``FlashpointError``) are translated here, at the edge, into one readable line
on stderr and an exit code; no user error ever shows a traceback (``--debug`` shows one for a
bug). Exit codes: 0 done (in a batch: some documents may have failed, each reported), 1 the
input failed (a single document, or every document of a batch), 2 bad usage or configuration.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from flashpoint import jsonl
from flashpoint.batch import DEFAULT_TIME_LIMIT
from flashpoint.config import PipelineConfig
from flashpoint.errors import ConfigError, FlashpointError
from flashpoint.evaluation import eval_command
from flashpoint.model import Document, Failure

from .query import dedup_command, export_command, query
from .serve import serve

DEFAULT_DB = Path("flashpoint-data") / "flashpoint.duckdb"

#: Show a progress bar only for inputs at least this long (short runs finish before it helps).
PROGRESS_MIN_DOCS = 20


def _die(err: FlashpointError, code: int) -> None:
    click.echo(f"flashpoint: error: {err.render()}", err=True)
    sys.exit(code)


def _report_failure(failure: Failure, sink: IO[str] | None) -> None:
    click.echo(f"flashpoint: failed: {failure.id} ({failure.stage}): {failure.reason}", err=True)
    if sink is not None:
        sink.write(jsonl.dumps(failure.to_dict()) + "\n")


def _progress(results: Iterator[Document | Failure]) -> Iterator[Document | Failure]:
    """Wrap ``results`` in a progress bar on stderr when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield from results
        return
    from tqdm import tqdm

    with tqdm(unit="doc", file=sys.stderr, mininterval=0.5, delay=2.0) as bar:
        for r in results:
            bar.update(1)
            yield r


def _config(no_clean: bool, model: str, max_bytes: int | None,
            max_chars: int | None = None) -> PipelineConfig:
    base = PipelineConfig(model=model, clean=not no_clean)
    return dataclasses.replace(base, max_bytes=max_bytes or base.max_bytes,
                               max_chars=max_chars or base.max_chars)


def _results(paths: tuple[str, ...], config: PipelineConfig,
             published: str | None) -> Iterator[Document | Failure]:
    from flashpoint.ingest import parse_published, read_paths
    from flashpoint.pipeline import Pipeline

    date = parse_published(published) if published else None
    pipeline = Pipeline(config)
    return _progress(pipeline.run(read_paths(list(paths), config, published=date)))


def _sandboxed(paths: tuple[str, ...], config: PipelineConfig, published: str | None,
               time_limit: float | None, max_memory: int | None,
               ) -> Iterator[Document | Failure]:
    """Each document in a killable worker process (``batch.Extractor``): past its time or
    memory limit it is stopped and reported as a failure, and the next one goes on."""
    from flashpoint.batch import DEFAULT_MAX_MEMORY_MB, Extractor
    from flashpoint.ingest import read_paths

    def run() -> Iterator[Document | Failure]:
        with Extractor(config, workers=1,
                       max_memory_mb=max_memory or DEFAULT_MAX_MEMORY_MB) as extractor:
            for item in read_paths(list(paths), config, published=published):
                if isinstance(item, Failure):
                    yield item
                    continue
                try:
                    yield extractor.extract(item, time_limit)
                except FlashpointError as exc:
                    yield Failure(item.id, item.source, "pipeline", exc.render(), exc.code)

    return _progress(run())


class _Tally:
    """Counts documents and failures so the exit code can say how the run went."""

    def __init__(self) -> None:
        self.done = 0
        self.failed = 0

    def exit_code(self) -> int:
        """1 when nothing could be processed (README), else 0."""
        if not self.done and not self.failed:
            click.echo("flashpoint: no documents in the input (empty files, blank JSONL "
                       "lines and directories without .txt/.html/.jsonl files give none)",
                       err=True)
        return 0 if self.done else 1


def _warn_guesses(doc: Document) -> None:
    """A decoding that was a guess is said on stderr, not only in ``dropped``."""
    for d in doc.dropped:
        if d.reason.startswith("encoding guessed"):
            click.echo(f"flashpoint: warning: {doc.source or doc.id}: {d.reason}", err=True)


def _emit(results: Iterator[Document | Failure], fmt: str, out: IO[str],
          failures: IO[str] | None) -> _Tally:
    tally = _Tally()
    first = True
    for r in results:
        if isinstance(r, Failure):
            tally.failed += 1
            _report_failure(r, failures)
            continue
        tally.done += 1
        _warn_guesses(r)
        d = r.to_dict()
        if fmt == "jsonl":
            out.write(jsonl.dumps(d) + "\n")
        else:
            out.write(("[\n" if first else ",\n") + jsonl.dumps(d, indent=2))
            first = False
        out.flush()
    if fmt == "json":
        out.write("[]\n" if first else "\n]\n")
    return tally


def _checked_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--published`` checked before anything runs: a bad date is bad usage (exit 2)."""
    del ctx, param
    if value is None:
        return None
    from flashpoint.ingest import parse_published

    try:
        return parse_published(value)
    except FlashpointError as exc:
        raise click.BadParameter(exc.render(), param_hint="--published") from exc


_common = [
    click.option("--published", metavar="YYYY-MM-DD", callback=_checked_date,
                 help="Publication date for every input (overrides dates found in inputs)."),
    click.option("--no-clean", is_flag=True,
                 help="Keep the text exactly as input (offsets index the input)."),
    click.option("--model", default="sm", show_default=True,
                 help="spaCy model: sm, md, or an installed spaCy package name."),
    click.option("--max-bytes", type=click.IntRange(min=1), default=None,
                 help="Refuse input files larger than this many bytes (default 8,000,000)."),
    click.option("--max-chars", type=click.IntRange(min=1), default=None,
                 help="Refuse articles longer than this many characters (default 300,000: "
                      "longer than any news article; longer texts are parsed in slices)."),
]


def _with_common(f: Any) -> Any:
    for opt in reversed(_common):
        f = opt(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flashpoint")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """flashpoint: sourced, structured political event data from news text."""
    ctx.obj = {"debug": debug}


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_with_common
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True, help="json: one object (an array for many); jsonl: a line each.")
@click.option("--failures", "failures_path", type=click.Path(dir_okay=False),
              help="Also write failed documents (id, stage, reason) to this JSONL file.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Seconds one document may take (0: no limit). With a limit (or "
                   "--max-memory) each document runs in a worker process that is stopped at "
                   "the limit; the document is reported as failed and the run goes on.")
@click.option("--max-memory", type=click.IntRange(min=100), default=None,
              help="MB of memory one document may use (with a worker process, as above).")
def extract(paths: tuple[str, ...], published: str | None, no_clean: bool, model: str,
            max_bytes: int | None, max_chars: int | None, fmt: str,
            failures_path: str | None, time_limit: float, max_memory: int | None) -> None:
    """Extract documents from PATHS (files, directories, .jsonl, or - for stdin).

    For a single document --format json prints one JSON object; for several, an array.
    """
    config = _config(no_clean, model, max_bytes, max_chars)
    if time_limit or max_memory:
        results = _sandboxed(paths, config, published, time_limit or None, max_memory)
    else:
        results = _results(paths, config, published)
    sink = Path(failures_path).open("w", encoding="utf-8") if failures_path else None  # noqa: SIM115
    try:
        if fmt == "json" and len(paths) == 1 and _single_document(paths[0]):
            tally = _emit_single(results, sys.stdout, sink)
        else:
            tally = _emit(results, fmt, sys.stdout, sink)
    finally:
        if sink is not None:
            sink.close()
    sys.exit(tally.exit_code())


def _single_document(path: str) -> bool:
    p = Path(path)
    return path != "-" and p.is_file() and p.suffix.lower() not in {".jsonl", ".json"}


def _emit_single(results: Iterator[Document | Failure], out: IO[str],
                 failures: IO[str] | None) -> _Tally:
    tally = _Tally()
    for r in results:
        if isinstance(r, Failure):
            tally.failed += 1
            _report_failure(r, failures)
        else:
            tally.done += 1
            _warn_guesses(r)
            out.write(jsonl.dumps(r.to_dict(), indent=2) + "\n")
    return tally


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_with_common
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
              show_default=True, help="DuckDB file to store documents in.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per CPU).")
@click.option("--time-limit", type=click.FloatRange(min=0), default=DEFAULT_TIME_LIMIT,
              show_default=True,
              help="Seconds one document may take; past that it is recorded as a failure "
                   "and the run goes on (0: no limit).")
@click.option("--dask", metavar="ADDRESS|local",
              help="Extract on a Dask cluster: 'local' starts one on this machine (2 worker "
                   "processes, or --workers), tcp://HOST:8786 connects to a running scheduler.")
@click.option("--reextract", is_flag=True,
              help="Extract again articles already stored with the same content (after "
                   "upgrading flashpoint or changing its data files); each replaces its "
                   "stored version.")
@click.option("--log-seconds", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="When stderr is not a terminal, print a progress line this often "
                   "(0: after every commit).")
def ingest(paths: tuple[str, ...], published: str | None, no_clean: bool, model: str,
           max_bytes: int | None, max_chars: int | None, db: str, workers: int | None,
           time_limit: float, dask: str | None, reextract: bool, log_seconds: float) -> None:
    """Extract PATHS in parallel into the embedded database, then summarise it.

    Resumable: run it again after an interruption and it skips every article already stored
    with the same content, retries transient failures, and re-extracts revised articles.
    """
    from flashpoint.batch import IngestOptions, IngestProgress, estimate_total, run_ingest
    from flashpoint.corpus import Store, refresh
    from flashpoint.ingest import parse_published

    config = _config(no_clean, model, max_bytes, max_chars)
    options = IngestOptions(time_limit=time_limit or None, dask=dask, reextract=reextract,
                            published=parse_published(published) if published else None)
    if workers is not None:
        options = dataclasses.replace(options, workers=workers, dask_workers=workers)
    progress = IngestProgress(estimate_total(paths), log_seconds)
    try:
        report = run_ingest(list(paths), db, config, options, on_progress=progress,
                            on_failure=lambda f: _report_failure(f, None))
    finally:
        progress.close()
    click.echo(f"stored {report.stored} documents, {report.failed} failed, in {db} "
               f"({report.unchanged} unchanged, {report.replaced} replaced, "
               f"{report.not_retried} failed before and not retried)")
    with Store(db) as store:
        refresh(store)  # canonical events: the same event told by several articles, once
        _print_summary(store.summary())
    sys.exit(report.exit_code())


@cli.command()
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
              show_default=True, help="DuckDB file to summarise.")
def summary(db: str) -> None:
    """Print what the store holds: documents, actors, events."""
    from flashpoint.corpus import Store

    if not Path(db).exists():
        raise ConfigError(f"no store at {db}", fix="run 'flashpoint ingest PATH --db FILE' first")
    with Store(db) as store:
        _print_summary(store.summary())


def _print_summary(s: Any) -> None:
    click.echo(f"documents   {s.documents:>8}   (failed: {s.failures})")
    click.echo(f"actors      {s.distinct_actors:>8}   distinct ({s.actors} per-document)")
    click.echo(f"events      {s.events:>8}")
    for etype, n in s.events_by_type.items():
        click.echo(f"  {etype:<12}{n:>6}")
    click.echo(f"statements  {s.statements:>8}")
    click.echo(f"times       {s.times:>8}")
    click.echo(f"places      {s.places:>8}")
    if s.top_actors:
        click.echo("top actors (mentions):")
        for actor_id, name, n in s.top_actors:
            click.echo(f"  {name} [{actor_id}]  {n}")
    if not s.documents:
        click.echo("(the store is empty: add articles with 'flashpoint ingest PATH --db FILE')")


cli.add_command(eval_command)
cli.add_command(query)
cli.add_command(dedup_command)
cli.add_command(export_command)
cli.add_command(serve)


@cli.command()
@click.argument("text")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date to anchor dates on.")
@click.option("--model", default="sm", show_default=True, help="spaCy model: sm or md.")
def explain(text: str, published: str | None, model: str) -> None:
    """Show how TEXT is coded: parse, actors, triggers, model votes, roles, modality.

    TEXT is a sentence or a short passage (use - to read it from stdin).
    """
    from flashpoint.ingest import parse_published
    from flashpoint.pipeline import Pipeline

    from .explain import explain as run_explain
    from .explain import render

    if text == "-":
        text = sys.stdin.read()
    date = parse_published(published) if published else None
    pipeline = Pipeline(PipelineConfig(model=model, clean=False))
    click.echo(render(run_explain(text, pipeline, published=date)))


def main() -> None:
    """Entry point: run the CLI with errors translated at the edge."""
    debug = "--debug" in sys.argv
    # trafilatura logs ERROR lines for pages it cannot parse; we report those ourselves, once,
    # as a failure with a reason, so its own log is noise on the CLI (kept with --debug).
    logging.getLogger("trafilatura").setLevel(logging.DEBUG if debug else logging.CRITICAL)
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("flashpoint: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except ConfigError as exc:
        _die(exc, 2)
    except FlashpointError as exc:
        _die(exc, 1)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"flashpoint: internal error: {type(exc).__name__}: {exc} "
                   "(run with --debug for a traceback, and please report it)", err=True)
        sys.exit(70)
