"""The service layer: the HTTP API (``flashpoint serve``) and the web dashboard's files.

Takes a store file; gives a FastAPI app (``app``) whose endpoints (``routes``) answer from the
corpus layer's analytics, a few serving queries (``queries``, ``events``), run off the event
loop within time limits (``runtime``), with pydantic models (``models``) and one error shape
(``errors``). ``web/static`` holds the built dashboard. Never imports the cli.

Public names: ``create_app``, ``DEFAULT_MAX_BODY_BYTES``, ``DEFAULT_TIME_LIMIT_S``.
"""

from .app import DEFAULT_MAX_BODY_BYTES, DEFAULT_TIME_LIMIT_S, create_app

__all__ = ["DEFAULT_MAX_BODY_BYTES", "DEFAULT_TIME_LIMIT_S", "create_app"]
