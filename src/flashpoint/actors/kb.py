"""The actor knowledge base's validated loader (``load_kb``): the records live in
``kb_records``, alias normalisation in ``names``; this module reads the JSONL files, checks
ids, types, roles and references, and refuses an alias clash the data does not settle.

The KB is data, not code: JSONL files under ``flashpoint/data/kb/`` built reproducibly by
``scripts/build_kb.py`` (``make kb``) from the Phoenix/PETRARCH2 dictionaries, the NGEC country
table and our curated YAML (``kb/curated/``). Never edit the built files by hand. The id
scheme is ``kb_records``'s.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO, cast

from flashpoint.errors import DataFileError
from flashpoint.model import ACTOR_TYPES, ActorType

from .kb_records import (
    CAMEO_PATTERN,
    ID_PATTERN,
    KB_SCHEMA,
    MANIFEST,
    NON_STATE_PREFIXES,
    QID_PATTERN,
    RULE_KINDS,
    AliasRule,
    KBActor,
    KnowledgeBase,
    Role,
    RuleKind,
    date_bounds,
)
from .names import alias_keys, normalise

#: Names other modules import from here (``normalise`` and ``alias_keys`` live in names.py).
__all__ = [
    "CAMEO_PATTERN", "ID_PATTERN", "KB_SCHEMA", "MANIFEST", "AliasRule", "KBActor",
    "KnowledgeBase", "Role", "alias_keys", "date_bounds", "default_path", "load_kb",
    "normalise", "read_kb",
]

# --------------------------------------------------------------------------- loading

_ACTOR_KEYS = frozenset(("id", "name", "type", "country", "aliases", "roles", "kb", "cameo",
                         "note", "sources", "demonyms"))
_ROLE_KEYS = frozenset(("title", "affiliation", "country", "start", "end"))
_RULE_KEYS = frozenset(("alias", "actors", "rule", "note"))
_FIX = "correct the curated YAML under kb/curated/ (or the build) and run `make kb`"


def default_path() -> Path:
    """The packaged KB folder."""
    return Path(str(resources.files("flashpoint").joinpath("data", "kb")))


@lru_cache(maxsize=4)
def load_kb(path: str | Path | None = None) -> KnowledgeBase:
    """Load and validate the KB in folder ``path`` (default: the packaged one), once.

    Raises :class:`DataFileError` naming the file and line of the first problem.
    """
    return read_kb(Path(path) if path is not None else default_path())


def read_kb(folder: Path) -> KnowledgeBase:
    """Load and validate the KB in ``folder`` (uncached: prefer :func:`load_kb`)."""
    manifest = _read_manifest(folder / MANIFEST)
    actors: dict[str, KBActor] = {}
    where: dict[str, str] = {}
    for name in manifest["actors"]:
        for source, actor in _read_actor_file(folder / name):
            if actor.id in actors:
                raise DataFileError(f"actor id {actor.id!r} is defined twice (also at "
                                    f"{where[actor.id]})", source=source, fix=_FIX)
            actors[actor.id] = actor
            where[actor.id] = source
    states = frozenset(a.id for a in actors.values() if a.type == "state")
    for actor in actors.values():
        try:
            _check_references(actor, actors, states)
        except ValueError as exc:
            raise DataFileError(str(exc), source=where[actor.id], fix=_FIX) from None
    rules, rule_where = _read_rules(folder / manifest["rules"], actors)
    index = _build_index(actors, rules, where, rule_where)
    return KnowledgeBase(by_id=MappingProxyType(actors), index=MappingProxyType(index),
                         rules=MappingProxyType(rules), meta=MappingProxyType(manifest),
                         states=states, last_words=frozenset(k.rsplit(" ", 1)[-1] for k in index))


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read the KB manifest ({exc})", source=str(path),
                            fix="reinstall flashpoint or rebuild the KB with `make kb`") from None
    ok = (isinstance(manifest, dict) and manifest.get("schema") == KB_SCHEMA
          and isinstance(manifest.get("actors"), list) and isinstance(manifest.get("rules"), str))
    if not ok:
        raise DataFileError(f"not a {KB_SCHEMA} manifest (needs schema, actors, rules)",
                            source=str(path), fix="rebuild the KB with `make kb`")
    return cast(dict[str, Any], manifest)


def open_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every line of a JSONL file, gzipped if it ends in ``.gz``.

    The first line must be the header ``{"header": {"schema": "flashpoint.kb/1", ...}}``.
    """
    try:
        with _open_text(path) as fh:
            for number, line in enumerate(fh, 1):
                obj = _parse_line(line, path, number)
                if number == 1:
                    header = obj.get("header")
                    if not isinstance(header, dict) or header.get("schema") != KB_SCHEMA:
                        raise DataFileError(f"the first line is not a {KB_SCHEMA} header",
                                            source=f"{path}:1", fix="rebuild the KB with `make kb`")
                    continue
                yield number, obj
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the KB file ({exc})", source=str(path),
                            fix="reinstall flashpoint or rebuild the KB with `make kb`") from None


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _parse_line(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"not a JSON line ({exc.msg})", source=f"{path}:{number}",
                            fix="rebuild the KB with `make kb`") from None
    if not isinstance(obj, dict):
        raise DataFileError("a line is not a JSON object", source=f"{path}:{number}",
                            fix="rebuild the KB with `make kb`")
    return obj


