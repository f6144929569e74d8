"""The corpus commands: ``flashpoint query …``, ``flashpoint dedup`` and ``flashpoint export``.

A thin layer over ``corpus.analytics``, ``corpus.dedup`` and ``corpus.exports``: options
become keyword arguments, DataFrames become a table, CSV or JSON on stdout. Queries open the
store read-only, so they can run beside a reader like the HTTP API; when the canonical events
are missing or stale they first refresh them with a short writable open (skipped, with a
warning, when another process holds the file). Errors are ``FlashpointError``s, translated by
``main.main``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from flashpoint.errors import ConfigError, StoreError

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

#: The same default store as the other commands (``cli.main.DEFAULT_DB``; not imported from there,
#: since ``main`` imports this module to register its commands).
DEFAULT_DB = Path("flashpoint-data") / "flashpoint.duckdb"
OUTPUT_FORMATS = ("table", "csv", "json")
#: Longest cell shown by ``--format table`` (evidence sentences run to hundreds of chars);
#: csv and json are never cut.
TABLE_CELL_CHARS = 60
#: No column of a table is cut narrower than this to fit the terminal: past that, the
#: rightmost columns (the least important) are left out instead.
MIN_COLUMN_CHARS = 14
#: Table width when the terminal's cannot be read (a pipe, a CI log).
DEFAULT_WIDTH = 120
#: What a person reads of an event mention in ``query events`` (csv and json keep every
#: column): when, what, who to whom, where, how sure, the sentence, and where it came from.
EVENT_TABLE_COLUMNS = ("date", "type", "source", "target", "modality", "evidence", "place_name",
                       "confidence", "doc_id", "event_id")


@contextmanager
def _connection(db: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to ``db`` with fresh canonical events when they can be made."""
    from flashpoint.corpus import Store, dedup

    if not Path(db).is_file():
        raise ConfigError(f"no store at {db}", fix="run 'flashpoint ingest PATH --db FILE' "
                                                   "first, or pass --db")
    with Store.read_only(db) as store:
        fresh = dedup.is_fresh(store.connection)
    if not fresh:
        try:
            with Store(db) as store:
                _quiet(store.connection)
                dedup.refresh(store.connection)
        except StoreError as exc:
            click.echo(f"flashpoint: warning: canonical events not refreshed: {exc.render()}",
                       err=True)
    with Store.read_only(db) as store:
        yield _quiet(store.connection)


def _quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """No DuckDB progress bar: on a terminal it would land in the middle of our output."""
    con.execute("SET enable_progress_bar = false")
    return con


def _cell(value: Any) -> Any:
    """A DataFrame cell as plain JSON-able Python (NaN/NaT -> None, arrays -> lists)."""
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays and scalars
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_cell(v) for v in value]
    if value is None or isinstance(value, str | bool | int):
        return value
    if _is_na(value):
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


