"""``flashpoint serve``: the HTTP API and the dashboard on one port (docs/http-api.md).

A thin layer over ``service.app.create_app``: it checks the store before starting (so a missing or
damaged file is one readable line with its fix, not a traceback from inside uvicorn) and runs
uvicorn bound to loopback unless told otherwise. Errors are ``FlashpointError``s, translated
by ``cli.main.main`` like every other command's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from flashpoint.config import PipelineConfig
from flashpoint.errors import ConfigError

#: The same default store as the other commands (``cli.main.DEFAULT_DB``; not imported from there,
#: because ``main`` imports this module to register the command).
DEFAULT_DB = Path("flashpoint-data") / "flashpoint.duckdb"

#: Loopback: the API has no authentication, so it is reachable from this machine only unless
#: the user asks for more with ``--host``.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@click.command("serve")
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB),
              show_default=True, help="DuckDB store to serve (made by 'flashpoint ingest').")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (the API has no authentication: keep it on loopback "
                   "unless a proxy in front of it controls access).")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--allow-ingest", is_flag=True,
              help="Open the store read-write and accept POST /ingest (else it answers 403).")
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds a request may run before it is answered 504 (default 30).")
@click.option("--max-body", type=click.IntRange(min=1), default=None,
              help="Largest request body in bytes, 413 above (default 10 MiB).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=None,
              help="Largest posted HTML page in bytes (default 8,000,000).")
@click.option("--max-chars", type=click.IntRange(min=1), default=None,
              help="Longest article in characters, 400 above (default 300,000).")
@click.option("--max-memory", type=click.IntRange(min=100), default=None,
              help="MB one extraction worker may use; a document past it is stopped and "
                   "answered 413 (default 2000).")
def serve(db: str, host: str, port: int, allow_ingest: bool, time_limit: float | None,
          max_body: int | None, max_bytes: int | None, max_chars: int | None,
          max_memory: int | None) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs) and the dashboard (at /) for a store."""
    import uvicorn

    from flashpoint.batch import DEFAULT_MAX_MEMORY_MB
    from flashpoint.service import DEFAULT_MAX_BODY_BYTES, DEFAULT_TIME_LIMIT_S, create_app

    path = Path(db)
    if not allow_ingest and not path.is_file():
        raise ConfigError(f"no store at {db}", source="--db",
                          fix=f"run 'flashpoint ingest PATH --db {db}' first, or start the "
                              "server with --allow-ingest to create an empty store")
    base = PipelineConfig()
    config = dataclasses.replace(base, max_bytes=max_bytes or base.max_bytes,
                                 max_chars=max_chars or base.max_chars)
    app = create_app(path, allow_ingest=allow_ingest,
                     max_body_bytes=max_body or DEFAULT_MAX_BODY_BYTES,
                     time_limit_s=time_limit or DEFAULT_TIME_LIMIT_S, preload=True,
                     pipeline_config=config,
                     max_memory_mb=max_memory or DEFAULT_MAX_MEMORY_MB)
    mode = "read-write (POST /ingest on)" if allow_ingest else "read-only"
    click.echo(f"flashpoint: serving {db} ({mode}) on http://{_url_host(host)}:{port}/ "
               f"(API docs at /docs)", err=True)
    if host not in LOOPBACK:
        click.echo(f"flashpoint: warning: listening on {host}: the API has no authentication; "
                   "anyone who can reach this port can read the store"
                   + (" and add documents" if allow_ingest else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