def _read_actor_file(path: Path) -> Iterator[tuple[str, KBActor]]:
    for number, obj in open_jsonl(path):
        source = f"{path}:{number}"
        try:
            yield source, parse_actor(obj)
        except (ValueError, TypeError) as exc:
            label = obj.get("id", "?")
            raise DataFileError(f"actor {label!r}: {exc}", source=source, fix=_FIX) from None


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None or (type(value) is str and value and not value.isspace()):
        return value
    raise ValueError(f"{key} must be a non-empty string or null, not {value!r}")


def _str_list(obj: dict[str, Any], key: str) -> tuple[str, ...]:
    value = obj.get(key, [])
    if type(value) is list:
        for v in value:
            if type(v) is not str or not v or v.isspace():
                break
        else:
            return tuple(value)
    raise ValueError(f"{key} must be a list of non-empty strings")


def parse_role(obj: object) -> Role:
    """A role from its JSON object, checked (ValueError if malformed)."""
    if not isinstance(obj, dict) or set(obj) != _ROLE_KEYS:
        raise ValueError(f"a role must have exactly the keys {sorted(_ROLE_KEYS)}: {obj!r}")
    title = _opt_str(obj, "title")
    if title is None:
        raise ValueError("a role needs a title")
    role = Role(title, _opt_str(obj, "affiliation"), _opt_str(obj, "country"),
                _opt_str(obj, "start"), _opt_str(obj, "end"))
    try:
        start, end = role.span()
    except ValueError as exc:
        raise ValueError(f"role {title!r}: invalid date: {exc}") from None
    if start > end:
        raise ValueError(f"role {title!r} ends ({role.end}) before it starts ({role.start})")
    return role


def parse_actor(obj: dict[str, Any]) -> KBActor:
    """A KB actor from its JSON object, checked on its own (ValueError if malformed)."""
    if set(obj) != _ACTOR_KEYS:
        extra, missing = sorted(set(obj) - _ACTOR_KEYS), sorted(_ACTOR_KEYS - set(obj))
        raise ValueError(f"wrong keys (unknown: {extra}, missing: {missing})")
    ident, name = _opt_str(obj, "id"), _opt_str(obj, "name")
    if ident is None or not ID_PATTERN.match(ident):
        raise ValueError(f"id {ident!r} does not follow the id scheme (see flashpoint.kb)")
    if name is None:
        raise ValueError("the name is empty")
    kind = obj["type"]
    if kind not in ACTOR_TYPES:
        raise ValueError(f"type {kind!r} is not one of {', '.join(ACTOR_TYPES)}")
    kb, cameo = _opt_str(obj, "kb"), _opt_str(obj, "cameo")
    if kb is not None and not QID_PATTERN.match(kb):
        raise ValueError(f"kb {kb!r} is not a Wikidata QID")
    if cameo is not None and not CAMEO_PATTERN.match(cameo):
        raise ValueError(f"cameo {cameo!r} is not a CAMEO code (letters in groups of 3)")
    roles = obj["roles"]
    if not isinstance(roles, list):
        raise ValueError("roles must be a list")
    return KBActor(id=ident, name=name, type=cast(ActorType, kind),
                   country=_opt_str(obj, "country"), aliases=_str_list(obj, "aliases"),
                   roles=tuple(parse_role(r) for r in roles), kb=kb, cameo=cameo,
                   note=_opt_str(obj, "note"), sources=_str_list(obj, "sources"),
                   demonyms=_str_list(obj, "demonyms"))


