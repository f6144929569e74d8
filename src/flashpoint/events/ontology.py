"""The PLOVER ontology and the CAMEO mapping, loaded from data files and validated.

``data/plover.yaml`` (built by ``scripts/build_ontology.py`` from the PLOVER codebook, draft
0.8) holds the 16 event types in codebook order with their modes, recipient rule, quad
category, conflict/cooperation scores and CAMEO cue categories, and the list of contexts.
``data/cameo2plover.tsv`` maps CAMEO codes to a PLOVER type, mode and contexts. Both are
checked at load: a bad file is a ``DataFileError`` naming the file and the entry.

>>> onto = load_ontology()
>>> onto.intensity("ASSAULT", "aerial")
-9.5
>>> onto.cameo_to_plover("0841")
('RETREAT', 'release', ('legal',))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from flashpoint.datafiles import load_yaml
from flashpoint.errors import DataFileError
from flashpoint.model import EVENT_TYPES

#: The four quad categories of the codebook, in its order.
QUADS: tuple[str, ...] = ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                          "material_conflict")
#: The conflict/cooperation scale of the codebook's scores table.
SCORE_MIN, SCORE_MAX = -10.0, 10.0
#: A CAMEO cue category ("03") has two digits; event codes have three or four ("036", "0311").
CAMEO_ROOT_DIGITS = 2
CAMEO_EVENT_DIGITS = 3
_CAMEO_CODE = re.compile(r"^\d{2,4}$")
_FIX = "rebuild it with `make ontology` or correct the entry"
_TSV_COLUMNS = ("cameo", "type", "mode", "contexts", "line", "note")


@dataclass(frozen=True)
class ModeDef:
    """One mode of an event type; ``score`` is None when the codebook gives none."""

    name: str
    score: float | None = None


@dataclass(frozen=True)
class EventTypeDef:
    """One PLOVER event type as the codebook defines it."""

    name: str
    modes: tuple[ModeDef, ...]
    requires_recipient: bool
    quad: str
    score: float
    cameo_root: tuple[str, ...]

    @property
    def mode_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modes)

    def mode(self, name: str) -> ModeDef | None:
        """The mode called ``name``, or None when the type has no such mode."""
        return next((m for m in self.modes if m.name == name), None)


@dataclass(frozen=True)
class CameoMapping:
    """One CAMEO code's PLOVER equivalent (a row of ``cameo2plover.tsv``)."""

    code: str
    type: str
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Ontology:
    """The event types (by name, in codebook order), contexts and the CAMEO mapping."""

    types: dict[str, EventTypeDef]
    contexts: tuple[str, ...]
    cameo: dict[str, CameoMapping]

    def intensity(self, event_type: str, mode: str | None = None) -> float:
        """The codebook's conflict/cooperation score of a type (and of ``mode`` if scored).

        A mode the codebook gives no score for falls back to the type's score. Unknown types
        or modes raise ``KeyError``.
        """
        definition = self.types[event_type]
        if mode is None:
            return definition.score
        found = definition.mode(mode)
        if found is None:
            raise KeyError(f"{event_type} has no mode {mode!r}; modes: {definition.mode_names}")
        return definition.score if found.score is None else found.score

    def cameo_to_plover(self, code: str) -> tuple[str, str | None, tuple[str, ...]] | None:
        """(type, mode, contexts) for a CAMEO code, trying shorter prefixes when unknown.

        "0234" unknown -> "023" -> "02"; None when no prefix of two or more digits is mapped
        (CAMEO 01 and 02 were dropped from PLOVER).
        """
        key = code.strip()
        while len(key) >= CAMEO_ROOT_DIGITS:
            hit = self.cameo.get(key)
            if hit is not None:
                return hit.type, hit.mode, hit.contexts
            key = key[:-1]
        return None

    def plover_to_cameo(self, event_type: str, mode: str | None = None) -> str:
        """The CAMEO code that best stands for a type (and ``mode``), for exports.

        Candidates are the codes mapped to exactly this type and mode; failing that, the
        type's codes without a mode; failing that (ACCUSE has none), the codes of its first
        mode. Three- and four-digit event codes are preferred to the two-digit headers; among
        candidates the most general (shortest) code wins, then the table's order.
        """
        definition = self.types[event_type]
        if mode is not None and definition.mode(mode) is None:
            raise KeyError(f"{event_type} has no mode {mode!r}; modes: {definition.mode_names}")
        rows = [m for m in self.cameo.values() if m.type == event_type]
        tries = [mode, None, definition.mode_names[0] if definition.modes else None]
        for min_digits in (CAMEO_EVENT_DIGITS, CAMEO_ROOT_DIGITS):
            for wanted in tries:
                found = [m.code for m in rows if m.mode == wanted and len(m.code) >= min_digits]
                if found:  # rows are in table order; min() keeps the first of the shortest
                    return min(found, key=len)
        raise KeyError(f"no CAMEO code maps to {event_type}")


def _data_path(name: str) -> Path:
    return Path(str(resources.files("flashpoint").joinpath(f"data/{name}")))


def _fail(path: Path, message: str) -> DataFileError:
    return DataFileError(message, source=str(path), fix=_FIX)


