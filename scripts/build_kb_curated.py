"""Curated KB data for ``build_kb.py``: the YAML in ``kb/curated/``, read with line numbers.

Every curated file is checked as it is read: an unknown key, a missing field, a bad date or a
reference to an actor that does not exist stops the build with a DataFileError naming the
file and line. ``Draft`` is the build's mutable actor record; each alias remembers the
priority of the best source that claims it (curated > NGEC/templates > Phoenix), which is
what ``resolve_aliases`` uses when two actors claim one alias.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from flashpoint.actors.kb import ID_PATTERN, date_bounds, normalise
from flashpoint.errors import DataFileError
from flashpoint.model import ACTOR_TYPES

#: Source priorities for alias clashes (higher wins; see build_kb.resolve_aliases).
CURATED, SOURCE, PHOENIX = 3, 2, 1
FIX = "correct the curated YAML and run `make kb` again"
_PLURAL_NONE = ("s", "sh", "ch", "ese", "x", "z", "i-kiribati")


@dataclass
class Draft:
    """An actor while the KB is being built."""

    id: str
    name: str
    type: str
    country: str | None
    origin: str
    priority: int
    aliases: dict[str, int] = field(default_factory=dict)
    roots: dict[str, str] = field(default_factory=dict)
    roles: list[dict[str, Any]] = field(default_factory=list)
    kb: str | None = None
    cameo: str | None = None
    note: str | None = None
    sources: set[str] = field(default_factory=set)
    adj: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    phoenix: list[str] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)

    def claim(self, alias: str, priority: int, root: str | None = None) -> None:
        """Record ``alias`` for this actor at ``priority`` (keeping the best claim)."""
        alias = " ".join(alias.split())
        if not normalise(alias):
            return
        if priority > self.aliases.get(alias, 0):
            self.aliases[alias] = priority
        if root is not None and priority >= self.aliases[alias]:
            self.roots.setdefault(alias, root)

    def to_record(self) -> dict[str, Any]:
        """The record as written: one alias per normal form (the best-sourced spelling; the
        others add no lookup key), sorted; the name is not repeated among the aliases."""
        best: dict[str, str] = {normalise(self.name): self.name}
        ranked = sorted(self.aliases.items(), key=lambda a: (-a[1], a[0].casefold()
                                                             .startswith("the "), a[0]))
        for alias, _priority in ranked:
            best.setdefault(normalise(alias), alias)
        aliases = sorted((a for a in best.values() if a != self.name),
                         key=lambda a: (normalise(a), a))
        roles = sorted(self.roles, key=lambda r: (r["start"] or "", r["end"] or "9999",
                                                   r["title"], r["affiliation"] or ""))
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "aliases": aliases, "roles": roles, "kb": self.kb, "cameo": self.cameo,
                "note": self.note, "sources": sorted(self.sources),
                "demonyms": sorted(set(self.demonyms))}


@dataclass
class Curated:
    """Everything under kb/curated/, each mapping tagged with ``__where__`` (file:line)."""

    files: dict[str, dict[str, Any]]

    def items(self, file: str, key: str) -> list[dict[str, Any]]:
        value = self.files.get(file, {}).get(key, [])
        if not isinstance(value, list):
            raise DataFileError(f"{key} must be a list", source=file, fix=FIX)
        return value

    def mapping(self, file: str, key: str) -> dict[str, Any]:
        value = self.files.get(file, {}).get(key, {})
        if not isinstance(value, dict):
            raise DataFileError(f"{key} must be a mapping", source=file, fix=FIX)
        return value


#: libyaml's parser when PyYAML was built with it (same result, several times faster).
_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BASE_LOADER):  # type: ignore[valid-type,misc]
    """A safe YAML loader that tags every mapping with the line it starts on and leaves dates
    as text (``iso_date`` checks them and can then say which line is wrong)."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = cast(dict[str, Any], loader.construct_mapping(node, deep=True))
    mapping["__where__"] = f"{loader.name}:{node.start_mark.line + 1}"
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_curated(folder: Path) -> Curated:
    """Every ``*.yaml`` in ``folder``, keyed by file name."""
    files: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            with path.open(encoding="utf-8") as fh:
                loader = _LineLoader(fh)
                loader.name = str(path)
                try:
                    data = loader.get_single_data()
                finally:
                    loader.dispose()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
            raise DataFileError(f"not valid YAML ({getattr(exc, 'problem', exc)})",
                                source=where, fix=FIX) from None
        if not isinstance(data, dict):
            raise DataFileError("a curated file must be a YAML mapping", source=str(path), fix=FIX)
        files[path.name] = data
    if not files:
        raise DataFileError("no curated YAML files", source=str(folder), fix="check --curated")
    return Curated(files)


