"""The HTTP API's errors, and their translation at the edge into one JSON shape.

Every error answer is ``{"error": {"code", "message", "field"}}`` (docs/http-api.md) so that a
client (the dashboard) has one thing to parse whatever went wrong: FastAPI's own 422
validation answers, Starlette's 404/405, our ``FlashpointError`` subclasses raised by the
pipeline or the store, and the API's own limits (size, time, paging, read-only). Codes are
stable: ``FP6xx`` for the API's own errors, the library's ``FP1xx``-``FP4xx`` otherwise.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flashpoint.corpus import QueryError
from flashpoint.errors import (
    DocumentTooLargeError,
    FlashpointError,
    InputError,
    StoreError,
    TimeLimitError,
)
from flashpoint.model import Failure

log = logging.getLogger("flashpoint.api")


class ApiError(FlashpointError):
    """An HTTP request the API refuses; ``status`` is the HTTP status it answers with."""

    code = "FP600"
    status = 500

    def __init__(self, message: str, *, field: str | None = None, fix: str | None = None) -> None:
        self.field = field
        super().__init__(message, fix=fix)


class BadParameterError(ApiError):
    """A query parameter, path parameter or body field is missing, malformed or out of range."""

    code = "FP601"
    status = 400


class NotFoundError(ApiError):
    """The document, actor or path asked for does not exist."""

    code = "FP602"
    status = 404


class ReadOnlyError(ApiError):
    """A write (``POST /ingest``) to a server started without ``--allow-ingest``."""

    code = "FP603"
    status = 403


class BodyTooLargeError(ApiError):
    """A request body larger than the server's ``--max-body``."""

    code = "FP604"
    status = 413


class RequestTimeoutError(ApiError):
    """A request that ran longer than the server's ``--time-limit``."""

    code = "FP605"
    status = 504


class MethodNotAllowedError(ApiError):
    """A known path asked with a method it does not answer."""

    code = "FP606"
    status = 405


#: The ``[FP101] `` a rendered library message starts with: the code is a field of its own.
_CODE_PREFIX = re.compile(r"^\[FP\d{3}\] ")

#: HTTP statuses Starlette raises itself, mapped to our classes (others keep ``ApiError``).
_STARLETTE_ERRORS: dict[int, type[ApiError]] = {
    400: BadParameterError, 404: NotFoundError, 405: MethodNotAllowedError,
    413: BodyTooLargeError,
}


def error_body(code: str, message: str, field: str | None) -> dict[str, Any]:
    """The one JSON shape of every error answer."""
    return {"error": {"code": code, "message": message, "field": field}}