def _score(value: Any, path: Path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(path, f"{where}: score must be a number, got {value!r}")
    if not SCORE_MIN <= float(value) <= SCORE_MAX:
        raise _fail(path, f"{where}: score {value} is outside [{SCORE_MIN:g}, {SCORE_MAX:g}]")
    return float(value)


def _modes(raw: Any, path: Path, where: str) -> tuple[ModeDef, ...]:
    if not isinstance(raw, list):
        raise _fail(path, f"{where}.modes: expected a list")
    modes: list[ModeDef] = []
    for i, entry in enumerate(raw):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name:
            raise _fail(path, f"{where}.modes[{i}]: each mode needs a name")
        if any(m.name == name for m in modes):
            raise _fail(path, f"{where}.modes[{i}]: mode {name!r} listed twice")
        score = entry.get("score")
        modes.append(ModeDef(name, None if score is None else
                             _score(score, path, f"{where}.{name}")))
    return tuple(modes)


def _type(raw: Any, index: int, path: Path) -> EventTypeDef:
    where = f"types[{index}]"
    if not isinstance(raw, dict):
        raise _fail(path, f"{where}: expected a mapping")
    name = raw.get("name")
    where = f"types[{index}] ({name})"
    if not isinstance(raw.get("requires_recipient"), bool):
        raise _fail(path, f"{where}: requires_recipient must be true or false")
    if raw.get("quad") not in QUADS:
        raise _fail(path, f"{where}: quad must be one of {list(QUADS)}")
    roots = raw.get("cameo_root")
    if not isinstance(roots, list) or not all(
            isinstance(r, str) and re.fullmatch(r"\d\d", r) for r in roots):
        raise _fail(path, f"{where}: cameo_root must be a list of two-digit strings")
    return EventTypeDef(str(name), _modes(raw.get("modes"), path, where),
                        raw["requires_recipient"], raw["quad"],
                        _score(raw.get("score"), path, where), tuple(roots))


def read_types(path: Path) -> tuple[dict[str, EventTypeDef], tuple[str, ...]]:
    """Types and contexts from ``plover.yaml``, validated."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(path, f"cannot read the ontology: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), list):
        raise _fail(path, "expected a mapping with 'types' and 'contexts'")
    types = [_type(t, i, path) for i, t in enumerate(raw["types"])]
    names = tuple(t.name for t in types)
    if names != EVENT_TYPES:
        raise _fail(path, f"types must be the 16 PLOVER types in codebook order "
                          f"{list(EVENT_TYPES)}, got {list(names)}")
    contexts = raw.get("contexts")
    if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
        raise _fail(path, "contexts: expected a list of names")
    if len(set(contexts)) != len(contexts):
        raise _fail(path, "contexts: a context is listed twice")
    return {t.name: t for t in types}, tuple(contexts)


def _row(cells: list[str], number: int, path: Path, types: dict[str, EventTypeDef],
         contexts: tuple[str, ...]) -> CameoMapping:
    where = f"line {number}"
    if len(cells) != len(_TSV_COLUMNS):
        raise _fail(path, f"{where}: expected {len(_TSV_COLUMNS)} tab-separated columns "
                          f"{_TSV_COLUMNS}, got {len(cells)}")
    code, kind, mode, ctx = cells[0], cells[1], cells[2], cells[3]
    if not _CAMEO_CODE.match(code):
        raise _fail(path, f"{where}: {code!r} is not a CAMEO code (2-4 digits)")
    if kind not in types:
        raise _fail(path, f"{where}: CAMEO {code} maps to unknown type {kind!r}")
    if mode and types[kind].mode(mode) is None:
        raise _fail(path, f"{where}: CAMEO {code}: {kind} has no mode {mode!r}")
    found = tuple(c for c in ctx.split(";") if c)
    for c in found:
        if c not in contexts:
            raise _fail(path, f"{where}: CAMEO {code}: unknown context {c!r}")
    return CameoMapping(code, kind, mode or None, found)


def read_cameo(path: Path, types: dict[str, EventTypeDef],
               contexts: tuple[str, ...]) -> dict[str, CameoMapping]:
    """CAMEO code -> mapping from ``cameo2plover.tsv``, validated against the types."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise _fail(path, f"cannot read the CAMEO mapping: {exc}") from exc
    out: dict[str, CameoMapping] = {}
    rows = [(n, ln) for n, ln in enumerate(lines, 1) if ln.strip() and not ln.startswith("#")]
    for number, line in rows:
        cells = line.split("\t")
        if tuple(cells) == _TSV_COLUMNS:
            continue
        row = _row(cells, number, path, types, contexts)
        if row.code in out:
            raise _fail(path, f"line {number}: CAMEO {row.code} is mapped twice")
        out[row.code] = row
    if not out:
        raise _fail(path, "no CAMEO codes found")
    return out


@lru_cache(maxsize=8)
def load_ontology(path: str | Path | None = None,
                  cameo_path: str | Path | None = None) -> Ontology:
    """Load and validate the ontology (cached per process).

    ``path`` is a ``plover.yaml``; ``cameo_path`` defaults to the ``cameo2plover.tsv`` beside
    it. Without arguments the packaged files are used.
    """
    yaml_path = Path(path) if path is not None else _data_path("plover.yaml")
    tsv_path = Path(cameo_path) if cameo_path is not None else (
        yaml_path.parent / "cameo2plover.tsv")
    types, contexts = read_types(yaml_path)
    return Ontology(types, contexts, read_cameo(tsv_path, types, contexts))