def fail(item: dict[str, Any], message: str) -> DataFileError:
    """The error for a bad curated entry (raise it)."""
    return DataFileError(message, source=str(item.get("__where__", "kb/curated")), fix=FIX)


def check_keys(item: Any, allowed: set[str], required: set[str], what: str) -> None:
    """Refuse entries with unknown or missing keys."""
    if not isinstance(item, dict):
        raise DataFileError(f"each {what} must be a mapping, not {item!r}", source="kb/curated",
                            fix=FIX)
    keys = set(item) - {"__where__"}
    if unknown := keys - allowed:
        raise fail(item, f"{what}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)})")
    if missing := required - keys:
        raise fail(item, f"{what}: missing keys {sorted(missing)}")


def strings(item: dict[str, Any], key: str) -> list[str]:
    """A list-of-strings field (a lone string is a list of one)."""
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(item, f"{key} must be a list of non-empty strings")
    return [" ".join(v.split()) for v in value]


def iso_date(item: dict[str, Any], key: str) -> str | None:
    """A date field as YYYY[-MM[-DD]] (YAML reads 2019-05-20 as a date and 2019 as a number)."""
    value = item.get(key)
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    try:
        date_bounds(text)
    except ValueError as exc:
        raise fail(item, f"{key}: {exc}") from None
    return text


