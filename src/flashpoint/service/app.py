"""The HTTP API (``flashpoint serve``): the store's analytics and the pipeline over HTTP.

``create_app`` builds a FastAPI app over one store file; the endpoints are exactly those of
docs/http-api.md, the contract the dashboard is written against. This module only wires
requests to the library: ``corpus.analytics`` answers the analytical questions, ``queries`` the
few serving-specific ones, ``runtime`` runs them off the event loop within the time limit,
and ``errors`` turns every failure into ``{"error": {"code", "message", "field"}}``.

The app is safe to expose on a laptop by default: it binds to loopback (``cli.serve``), opens
the store read-only unless ingest is allowed, refuses oversized bodies, pages with a cap, and
serves its documentation (Swagger UI) and the dashboard from files in the package, never from
a CDN.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations at
# run time, and they name objects local to the app factory (the page cap's Query).

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from flashpoint.batch import DEFAULT_MAX_MEMORY_MB
from flashpoint.config import PipelineConfig
from flashpoint.model import Document
from flashpoint.version import __version__

from . import queries as q
from .errors import (
    BadParameterError,
    EdgeGuard,
    NotFoundError,
    failure_error,
    install_handlers,
)
from .models import (
    DEFAULT_LIMIT,
    MAX_ID_CHARS,
    MAX_OFFSET,
    ArticleIn,
    DocumentsPage,
    Health,
    IngestIn,
    IngestOut,
    Stats,
    contract_components,
    error_responses,
)
from .routes import analytics_routes
from .runtime import Runtime, ingest_answer

#: Largest request body accepted (413 above): 10 MiB holds ~100 long articles as JSON; bigger
#: batches belong to ``flashpoint ingest`` on files, which streams and resumes.
DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024

#: Longest a request may run (504 above). Extracting a long article takes ~1-2 s on a laptop
#: core and the first request also loads spaCy (~3 s); 30 s leaves room for a small ingest batch.
DEFAULT_TIME_LIMIT_S = 30.0

#: Most items one page may hold (``limit`` above it is a 400).
DEFAULT_PAGE_CAP = 1000

SWAGGER_UI_VERSION = "5.35.0"
WEB_DIR = Path(__file__).resolve().parent / "web"
STATIC_DIR = WEB_DIR / "static"
SWAGGER_DIR = WEB_DIR / "vendor" / "swagger"
SWAGGER_URL = "/vendor/swagger"
NO_DASHBOARD = ("flashpoint HTTP API. The dashboard is not installed in this build "
                "(src/flashpoint/web/static/index.html); the API documentation is at /docs.")
#: The contract's JSON Schema, published in the OpenAPI components under this prefix.
CONTRACT = "Document"


def create_app(db_path: str | Path, *, allow_ingest: bool = False,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               time_limit_s: float = DEFAULT_TIME_LIMIT_S, page_cap: int = DEFAULT_PAGE_CAP,
               pipeline_config: PipelineConfig | None = None, preload: bool = False,
               max_memory_mb: float = DEFAULT_MAX_MEMORY_MB) -> FastAPI:
    """The API over the store ``db_path``, opened now (a bad file fails here, not on the first
    request): read-only, or read-write with ``allow_ingest``. ``preload`` loads the spaCy
    pipeline in the background at start-up instead of on the first ``/extract``."""
    if page_cap < 1 or max_body_bytes < 1 or time_limit_s <= 0:
        raise ValueError("page_cap, max_body_bytes and time_limit_s must be positive")
    runtime = Runtime(db_path, writable=allow_ingest, time_limit_s=time_limit_s,
                      pipeline_config=pipeline_config, max_memory_mb=max_memory_mb)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runtime.open()
        if preload:
            runtime.warm_up()
        yield
        runtime.close()

    app = FastAPI(title="flashpoint", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None, dependencies=[Depends(known_parameters)],
                  description="Sourced, structured political event data from news text. "
                              "Contract: docs/http-api.md.")
    app.state.runtime = runtime
    app.add_middleware(EdgeGuard, max_body_bytes=max_body_bytes, allow_ingest=allow_ingest)
    install_handlers(app)
    _core_routes(app, runtime, page_cap)
    app.include_router(analytics_routes(runtime, page_cap))
    _site_routes(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def known_parameters(request: Request) -> None:
    """Refuse a query parameter the endpoint does not take (``/events?foo=bar`` is a 400
    naming ``foo``, not an unfiltered answer the client would take for a filtered one)."""
    from fastapi.routing import APIRoute

    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.include_in_schema:
        return  # the dashboard's pages take whatever a link adds (utm_source=...)
    known: set[str] = set()
    todo = [route.dependant]
    while todo:
        dependant = todo.pop()
        known.update(str(p.alias) for p in dependant.query_params)
        todo.extend(dependant.dependencies)
    for name in request.query_params:
        if name not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise BadParameterError(f"{name}: this endpoint takes no parameter {name!r}",
                                    field=name, fix=f"its parameters are: {listed} (see /docs)")


def _core_routes(app: FastAPI, runtime: Runtime, page_cap: int) -> None:
    """Health, stats, extraction, ingest and documents."""
    limit_q = Query(ge=1, le=page_cap, description=f"items per page (at most {page_cap})")
    offset_q = Query(ge=0, le=MAX_OFFSET)

    @app.get("/health", response_model=Health, responses=error_responses())
    async def health() -> Health:
        """Whether the server answers, and how much the store holds."""
        docs, events = await runtime.query(q.health_counts)
        return Health(status="ok", documents=docs, events=events)

    @app.get("/stats", response_model=Stats, responses=error_responses())
    async def stats() -> Stats:
        """Counts by table, events by type and modality, and the date ranges."""
        return Stats.model_validate(await runtime.query(q.stats))

    contract: dict[int | str, dict[str, Any]] = {200: {
        "description": "the contract document (document.schema.json)",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{CONTRACT}"}}}}}

    @app.post("/extract", response_class=JSONResponse,
              responses={**contract, **error_responses(400, 413)})
    async def extract(article: ArticleIn) -> JSONResponse:
        """Extract one article (not stored): the contract document."""
        result = await runtime.extract(article)
        if isinstance(result, Document):
            return JSONResponse(result.to_dict())
        raise failure_error(result, "html" if article.html is not None else "text")

    @app.post("/ingest", response_model=IngestOut,
              responses=error_responses(400, 403, 413))
    async def ingest(body: IngestIn) -> IngestOut:
        """Extract and store documents (only with ``--allow-ingest``); one bad document is
        reported in ``failures`` and the others are stored."""
        outcomes = await runtime.ingest(body.documents)
        return ingest_answer(outcomes)

    @app.get("/documents", response_model=DocumentsPage, responses=error_responses(400))
    async def documents(
        q_: Annotated[str | None, Query(alias="q", max_length=MAX_ID_CHARS,
                                        description="text in the id, title or source")] = None,
        limit: Annotated[int, limit_q] = DEFAULT_LIMIT,
        offset: Annotated[int, offset_q] = 0,
    ) -> DocumentsPage:
        """Stored documents, newest first."""
        items, total = await runtime.query(lambda con: q.documents_page(con, q_, limit, offset))
        return DocumentsPage.model_validate(
            {"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get("/documents/{doc_id:path}", response_class=JSONResponse,
             responses={**contract, **error_responses(400, 404)})
    async def document(
        doc_id: Annotated[str, PathParam(max_length=MAX_ID_CHARS)],
    ) -> JSONResponse:
        """One stored document, as the contract document."""
        doc = await runtime.query(lambda con: q.document(con, doc_id))
        if doc is None:
            raise NotFoundError(f"no document with id {doc_id!r} in the store", field="doc_id",
                                fix="list the ids with GET /documents")
        return JSONResponse(doc)


def _site_routes(app: FastAPI) -> None:
    """The dashboard at ``/`` and ``/static``, Swagger UI at ``/docs``, all from local files."""
    if STATIC_DIR.is_dir():  # (a build without the dashboard: /static/... is a plain 404)
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(SWAGGER_URL, StaticFiles(directory=SWAGGER_DIR), name="swagger")

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        page = STATIC_DIR / "index.html"
        if page.is_file():
            return FileResponse(page, media_type="text/html")
        return PlainTextResponse(NO_DASHBOARD)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title="flashpoint API",
            swagger_js_url=f"{SWAGGER_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_URL}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_URL}/favicon-32x32.png")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the contract's JSON Schema in its components and without the
    422 answers FastAPI documents by default (this API answers 400 instead)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            operation.get("responses", {}).pop("422", None)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components.update(contract_components(CONTRACT))
    app.openapi_schema = schema
    return schema