def _is_na(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as JSON-able dicts."""
    return [{str(k): _cell(v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def csv_cell(value: Any) -> Any:
    """A cell for CSV: a list as ``[a, b]`` (comma and space inside brackets, as
    ``flashpoint export --format csv`` writes lists: one encoding for every CSV; see
    docs/analytics.md for reading it back with pandas or R)."""
    value = _cell(value)
    if isinstance(value, list):
        return "[" + ", ".join("" if v is None else str(v) for v in value) + "]"
    return value


def _emit(frame: pd.DataFrame, fmt: str, title: str | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps(records(frame), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        click.echo(frame.map(csv_cell).to_csv(index=False), nl=False)
    else:
        if title:
            click.echo(f"== {title} ({len(frame)})")
        if frame.empty:
            click.echo("(none)")
            return
        click.echo(fit_table(frame.map(lambda v: _short(_cell(v))), terminal_width()))


def terminal_width() -> int:
    """Columns of the terminal (``$COLUMNS`` first), or :data:`DEFAULT_WIDTH`."""
    import shutil

    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def fit_table(frame: pd.DataFrame, width: int) -> str:
    """``frame`` (cells already strings) as an aligned table no wider than ``width``: the
    widest columns are cut first (with an ellipsis), none below :data:`MIN_COLUMN_CHARS`;
    when that is not enough, the rightmost columns are left out."""
    cols = [str(c) for c in frame.columns]
    widths = {c: max([len(c), *(len(v) for v in frame[c])]) for c in cols}
    while sum(widths[c] for c in cols) + 2 * (len(cols) - 1) > width:
        widest = max(cols, key=lambda c: widths[c])
        if widths[widest] > MIN_COLUMN_CHARS:
            widths[widest] -= 1
        elif len(cols) > 1:
            cols.pop()
        else:
            break

    def cut(text: str, n: int) -> str:
        return text if len(text) <= n else text[: n - 1] + "…"

    numeric = {c for c in cols if all(_is_number(v) for v in frame[c] if v)}

    def cell(text: str, c: str) -> str:
        text = cut(text, widths[c])
        return text.rjust(widths[c]) if c in numeric else text.ljust(widths[c])

    lines = ["  ".join(cell(c, c) for c in cols)]
    lines += ["  ".join(cell(str(row[c]), c) for c in cols) for _, row in frame.iterrows()]
    return "\n".join(line.rstrip() for line in lines)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _short(value: Any) -> str:
    """A cell for the table format: lists joined, floats to 4 significant digits, cut."""
    if isinstance(value, float):
        return f"{value:.4g}"
    text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, list)
                                     else str(value))
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_CHARS else text[:TABLE_CELL_CHARS - 1] + "…"


def with_names(frame: pd.DataFrame, con: Any, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with each actor-id column (a list or one id) read as "ID Name": what a
    person reads; csv and json keep bare ids."""
    ids: set[str] = set()
    for col in columns:
        for v in frame[col]:
            ids.update(_cell(v) if isinstance(_cell(v), list) else [_cell(v)])
    names = _actor_names(con, {i for i in ids if isinstance(i, str) and i})
    out = frame.copy()

    def label(actor: Any) -> str:
        # The id first: a narrow column cuts the end, and the id is what a query takes.
        name = names.get(str(actor))
        return f"{actor} {name}" if name and name != actor else str(actor)

    for col in columns:
        out[col] = [[label(a) for a in v] if isinstance(v, list) else label(v)
                    for v in (_cell(x) for x in frame[col])]
    return out


def _common(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table",
                     show_default=True, help="Output: aligned table, CSV or JSON.")(f)
    return click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
                        show_default=True, help="DuckDB store to query.")(f)