def slug(name: str) -> str:
    """``Abdel Fattah al-Burhan`` → ``abdel-fattah-al-burhan``."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-")


def plurals(adjective: str) -> list[str]:
    """People-plurals of a nationality adjective: Russian → Russians; Swiss, Chinese → none."""
    if adjective.isupper() or "." in adjective or " " in adjective or adjective.endswith(
            _PLURAL_NONE):
        return []
    return [adjective + "s"]


# --------------------------------------------------------------------------- countries


def build_countries(drafts: dict[str, Draft], curated: Curated, table: Path) -> None:
    """States from the NGEC table, completed and corrected by ``countries.yaml``."""
    skip = set(strings(curated.files.get("countries.yaml", {}), "not_states"))
    with table.open(encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), 2):
            iso = row["CCA3"].strip()
            if not re.fullmatch(r"[A-Z]{3}", iso) or iso in skip:
                continue
            draft = Draft(iso, row["Name"].strip(), "state", iso, f"{table}:{number}", SOURCE,
                          sources={"ngec"})
            draft.claim(draft.name, SOURCE)
            for word in row["Nationality"].split(","):
                draft.claim(word.strip(), SOURCE)
            drafts[iso] = draft
    seen: set[str] = set()
    allowed = {"iso3", "name", "official", "names", "adj", "people", "capital", "seats", "kb",
               "note", "drop"}
    for item in curated.items("countries.yaml", "countries"):
        check_keys(item, allowed, {"iso3", "adj", "capital"}, "country")
        iso = item["iso3"]
        if iso in seen:
            raise fail(item, f"country {iso} is listed twice")
        seen.add(iso)
        _apply_country(drafts, item)
    if missing := sorted(i for i, d in drafts.items() if d.type == "state" and i not in seen):
        raise DataFileError(f"states without a curated entry: {missing}",
                            source="kb/curated/countries.yaml",
                            fix="add adj and capital for every state")


def _apply_country(drafts: dict[str, Draft], item: dict[str, Any]) -> None:
    iso = item["iso3"]
    if not isinstance(iso, str) or not re.fullmatch(r"[A-Z]{3}", iso):
        raise fail(item, f"iso3 {iso!r} is not an ISO 3166-1 alpha-3 code")
    draft = drafts.get(iso)
    if draft is None:
        if "name" not in item:
            raise fail(item, f"{iso} is not in the NGEC table: give it a name")
        draft = drafts[iso] = Draft(iso, item["name"], "state", iso, item["__where__"], CURATED)
    if "name" in item:
        draft.name = " ".join(str(item["name"]).split())
    draft.sources.add("curated")
    draft.adj = strings(item, "adj")
    words = [draft.name, *strings(item, "official"), *strings(item, "names"), *draft.adj,
             *strings(item, "people"), *strings(item, "capital")]
    for word in words:
        draft.claim(word, CURATED)
    draft.demonyms = [*draft.adj, *strings(item, "people")]
    draft.capitals = strings(item, "capital")
    for adj in draft.adj:
        for word in plurals(adj):
            draft.claim(word, CURATED, root=adj)
            draft.demonyms.append(word)
    for word in strings(item, "drop"):
        draft.aliases.pop(word, None)
    draft.kb = item.get("kb")
    draft.note = item.get("note")


# --------------------------------------------------------------------------- templates


def build_templates(drafts: dict[str, Draft], curated: Curated) -> None:
    """The generic bodies of every state (``<ISO3>.GOV``, ``.MIL``…) from ``templates.yaml``,
    then the seats of government named in ``countries.yaml`` (``seats: {GOV: [Kremlin]}``)."""
    states = sorted(i for i, d in drafts.items() if d.type == "state")
    allowed = {"id", "type", "cameo", "name", "aliases", "except", "note"}
    for item in curated.items("templates.yaml", "bodies"):
        check_keys(item, allowed, {"id", "type", "cameo", "name", "aliases"}, "template")
        if item["type"] not in ACTOR_TYPES:
            raise fail(item, f"type {item['type']!r} is not an actor type")
        skip = set(strings(item, "except"))
        for iso in states:
            if iso not in skip:
                _instantiate(drafts, drafts[iso], item)
    for item in curated.items("countries.yaml", "countries"):
        seats = item.get("seats") or {}
        for body in seats:
            if body == "__where__":
                continue
            target = drafts.get(f"{item['iso3']}.{body}")
            if target is None:
                raise fail(item, f"seats: no body {item['iso3']}.{body} (see templates.yaml)")
            for word in strings(seats, body):
                target.claim(word, CURATED)
            target.sources.add("curated")


def _instantiate(drafts: dict[str, Draft], state: Draft, item: dict[str, Any]) -> None:
    iso = state.id
    ident = f"{iso}.{item['id']}"
    try:
        name = item["name"].format(name=state.name, adj=state.adj[0])
    except (KeyError, IndexError):
        raise fail(item, f"template name {item['name']!r}: use {{name}} or {{adj}}") from None
    draft = Draft(ident, name, item["type"], iso, item["__where__"], SOURCE,
                  cameo=f"{iso}{item['cameo']}", note=item.get("note"), sources={"template"})
    draft.claim(name, SOURCE)
    for pattern in strings(item, "aliases"):
        if "{adj}" in pattern:
            for adj in state.adj:
                draft.claim(pattern.format(adj=adj, name=state.name), SOURCE, root=adj)
        else:
            alias = pattern.format(name=state.name).replace("s's ", "s' ")
            draft.claim(alias, SOURCE, root=state.name)
    drafts[ident] = draft


# --------------------------------------------------------------------------- curated actors


def build_curated_actors(drafts: dict[str, Draft], curated: Curated) -> None:
    """Curated bodies, IGOs, armed groups, parties and persons (``bodies``, ``igos``,
    ``armed_groups``, ``parties``, ``persons`` YAML), then a check that every role's
    organisation exists."""
    for item in curated.items("bodies.yaml", "bodies"):
        _organisation(drafts, item, default_type=None, what="body")
    for item in curated.items("igos.yaml", "igos"):
        _organisation(drafts, item, default_type="igo", what="IGO")
    for item in curated.items("armed_groups.yaml", "groups"):
        _organisation(drafts, item, default_type="armed_group", what="armed group")
    for item in curated.items("parties.yaml", "parties"):
        _organisation(drafts, item, default_type="party", what="party")
    for item in curated.items("persons.yaml", "persons"):
        _person(drafts, item)
    for draft in drafts.values():
        for role in draft.roles:
            if role["affiliation"] is not None and role["affiliation"] not in drafts:
                raise DataFileError(f"{draft.id}: role organisation {role['affiliation']!r} "
                                    "is not in the KB", source=draft.origin, fix=FIX)


_ORG_KEYS = {"id", "name", "type", "aliases", "cameo", "kb", "note", "phoenix"}


def _organisation(drafts: dict[str, Draft], item: dict[str, Any], default_type: str | None,
                  what: str) -> None:
    check_keys(item, _ORG_KEYS, {"id"}, what)
    ident = item["id"]
    if not isinstance(ident, str) or not ID_PATTERN.match(ident) or ident.startswith("P."):
        raise fail(item, f"{what} id {ident!r} does not follow the id scheme")
    prefix = ident.split(".")[0]
    country = None if prefix in ("IGO", "NSA") else prefix
    if country is not None and drafts.get(country) is None:
        raise fail(item, f"{ident}: {country} is not a state of the KB")
    if prefix == "NSA" and not item.get("note"):
        raise fail(item, f"{ident}: say in a note why it has no country (transnational…)")
    draft = drafts.get(ident)
    if draft is None:
        kind = item.get("type", default_type)
        if "name" not in item or kind is None:
            raise fail(item, f"{ident} is new: give it a name and a type")
        draft = drafts[ident] = Draft(ident, item["name"], kind, country, item["__where__"],
                                      CURATED)
    elif "type" in item:
        draft.type = item["type"]
    if draft.type not in ACTOR_TYPES:
        raise fail(item, f"type {draft.type!r} is not an actor type")
    if "name" in item:
        draft.name = " ".join(str(item["name"]).split())
    draft.priority = CURATED
    draft.sources.add("curated")
    for word in [draft.name, *strings(item, "aliases")]:
        draft.claim(word, CURATED)
    for key in ("cameo", "kb", "note"):
        if item.get(key) is not None:
            setattr(draft, key, item[key])
    draft.phoenix += strings(item, "phoenix")


_PERSON_KEYS = {"id", "name", "country", "aliases", "roles", "kb", "note", "cameo"}
_ROLE_KEYS = {"title", "org", "country", "start", "end"}


def _person(drafts: dict[str, Draft], item: dict[str, Any]) -> None:
    check_keys(item, _PERSON_KEYS, {"name", "country", "roles"}, "person")
    ident = item.get("id") or f"P.{slug(item['name'])}"
    if ident in drafts:
        raise fail(item, f"person id {ident} is taken: give this person an id")
    country = item["country"]
    if country is not None and country not in drafts:
        raise fail(item, f"country {country!r} is not a state of the KB")
    draft = Draft(ident, " ".join(item["name"].split()), "person", country, item["__where__"],
                  CURATED, kb=item.get("kb"), cameo=item.get("cameo"), note=item.get("note"),
                  sources={"curated"})
    for word in [draft.name, *strings(item, "aliases")]:
        draft.claim(word, CURATED)
    roles = item["roles"] or []
    if not isinstance(roles, list):
        raise fail(item, "roles must be a list")
    for role in roles:
        check_keys(role, _ROLE_KEYS, {"title", "org"}, "role")
        org = role["org"]
        if org not in drafts:
            raise fail(role, f"role organisation {org!r} is not in the KB (define it first)")
        start, end = iso_date(role, "start"), iso_date(role, "end")
        if start and end and date_bounds(start)[0] > date_bounds(end)[1]:
            raise fail(role, f"role ends ({end}) before it starts ({start})")
        draft.roles.append({"title": role["title"], "affiliation": org,
                            "country": role.get("country", drafts[org].country),
                            "start": start, "end": end})
    drafts[ident] = draft