def _check_references(actor: KBActor, actors: Mapping[str, KBActor],
                      states: frozenset[str]) -> None:
    """Cross-record checks: countries are states of the KB, affiliations exist, ids agree."""
    ident, prefix = actor.id, actor.id.split(".")[0]
    if actor.country is not None and actor.country not in states:
        raise ValueError(f"{ident}: country {actor.country!r} is not a state of the KB")
    if (actor.type == "state") != (ident == prefix == actor.country):
        raise ValueError(f"{ident}: a bare ISO3 id is a state, and a state's id and country "
                         "are its ISO3 code")
    if ident.startswith("P."):
        if actor.type != "person":
            raise ValueError(f"{ident}: P. ids are for persons, not {actor.type}")
    elif actor.type == "person":
        raise ValueError(f"{ident}: a person's id must start with 'P.'")
    elif prefix in NON_STATE_PREFIXES:
        if actor.country is not None:
            raise ValueError(f"{ident}: {prefix}. actors have no country")
    elif prefix != actor.country:
        raise ValueError(f"{ident}: the id's prefix {prefix} must be the country "
                         f"({actor.country})")
    for role in actor.roles:
        if role.country is not None and role.country not in states:
            raise ValueError(f"{ident}: role country {role.country!r} is not a state of the KB")
        if role.affiliation is not None and role.affiliation not in actors:
            raise ValueError(f"{ident}: role affiliation {role.affiliation!r} is not in the KB")


def _read_rules(path: Path, actors: Mapping[str, KBActor]
                ) -> tuple[dict[str, AliasRule], dict[str, str]]:
    """The alias rules, and where each is (file:line)."""
    rules: dict[str, AliasRule] = {}
    where: dict[str, str] = {}
    for number, obj in open_jsonl(path):
        source = f"{path}:{number}"
        alias, ids, kind = obj.get("alias"), obj.get("actors"), obj.get("rule")
        problem = None
        if set(obj) - _RULE_KEYS or not isinstance(alias, str) or normalise(alias) != alias:
            problem = "a rule needs alias (a normalised key), actors, rule and optional note"
        elif not isinstance(ids, list) or len(ids) < 2 or len(set(ids)) != len(ids):
            problem = f"rule for {alias!r}: actors must list two or more distinct ids"
        elif kind not in RULE_KINDS:
            problem = f"rule for {alias!r}: rule {kind!r} is not one of {RULE_KINDS}"
        elif missing := [i for i in ids if i not in actors]:
            problem = f"rule for {alias!r} names actors not in the KB: {missing}"
        elif alias in rules:
            problem = f"alias {alias!r} has two rules"
        elif kind == "by_date" and (clash := _date_overlap([actors[i] for i in ids])):
            problem = f"rule for {alias!r} is by_date but {clash} overlap or have no dated roles"
        if problem:
            raise DataFileError(problem, source=source, fix=_FIX)
        rules[cast(str, alias)] = AliasRule(cast(str, alias), tuple(cast(list[str], ids)),
                                            cast(RuleKind, kind), _opt_str(obj, "note"))
        where[cast(str, alias)] = source
    return rules, where


def _date_overlap(candidates: list[KBActor]) -> str | None:
    """None if the actors' role spans are disjoint and listed in date order, else the culprits."""
    spans = [(a.span(), a.id) for a in candidates]
    for (span, ident), (nxt, other) in itertools.pairwise(spans):
        if span is None or nxt is None or span[1] >= nxt[0]:
            return f"{ident} and {other}"
    return None


def _build_index(actors: Mapping[str, KBActor], rules: Mapping[str, AliasRule],
                 where: Mapping[str, str], rule_where: Mapping[str, str]
                 ) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for actor in actors.values():
        for alias in (actor.name, *actor.aliases):
            for key in alias_keys(alias):
                ids = found.setdefault(key, [])
                if actor.id not in ids:
                    ids.append(actor.id)
    if stale := sorted(set(rules) - {k for k, v in found.items() if len(v) > 1}):
        raise DataFileError(f"a rule for alias {stale[0]!r}, which names one actor or none "
                            f"({len(stale)} such rules)", source=rule_where[stale[0]], fix=_FIX)
    index: dict[str, tuple[str, ...]] = {}
    for key, ids in found.items():
        rule = rules.get(key)
        if rule is None and len(ids) == 1:
            index[key] = (ids[0],)
            continue
        if rule is None:
            raise DataFileError(
                f"alias {key!r} names {', '.join(ids)} and no rule says how to choose",
                source=where[ids[-1]], fix="declare it under ambiguous_aliases in "
                "kb/curated/ambiguous.yaml (or drop the alias) and run `make kb`")
        if set(rule.actors) != set(ids):
            raise DataFileError(
                f"the rule for alias {key!r} lists {', '.join(rule.actors)} but the alias "
                f"names {', '.join(sorted(ids))}", source=rule_where[key], fix=_FIX)
        index[key] = rule.actors
    return index
