"""The analytical endpoints: events, actors, dyad timelines and the actor network.

Each is a thin layer over one ``corpus.analytics`` function (which owns the SQL; ``/events`` reads
the same query, ``corpus.event_query``, straight into JSON rows via ``events``): parameters are
checked and typed here (FastAPI turns a bad one into a 400 naming it), the query runs on a
query thread within the time limit, and the DataFrame becomes the response model of
docs/http-api.md. Names for actor ids and per-type edge counts come from ``queries``.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations at
# run time, and they name objects local to the app factory (the page cap's Query).

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BeforeValidator

from flashpoint.model import EventType, Modality

from . import queries as q
from .errors import BadParameterError, NotFoundError
from .events import EventFilter, events_page
from .models import (
    DEFAULT_LIMIT,
    MAX_COUNT,
    MAX_ID_CHARS,
    MAX_OFFSET,
    ActorsPage,
    DyadTimeline,
    EventsPage,
    Freq,
    Network,
    error_responses,
)

if TYPE_CHECKING:
    import duckdb

    from .runtime import Runtime

    Con = duckdb.DuckDBPyConnection

#: Rolling-baseline window of the escalation index, in periods (analytics' own default).
ESCALATION_WINDOW = 4

#: Default number of network edges: enough for a readable graph of a region's conflict.
DEFAULT_EDGES = 500

#: ``bbox`` is four decimal numbers separated by commas.
BBOX_PATTERN = r"^\s*-?\d+(\.\d+)?\s*(,\s*-?\d+(\.\d+)?\s*){3}$"
LON_LIMIT, LAT_LIMIT = 180.0, 90.0

IdQuery = Annotated[str | None, Query(min_length=1, max_length=MAX_ID_CHARS)]
def _iso_date_only(value: object) -> object:
    """Dates only as YYYY-MM-DD: pydantic's lax mode would read "1.5e-10" as a Unix time."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DateQuery = Annotated[dt.date | None, BeforeValidator(_iso_date_only),
                      Query(description="YYYY-MM-DD (inclusive)")]


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` as numbers, checked against the globe."""
    if value is None:
        return None
    lon0, lat0, lon1, lat1 = (float(x) for x in value.split(","))
    if not (-LON_LIMIT <= lon0 <= lon1 <= LON_LIMIT and -LAT_LIMIT <= lat0 <= lat1 <= LAT_LIMIT):
        raise BadParameterError(
            f"bbox: {value!r} is not min_lon,min_lat,max_lon,max_lat with -180 <= min_lon <= "
            "max_lon <= 180 and -90 <= min_lat <= max_lat <= 90", field="bbox")
    return lon0, lat0, lon1, lat1


def check_dates(since: dt.date | None, until: dt.date | None) -> None:
    """An empty range is a mistake in the request, not an empty answer: say so."""
    if since is not None and until is not None and since > until:
        raise BadParameterError(f"since: {since} is after until ({until})", field="since")


def _event_items(con: "Con", rows: list[dict[str, Any]],
                 names: q.ActorNames) -> list[dict[str, Any]]:
    """Event rows with ``source_names``/``target_names`` (the store's events hold ids only;
    a dashboard must not need a second request to label a row)."""
    if rows and not {"source_names", "target_names"} <= set(rows[0]):
        info = names.lookup(con, (a for r in rows for a in (*(r.get("source") or ()),
                                                             *(r.get("target") or ()))))
        for r in rows:
            for side in ("source", "target"):
                r[f"{side}_names"] = [(info.get(a) or {}).get("name") or a
                                      for a in r.get(side) or ()]
    for r in rows:
        r["source"], r["target"] = r.get("source") or [], r.get("target") or []
    return rows


def analytics_routes(runtime: "Runtime", page_cap: int) -> APIRouter:
    """The analytical endpoints over ``runtime``'s store."""
    from flashpoint.corpus import analytics

    router = APIRouter()
    limit_q = Query(ge=1, le=page_cap, description=f"items per page (at most {page_cap})")
    offset_q = Query(ge=0, le=MAX_OFFSET)

    @router.get("/events", response_model=EventsPage, responses=error_responses(400))
    async def events(
        actor: IdQuery = None, source: IdQuery = None, target: IdQuery = None,
        type: EventType | None = None,  # noqa: A002 (the contract's parameter name)
        modality: Modality | None = None, since: DateQuery = None, until: DateQuery = None,
        country: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$",
                                             description="ISO 3166 alpha-3")] = None,
        bbox: Annotated[str | None, Query(pattern=BBOX_PATTERN,
                                          description="min_lon,min_lat,max_lon,max_lat")] = None,
        has_place: bool | None = None, doc_id: IdQuery = None,
        limit: Annotated[int, limit_q] = DEFAULT_LIMIT, offset: Annotated[int, offset_q] = 0,
    ) -> Response:
        """Event mentions, filtered; each with its actors' names and its canonical event."""
        check_dates(since, until)
        box = parse_bbox(bbox)

        where = EventFilter(actor=actor, source=source, target=target, type=type,
                            modality=modality, since=since, until=until,
                            country=country.upper() if country else None, bbox=box,
                            has_place=has_place, doc_id=doc_id)

        def run(con: "Con") -> tuple[list[dict[str, Any]], int]:
            rows, total = events_page(con, where, limit=limit, offset=offset,
                                      links=runtime.links)
            return _event_items(con, rows, runtime.names), total

        items, total = await runtime.query(run)
        # Validated once against the model, serialised by pydantic's own encoder: FastAPI's
        # second pass over ``response_model`` doubled the cost of a 1,000-item page.
        page = EventsPage.model_validate(
            {"total": total, "limit": limit, "offset": offset, "items": items})
        return Response(page.model_dump_json(), media_type="application/json")

    @router.get("/actors", response_model=ActorsPage, responses=error_responses(400))
    async def actors(
        q_: Annotated[str | None, Query(alias="q", max_length=MAX_ID_CHARS,
                                        description="text in the actor's id or name")] = None,
        limit: Annotated[int, limit_q] = DEFAULT_LIMIT, offset: Annotated[int, offset_q] = 0,
    ) -> ActorsPage:
        """Actors with their document, mention and event counts."""
        def run(con: "Con") -> tuple[list[dict[str, Any]], int]:
            df, total = analytics.actors_table(con, q=q_, limit=limit, offset=offset)
            return q.records(df), int(total)

        items, total = await runtime.query(run)
        return ActorsPage.model_validate(
            {"total": total, "limit": limit, "offset": offset, "items": items})

    @router.get("/dyads/{a}/{b}/timeline", response_model=DyadTimeline,
                responses=error_responses(400, 404))
    async def dyad_timeline(
        a: Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS)],
        b: Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS)],
        freq: Freq = "day", since: DateQuery = None, until: DateQuery = None,
        directed: bool = False,
    ) -> DyadTimeline:
        """Events between actors ``a`` and ``b`` by period and type, and the escalation index."""
        check_dates(since, until)

        def run(con: "Con") -> dict[str, Any]:
            info = runtime.names.lookup(con, (a, b))
            for name, actor_id in (("a", a), ("b", b)):
                if not q.actor_exists(con, actor_id):
                    raise NotFoundError(f"no actor with id {actor_id!r} in the store",
                                        field=name, fix="find ids with GET /actors?q=NAME")
            series = analytics.dyad_series(con, a, b, freq=freq, since=since, until=until,
                                           directed=directed)
            esc = analytics.escalation(con, a, b, freq=freq, window=ESCALATION_WINDOW,
                                       since=since, until=until)
            return {"a": {"id": a, "name": (info.get(a) or {}).get("name")},
                    "b": {"id": b, "name": (info.get(b) or {}).get("name")}, "freq": freq,
                    "series": q.series_points(series),
                    "escalation": [{**r, "index": r.get("escalation")}
                                   for r in q.records(esc)]}

        return DyadTimeline.model_validate(await runtime.query(run))

    @router.get("/network", response_model=Network, responses=error_responses(400))
    async def network(
        since: DateQuery = None, until: DateQuery = None,
        type: EventType | None = None,  # noqa: A002 (the contract's parameter name)
        min_count: Annotated[int, Query(ge=1, le=MAX_COUNT)] = 1,
        limit: Annotated[int, Query(ge=1, le=page_cap)] = min(DEFAULT_EDGES, page_cap),
    ) -> Network:
        """The actor network: directed edges source → target with event counts and types."""
        check_dates(since, until)
        types = [type] if type else None

        def run(con: "Con") -> dict[str, Any]:
            edges = q.records(analytics.network(con, since=since, until=until, types=types,
                                                min_count=min_count, limit=limit))
            return q.network_answer(con, edges, since=since, until=until, types=types,
                                    of_record=analytics.OF_RECORD, names=runtime.names)

        return Network.model_validate(await runtime.query(run))

    return router