def _dates(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--until", metavar="DATE", help="Last day (YYYY[-MM[-DD]]).")(f)
    return click.option("--since", metavar="DATE", help="First day (YYYY[-MM[-DD]]).")(f)


@click.group()
def query() -> None:
    """Ask the store questions: events, dyads, actors, networks, escalation, top lists."""


@query.command("events")
@click.option("--actor", help="Actor id as source or target.")
@click.option("--source", help="Source actor id.")
@click.option("--target", help="Target actor id.")
@click.option("--type", "types", multiple=True, help="PLOVER type (repeatable).")
@click.option("--modality", multiple=True, help="Modality (repeatable).")
@_dates
@click.option("--country", help="ISO3 of an actor or of the place.")
@click.option("--bbox", metavar="W,S,E,N", help="min_lon,min_lat,max_lon,max_lat.")
@click.option("--has-place/--no-place", default=None, help="Only events with (without) a place.")
@click.option("--doc-id", help="Events of one document.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@_common
def events_command(actor: str | None, source: str | None, target: str | None,
                   types: tuple[str, ...], modality: tuple[str, ...], since: str | None,
                   until: str | None, country: str | None, bbox: str | None,
                   has_place: bool | None, doc_id: str | None, limit: int, offset: int,
                   db: str, fmt: str) -> None:
    """Event mentions (one per document coding), newest first, with their canonical event."""
    from flashpoint.corpus import analytics

    box = None
    if bbox:
        try:
            w, s, e, n = (float(x) for x in bbox.split(","))
        except ValueError as exc:
            raise click.BadParameter("expected four numbers W,S,E,N", param_hint="--bbox") from exc
        box = (w, s, e, n)
    with _connection(db) as con:
        frame, total = analytics.events(
            con, actor=actor, source=source, target=target, type=types or None,
            modality=modality or None, since=since, until=until, country=country, bbox=box,
            has_place=has_place, doc_id=doc_id, limit=limit, offset=offset)
        if fmt == "table" and not frame.empty:
            frame = with_names(frame, con, ("source", "target"))[list(EVENT_TABLE_COLUMNS)]
    _emit(frame, fmt)
    if fmt == "table":
        click.echo(f"({len(frame)} of {total} mentions, from {offset})")


@query.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--freq", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True)
@_dates
@click.option("--directed", is_flag=True, help="A -> B only (default: both ways).")
@click.option("--totals", is_flag=True, help="Totals per type instead of a time series.")
@_common
def dyad_command(a: str, b: str, freq: str, since: str | None, until: str | None,
                 directed: bool, totals: bool, db: str, fmt: str) -> None:
    """Real-world events between actors A and B per period and type (RUS matches RUS.*)."""
    from flashpoint.corpus import analytics

    with _connection(db) as con:
        if totals:
            frame = analytics.dyad_totals(con, a, b, since=since, until=until,
                                          directed=directed)
        else:
            frame = analytics.dyad_series(con, a, b, freq=freq, since=since, until=until,
                                          directed=directed)
    _emit(frame, fmt)


@query.command("escalation")
@click.argument("a")
@click.argument("b")
@click.option("--freq", type=click.Choice(["day", "week", "month"]), default="week",
              show_default=True)
@click.option("--window", type=int, default=4, show_default=True,
              help="Periods in the baseline.")
@_dates
@_common
def escalation_command(a: str, b: str, freq: str, window: int, since: str | None,
                       until: str | None, db: str, fmt: str) -> None:
    """Escalation index of A–B per period (positive = more hostile than the baseline)."""
    from flashpoint.corpus import analytics

    with _connection(db) as con:
        frame = analytics.escalation(con, a, b, freq=freq, window=window, since=since,
                                     until=until)
    _emit(frame, fmt)


@query.command("actors")
@click.option("-q", "--q", "text", help="Text in the actor's name or id.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0, show_default=True)
@_common
def actors_command(text: str | None, limit: int, offset: int, db: str, fmt: str) -> None:
    """Actors, most mentioned first, with document, mention and event counts."""
    from flashpoint.corpus import analytics

    with _connection(db) as con:
        frame, total = analytics.actors_table(con, q=text, limit=limit, offset=offset)
    _emit(frame, fmt)
    if fmt == "table":
        click.echo(f"({len(frame)} of {total} actors, from {offset})")


@query.command("network")
@_dates
@click.option("--type", "types", multiple=True, help="PLOVER type (repeatable).")
@click.option("--min-count", type=int, default=1, show_default=True)
@click.option("--limit", type=int, default=50, show_default=True)
@_common
def network_command(since: str | None, until: str | None, types: tuple[str, ...],
                    min_count: int, limit: int, db: str, fmt: str) -> None:
    """Directed actor network: source, target, number of events, summed intensity."""
    from flashpoint.corpus import analytics

    with _connection(db) as con:
        frame = analytics.network(con, since=since, until=until, types=types or None,
                                  min_count=min_count, limit=limit)
        names = _actor_names(con, {*frame["source"], *frame["target"]})
    frame.insert(1, "source_name", [names.get(a, "") for a in frame["source"]])
    frame.insert(3, "target_name", [names.get(a, "") for a in frame["target"]])
    _emit(frame, fmt)


def _actor_names(con: Any, ids: set[str]) -> dict[str, str]:
    """Readable names for actor ids (the most common name the store gives each)."""
    if not ids:
        return {}
    rows = con.execute("SELECT actor_id, mode(name) FROM actors WHERE list_contains(?, actor_id) "
                       "GROUP BY actor_id", [sorted(ids)]).fetchall()
    return {str(a): str(n) for a, n in rows}


@query.command("top")
@click.argument("what", type=click.Choice(["actors", "events", "places"]))
@_dates
@click.option("--type", "types", multiple=True, help="PLOVER type (repeatable).")
@click.option("--limit", type=int, default=10, show_default=True)
@_common
def top_command(what: str, since: str | None, until: str | None, types: tuple[str, ...],
                limit: int, db: str, fmt: str) -> None:
    """Top actors, events (by number of documents) or places, in real-world events."""
    from flashpoint.corpus import analytics

    run = {"actors": analytics.top_actors, "events": analytics.top_events,
           "places": analytics.top_places}[what]
    with _connection(db) as con:
        frame = run(con, since=since, until=until, types=types or None, limit=limit)
    _emit(frame, fmt)


@query.command("changes")
@click.argument("date")
@click.option("--by", type=click.Choice(["stored", "day"]), default="stored",
              show_default=True, help="stored: learnt by the store since; day: happened since.")
@click.option("--what", type=click.Choice(["all", "events", "dyads", "actors"]), default="all",
              show_default=True)
@click.option("--limit", type=int, default=20, show_default=True)
@_common
def changes_command(date: str, by: str, what: str, limit: int, db: str, fmt: str) -> None:
    """New events, dyads and actors since DATE (YYYY[-MM[-DD]])."""
    from flashpoint.corpus import analytics

    if fmt == "csv" and what == "all":
        raise click.UsageError("--format csv needs one table: add --what events|dyads|actors")
    with _connection(db) as con:
        changes = analytics.changes_since(con, date, by=by, limit=limit)
    parts = {"events": changes.events, "dyads": changes.dyads, "actors": changes.actors}
    if what != "all":
        parts = {what: parts[what]}
    if fmt == "json" and what == "all":
        click.echo(json.dumps({k: records(v) for k, v in parts.items()}, ensure_ascii=False,
                              indent=1))
        return
    for name, frame in parts.items():
        _emit(frame, fmt, title=f"new {name} since {date} (by {by})")


@click.command("dedup")
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
              show_default=True, help="DuckDB store to deduplicate.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed.")
def dedup_command(db: str, force: bool) -> None:
    """Merge reports of one real-world event into canonical events (run after ingest)."""
    from flashpoint.corpus import Store, dedup

    if not Path(db).is_file():
        raise ConfigError(f"no store at {db}", fix="run 'flashpoint ingest PATH --db FILE' first")
    with Store(db) as store:
        stats = dedup.refresh(_quiet(store.connection), force=force)
    what = "rebuilt" if stats.rebuilt else "already up to date"
    click.echo(f"canonical events {what}: {stats.mentions} mentions -> "
               f"{stats.canonical_events} canonical events ({stats.links} links) "
               f"in {stats.seconds:.2f} s")


@click.command("export")
@click.argument("out", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl", "plover",
                                                    "cameo"]), required=True,
              help="parquet/csv: a directory, one file per table; jsonl: contract documents; "
                   "plover: PLOVER event JSON lines; cameo: GDELT-style TSV.")
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
              show_default=True, help="DuckDB store to export.")
def export_command(out: str, fmt: str, db: str) -> None:
    """Export the store to OUT in a format other tools read."""
    from flashpoint.corpus import exports

    with _connection(db) as con:
        result = exports.export(con, fmt, out)
    click.echo(f"wrote {result.rows} rows ({fmt}) to {out}"
               + (f" ({len(result.paths)} files)" if len(result.paths) > 1 else ""))
