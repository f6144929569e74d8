"""Parameters of the analytics queries: validated, and turned into SQL with placeholders.

Everything a caller passes reaches SQL as a parameter; the SQL text is built only from fixed
fragments here. Bad values are a ``QueryError`` naming the parameter and the fix (the CLI
exits 2, the HTTP API answers 400).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from flashpoint.actors import date_bounds
from flashpoint.errors import ConfigError

#: Upper bound of ``limit`` for one page (the HTTP API pages beyond it).
MAX_LIMIT = 10_000
#: Period lengths for time series, as DuckDB ``date_trunc`` parts and pandas frequencies.
FREQUENCIES: dict[str, str] = {"day": "D", "week": "W-MON", "month": "MS"}
#: A bare ISO-3166 alpha-3 code: in dyads it also matches the country's bodies (RUS.MIL).
COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")


class QueryError(ConfigError):
    """A query parameter is invalid (bad date, frequency, limit, bounding box)."""

    code = "FP410"


def day_param(value: str | dt.date | None, name: str, *, end: bool = False) -> dt.date | None:
    """A date parameter; YYYY or YYYY-MM stand for their first day (``end``: last day)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        first, last = date_bounds(str(value).strip())
    except ValueError as exc:
        raise QueryError(f"{name}={value!r}: {exc}", fix="give a date as YYYY-MM-DD, "
                         "YYYY-MM or YYYY") from exc
    return last if end else first


def page(limit: int, offset: int) -> tuple[int, int]:
    """``limit`` and ``offset`` checked: a bounded page keeps one request from reading all."""
    if not 0 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit={limit}, offset={offset}", fix=f"use 0 <= limit <= "
                         f"{MAX_LIMIT} and offset >= 0")
    return limit, offset


def freq_part(freq: str) -> str:
    """``freq`` checked against FREQUENCIES (it names a ``date_trunc`` part)."""
    if freq not in FREQUENCIES:
        raise QueryError(f"freq={freq!r} is not a period", fix=f"use one of {list(FREQUENCIES)}")
    return freq


def names(value: str | Iterable[str] | None) -> list[str] | None:
    """One name or several as a list (for ``list_contains(?, column)``), None for no filter."""
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


def like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


class Where:
    """WHERE clauses and their parameters, built together so they cannot drift apart."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "TRUE"


def actor_match(column: str, actor: str, where: Where) -> str:
    """SQL matching ``column`` to ``actor`` (a country code also matches its bodies)."""
    if COUNTRY_CODE.match(actor):
        where.params.extend([actor, actor + "."])
        return f"({column} = ? OR starts_with({column}, ?))"
    where.params.append(actor)
    return f"{column} = ?"


def bbox_bounds(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    try:
        min_lon, min_lat, max_lon, max_lat = (float(x) for x in bbox)
    except (TypeError, ValueError) as exc:
        raise QueryError(f"bbox={bbox!r} is not four numbers",
                         fix="give bbox as min_lon,min_lat,max_lon,max_lat") from exc
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise QueryError(f"bbox={bbox!r} is not a box in degrees",
                         fix="give min_lon <= max_lon in [-180, 180] and min_lat <= max_lat "
                             "in [-90, 90]")
    return min_lon, max_lon, min_lat, max_lat