def error_response(exc: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    """An ``ApiError`` as its JSON answer: the message without the code (a field of its own)."""
    where = f"{exc.source}: " if exc.source else ""
    message = _CODE_PREFIX.sub("", exc.message).rstrip()
    if exc.fix:
        message += ("" if message.endswith((".", "!", "?")) else ".") + f" Fix: {exc.fix}"
    return JSONResponse(error_body(exc.code, f"{where}{message}", exc.field),
                        status_code=exc.status, headers=headers)


def field_name(loc: Sequence[str | int]) -> str | None:
    """``("query", "limit")`` → ``limit``; ``("body", "documents", 0, "text")`` →
    ``documents[0].text``. The location kind (query, path, body) is dropped: parameter names
    are unique within an endpoint. A body that is not JSON at all is the field ``body``."""
    parts = list(loc[1:]) if loc and loc[0] in ("query", "path", "body", "header") else list(loc)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += f".{part}" if name else str(part)
    return name or (str(loc[0]) if loc else None)


def validation_error(exc: RequestValidationError) -> BadParameterError:
    """FastAPI's 422 (a list of problems) as one 400 naming the first bad field."""
    errors = exc.errors()
    if not errors:
        return BadParameterError("the request is not valid")
    first = errors[0]
    loc = tuple(first.get("loc", ()))
    field = field_name(loc)
    if first.get("type") == "json_invalid":
        field = "body"
        message = f"the request body is not valid JSON ({first.get('msg', '')})"
    else:
        message = f"{field}: {first.get('msg', 'is not valid')}"
        if "input" in first and loc and loc[0] != "body":
            message += f" (got {str(first['input'])[:80]!r})"
    more = f"; and {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
    return BadParameterError(message + more, field=field,
                             fix="see /docs for each parameter's form and range")


def from_flashpoint(exc: FlashpointError, field: str | None = None) -> ApiError:
    """A library error as an API error: bad input or a bad query is the client's (400), a
    store that cannot be read is the server's (503), anything else a bug (500)."""
    if isinstance(exc, ApiError):
        return exc
    client = isinstance(exc, InputError | QueryError)
    status = (400 if client else 503 if isinstance(exc, StoreError)
              else 504 if isinstance(exc, TimeLimitError)
              else 413 if isinstance(exc, DocumentTooLargeError) else 500)
    err = ApiError(exc.message, field=field if status in (400, 413) else None, fix=exc.fix)
    err.code, err.status, err.source = exc.code, status, exc.source
    err.args = (err.render(),)
    return err


def failure_error(failure: Failure, field: str) -> ApiError:
    """A document ``/extract`` could not process: the client's input (``FP1xx``: empty, not
    English, not an article) is a 400 naming ``field``; a stage failure is a bug (500)."""
    client = failure.code.startswith("FP1")
    err = ApiError(failure.reason, field=field if client else None,
                   fix=None if client else "this is a bug in flashpoint: please report it "
                                            "with the article")
    err.code, err.status = failure.code, 400 if client else 500
    return err


def install_handlers(app: FastAPI) -> None:
    """Translate every error the app can raise into the one JSON shape."""

    async def on_api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, FlashpointError)
        return error_response(from_flashpoint(exc))

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(validation_error(exc))

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        cls = _STARLETTE_ERRORS.get(exc.status_code, ApiError)
        where = f"{request.method} {request.url.path}"
        message, fix = {
            404: (f"{where}: no such path or file", "the endpoints are listed at /docs"),
            405: (f"{where}: this path does not answer {request.method}",
                  "the endpoints and their methods are listed at /docs"),
        }.get(exc.status_code, (str(exc.detail), None))
        err = cls(message, fix=fix)
        err.status = exc.status_code
        return error_response(err, headers=dict(exc.headers) if exc.headers else None)

    async def on_bug(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error", exc_info=exc)
        err = ApiError(f"internal error: {type(exc).__name__}",
                       fix="this is a bug in flashpoint: please report it with the request")
        return error_response(err)

    app.add_exception_handler(FlashpointError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_bug)


# --------------------------------------------------------------------------- limits at the edge


class _BodyTooLarge(StarletteHTTPException):
    """Raised from ``receive`` when a streamed body passes the limit: an ``HTTPException`` so
    that FastAPI re-raises it as is (it turns other errors met while reading into 400s) and
    ``on_http`` answers it as a 413 in our shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the server's limit of "
                              f"{limit:,} bytes")


class EdgeGuard:
    """ASGI middleware for what must be refused before a request's body is read: a declared
    ``Content-Length`` over the limit (413 at once), a streamed body passing it (413 as soon as
    it does), and ``POST /ingest`` on a read-only server (403, whatever the body). It also
    stamps each answer with ``Server-Timing: app;dur=MS``, the time spent in the app, so a
    client (the load test, a browser's network panel) can tell server time from network and
    queueing time."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, allow_ingest: bool) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allow_ingest = allow_ingest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await error_response(refusal)(scope, receive, send)
            return
        received = 0
        limit = self.max_body_bytes
        started = time.perf_counter()

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge(limit)
            return message

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - started) * 1000
                message.setdefault("headers", []).append(
                    (b"server-timing", f"app;dur={ms:.1f}".encode()))
            await send(message)

        await self.app(scope, limited, timed)

    def _refusal(self, scope: Scope) -> ApiError | None:
        if (not self.allow_ingest and scope.get("path") == "/ingest"
                and scope.get("method") == "POST"):
            return ReadOnlyError("this server is read-only: POST /ingest is turned off",
                                 fix="restart it with 'flashpoint serve --allow-ingest', or "
                                     "run 'flashpoint ingest FILES --db FILE'")
        length = Headers(scope=scope).get("content-length")
        if length is None:
            return None
        if not length.isdigit():
            return BadParameterError("the Content-Length header is not a number",
                                     field="Content-Length")
        if int(length) > self.max_body_bytes:
            return BodyTooLargeError(
                f"the request body is {int(length):,} bytes, over the server's limit of "
                f"{self.max_body_bytes:,}", fix="send fewer or shorter documents per request, "
                "or restart the server with a larger --max-body")
        return None
