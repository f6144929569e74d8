"""Build the actor knowledge base: ``make kb`` (or ``python scripts/build_kb.py --help``).

Reads the reference data in ``../shared/reference/`` (Phoenix/PETRARCH2 actor dictionaries,
MIT; the NGEC country table) and our curated YAML in ``kb/curated/``, and writes the packaged
KB under ``src/flashpoint/data/kb/`` (JSONL, gzipped when a file would pass 3 MB). The output
is deterministic: records sorted by id, aliases and roles sorted, no timestamps, fixed gzip
header, so building twice gives byte-identical files. Loader and format: ``flashpoint.actors.kb``.

Stages: countries (NGEC + curated + Phoenix spellings) → generic bodies per country from
templates → curated bodies, IGOs, armed groups and persons → Phoenix imports (persons with
dated roles, bodies, armed groups, IGO aliases) → alias clashes resolved by declared rules or
by the source-priority policy (``resolve_aliases``) → files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import itertools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from build_kb_curated import (
    PHOENIX,
    Curated,
    Draft,
    build_countries,
    build_curated_actors,
    build_templates,
    check_keys,
    fail,
    load_curated,
    strings,
)
from build_kb_phoenix import ParseReport, import_phoenix, read_dictionary

from flashpoint.actors.kb import KB_SCHEMA, MANIFEST, Role, alias_keys, normalise
from flashpoint.errors import DataFileError, FlashpointError

ROOT = Path(__file__).resolve().parents[1]
#: gzip a KB file when its JSONL would be larger than this (the task's 3 MB rule; committed
#: files must stay under 5 MB).
GZIP_ABOVE_BYTES = 3_000_000
#: Output files by actor type group, in load order.
FILE_GROUPS = {
    "countries": ("state",),
    "bodies": ("government", "military", "police", "intelligence"),
    "igos": ("igo",),
    "groups": ("armed_group", "party", "ngo", "media", "business", "religious", "civilians",
               "other"),
    "persons": ("person",),
}
SOURCES = [
    {"name": "Phoenix actor dictionaries (PETRARCH2)", "files": [
        "petrarch2/Phoenix.Countries.actors.txt", "petrarch2/Phoenix.International.actors.txt",
        "petrarch2/Phoenix.MilNonState.actors.txt"],
     "origin": "github.com/openeventdata/petrarch2", "licence": "MIT",
     "copyright": "Open Event Data Alliance; Computational Event Data System Project",
     "use": "names, aliases, CAMEO codes and dated roles (facts, converted)"},
    {"name": "NGEC country table", "files": ["ngec/countries.csv"],
     "origin": "github.com/ahalterman/NGEC-2025", "licence": "MIT (package metadata)",
     "use": "ISO codes, country names and nationality words (facts)"},
    {"name": "flashpoint curated actors", "files": ["kb/curated/*.yaml"],
     "origin": "this repository", "licence": "Apache-2.0",
     "use": "capitals and seats of government, bodies, IGOs, armed groups, persons since 2016, "
            "Wikidata QIDs, alias rules"},
]


#: What a reader of the records must know (also in every file header).
NOTES = {
    "sources field": "where a record's facts come from: curated (kb/curated), ngec (the NGEC "
                     "country table), phoenix (the Phoenix dictionaries), template (generated "
                     "from kb/curated/templates.yaml)",
    "phoenix roles": "roles from Phoenix/CountryInfo (compiled to about 2014) carry CAMEO "
                     "sectors as titles, not exact offices; an open end means in office when "
                     "the dictionary was compiled",
    "dates": "YYYY, YYYY-MM or YYYY-MM-DD at the precision known; start null = unknown, "
             "end null = still held as far as the sources know",
}


def build(shared: Path, curated_dir: Path) -> tuple[dict[str, Draft], list[dict[str, Any]],
                                                    Counter[str]]:
    """All actors and alias rules, from the reference folder and the curated YAML."""
    stats: Counter[str] = Counter()
    reference = shared / "reference"
    curated: Curated = load_curated(curated_dir)
    report = ParseReport()
    phoenix = {name: read_dictionary(reference / "petrarch2" / f"Phoenix.{name}.actors.txt",
                                     report)
               for name in ("Countries", "International", "MilNonState")}
    stats["phoenix unreadable date restrictions"] = len(report.bad_dates)
    drafts: dict[str, Draft] = {}
    build_countries(drafts, curated, reference / "ngec" / "countries.csv")
    build_templates(drafts, curated)
    build_curated_actors(drafts, curated)
    import_phoenix(drafts, curated, phoenix, stats)
    derive_cameo(drafts, curated)
    rules = resolve_aliases(drafts, curated, stats)
    return drafts, rules, stats


# --------------------------------------------------------------------------- CAMEO codes


def derive_cameo(drafts: dict[str, Draft], curated: Curated) -> None:
    """Give every actor a CAMEO code: the curated or Phoenix one, else by rule: the country's
    ISO3 plus the sector of the actor's type (``templates.yaml: type_sectors``); for people,
    the code of their latest role (Phoenix's own, else their organisation's)."""
    sectors = curated.mapping("templates.yaml", "type_sectors")
    stateless = curated.mapping("templates.yaml", "stateless_sectors")
    for draft in drafts.values():
        if draft.cameo is None and draft.type != "person":
            if draft.country is not None:
                draft.cameo = draft.country + (sectors.get(draft.type) or "")
            else:
                draft.cameo = stateless.get(draft.type) or None
    for draft in drafts.values():
        if draft.type != "person" or draft.cameo is not None:
            continue
        if draft.codes and not any(r["start"] and r["start"] > max(draft.codes)[0]
                                   for r in draft.roles if r["affiliation"]):
            draft.cameo = max(draft.codes)[1]
            continue
        latest = max(draft.roles, default=None,
                     key=lambda r: (r["end"] is None, r["start"] or "", r["end"] or ""))
        if latest is not None and latest["affiliation"]:
            draft.cameo = drafts[latest["affiliation"]].cameo
        elif draft.country is not None:
            draft.cameo = draft.country


# --------------------------------------------------------------------------- alias clashes

#: Rounds of clash resolution: dropping an alias can only remove clashes, so this converges
#: in two rounds; the limit guards against a bug.
MAX_RESOLVE_ROUNDS = 6
_NO_SPAN = (dt.date.min, dt.date.min)
_RULE_NOTES = {
    "priority": "source priority (curated > NGEC/templates > Phoenix); same-type actors only",
    "recency": "same name, different actors of equal standing: most recent role first",
}


class _ClashError(Exception):
    """Two actors of the best source claim one alias and no rule says which to prefer."""

    def __init__(self, message: str, origin: str) -> None:
        super().__init__(message)
        self.origin = origin


def _claims(drafts: dict[str, Draft]) -> dict[str, dict[str, tuple[int, list[str]]]]:
    """alias key → actor id → (best priority, surface aliases giving that key)."""
    found: dict[str, dict[str, tuple[int, list[str]]]] = {}
    for draft in drafts.values():
        for alias, priority in draft.aliases.items():
            for key in alias_keys(alias):
                per = found.setdefault(key, {})
                best, surfaces = per.get(draft.id, (0, []))
                per[draft.id] = (max(best, priority), [*surfaces, alias])
        for key in alias_keys(draft.name):
            per = found.setdefault(key, {})
            if draft.id not in per:
                per[draft.id] = (draft.priority, [draft.name])
    return found


def _declared(curated: Curated, drafts: dict[str, Draft]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in curated.items("ambiguous.yaml", "ambiguous_aliases"):
        check_keys(item, {"alias", "prefer", "rule", "note"}, {"alias", "prefer"}, "alias rule")
        ids = strings(item, "prefer")
        if missing := [i for i in ids if i not in drafts]:
            raise fail(item, f"alias rule names actors not in the KB: {missing}")
        rule = item.get("rule", "prefer")
        if rule not in ("prefer", "by_date"):
            raise fail(item, f"rule {rule!r} must be prefer or by_date")
        out[normalise(item["alias"])] = {"ids": ids, "rule": rule, "note": item.get("note"),
                                         "where": item["__where__"]}
    return out


def _span(draft: Draft) -> tuple[dt.date, dt.date] | None:
    """A person's first and last possible day in any role (as the loader computes it)."""
    if draft.type != "person" or not draft.roles:
        return None
    spans = [Role(r["title"], r["affiliation"], r["country"], r["start"], r["end"]).span()
             for r in draft.roles]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _decide(key: str, claim: dict[str, tuple[int, list[str]]], drafts: dict[str, Draft],
            declared: dict[str, dict[str, Any]]) -> tuple[dict[str, Any] | None, list[str]]:
    """A rule for one clashing key, or the actors that must give it up (or raise)."""
    ids = sorted(claim, key=lambda i: (-claim[i][0], i))
    rule = declared.get(key) or _propagated(key, claim, drafts, declared)
    if rule is not None:
        order = [i for i in rule["ids"] if i in claim]
        extra = [i for i in ids if i not in order]
        top = drafts[order[0]].type if order else None
        losers = [i for i in extra if drafts[i].type != top and key not in _name_keys(drafts[i])]
        actors = order + [i for i in extra if i not in losers]
        return ({"alias": key, "actors": actors, "rule": rule["rule"], "note": rule["note"]},
                losers)
    spans = [(span, i) for i in ids if (span := _span(drafts[i])) is not None]
    if len(spans) == len(ids):
        ordered = sorted(spans)
        if all(a[0][1] < b[0][0] for a, b in itertools.pairwise(ordered)):
            return {"alias": key, "actors": [i for _s, i in ordered], "rule": "by_date",
                    "note": None}, []
    best = claim[ids[0]][0]
    winners = [i for i in ids if claim[i][0] == best]
    if len(winners) > 1 and best > PHOENIX:
        raise _ClashError(f"alias {key!r} is claimed by {', '.join(winners)}",
                     drafts[winners[-1]].origin)
    if len(winners) > 1:
        named = [i for i in winners if key in _name_keys(drafts[i])]
        if len(named) < 2:
            return None, [i for i in winners if i not in named]
        recent = sorted(named, key=lambda i: (_span(drafts[i]) or _NO_SPAN)[::-1], reverse=True)
        losers = [i for i in ids if i not in named and key not in _name_keys(drafts[i])]
        return ({"alias": key, "actors": recent + [i for i in ids if i not in recent + losers],
                 "rule": "priority", "note": _RULE_NOTES["recency"]}, losers)
    top = drafts[winners[0]].type
    losers = [i for i in ids[1:] if drafts[i].type != top and key not in _name_keys(drafts[i])]
    actors = [i for i in ids if i not in losers]
    if len(actors) == 1:
        return None, losers
    return {"alias": key, "actors": actors, "rule": "priority",
            "note": _RULE_NOTES["priority"]}, losers


def _name_keys(draft: Draft) -> tuple[str, ...]:
    return alias_keys(draft.name)


def _propagated(key: str, claim: dict[str, tuple[int, list[str]]], drafts: dict[str, Draft],
                declared: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """A declared rule on a nationality word ("Congolese") carried over to the aliases the
    templates made from it ("Congolese army"), ordering the bodies by their states."""
    roots = set()
    for ident, (_p, surfaces) in claim.items():
        root = next((drafts[ident].roots[s] for s in surfaces if s in drafts[ident].roots), None)
        if root is None:
            return None
        roots.add(normalise(root))
    if len(roots) != 1 or (rule := declared.get(roots.pop())) is None:
        return None
    states = rule["ids"]
    ranked = sorted(claim, key=lambda i: states.index(drafts[i].country)
                    if drafts[i].country in states else len(states))
    return {"ids": ranked, "rule": "prefer", "note": rule["note"]}


def resolve_aliases(drafts: dict[str, Draft], curated: Curated,
                    stats: Counter[str]) -> list[dict[str, Any]]:
    """Make every alias key name one actor or carry a rule; returns the rules (sorted).

    Policy, in order: a rule declared in ``ambiguous.yaml`` (or carried from a nationality
    word to the template aliases built from it); people whose terms never overlap
    (``by_date``); the best source wins (curated > NGEC/templates > Phoenix), keeping the other
    claimants only if they are of the winner's type (``priority``); a tie among Phoenix
    records drops the alias (a tie of names keeps both, most recent first); a tie among
    curated or template data stops the build until a rule is declared.
    """
    declared = _declared(curated, drafts)
    for _round in range(MAX_RESOLVE_ROUNDS):
        rules: list[dict[str, Any]] = []
        drops: list[tuple[str, str]] = []
        clashes: list[_ClashError] = []
        for key, claim in sorted(_claims(drafts).items()):
            if len(claim) < 2:
                continue
            try:
                rule, losers = _decide(key, claim, drafts, declared)
            except _ClashError as clash:
                clashes.append(clash)
                continue
            drops += [(i, s) for i in losers for s in claim[i][1]]
            if rule is not None and len([i for i in rule["actors"] if i not in losers]) > 1:
                rules.append(rule)
        if clashes:
            listed = "; ".join(f"{c.args[0]} ({c.origin})" for c in clashes[:25])
            raise DataFileError(f"{len(clashes)} undeclared alias clashes: {listed}",
                                source=clashes[0].origin, fix="declare rules in kb/curated/"
                                "ambiguous.yaml or drop the aliases, then run `make kb`")
        if not drops:
            if unused := sorted(set(declared) - {r["alias"] for r in rules}):
                raise DataFileError(f"alias rules that match no clash: {unused[:5]}",
                                    source=declared[unused[0]]["where"],
                                    fix="remove them from kb/curated/ambiguous.yaml")
            stats["alias rules"] = len(rules)
            return rules
        for ident, surface in drops:
            if surface != drafts[ident].name and surface in drafts[ident].aliases:
                del drafts[ident].aliases[surface]
                stats["aliases dropped in clashes"] += 1
    raise DataFileError("alias clashes did not settle", source="scripts/build_kb.py",
                        fix="report this bug")


# --------------------------------------------------------------------------- output


def render(drafts: dict[str, Draft], rules: list[dict[str, Any]]) -> dict[str, bytes]:
    """File name → bytes of every output file (deterministic)."""
    out: dict[str, bytes] = {}
    names: list[str] = []
    counts: dict[str, int] = {}
    for group, types in FILE_GROUPS.items():
        records = [d.to_record() for i, d in sorted(drafts.items()) if d.type in types]
        counts[group] = len(records)
        header = {"schema": KB_SCHEMA, "content": group, "records": len(records),
                  "sources": [s["name"] for s in SOURCES], "notes": NOTES}
        name, data = _jsonl(group, header, records)
        out[name] = data
        names.append(name)
    header = {"schema": KB_SCHEMA, "content": "alias rules", "records": len(rules)}
    name, data = _jsonl("ambiguous", header, rules)
    out[name] = data
    by_type = Counter(d.type for d in drafts.values())
    manifest = {
        "schema": KB_SCHEMA, "actors": names, "rules": name,
        "counts": {"by_file": counts, "by_type": dict(sorted(by_type.items())),
                   "alias_rules": len(rules)},
        "sources": SOURCES,
        "id_scheme": "<ISO3> state; <ISO3>.<BODY>[.<SUB>] body or group based in that state; "
                     "IGO.<X> intergovernmental organisation; NSA.<X> stateless non-state "
                     "actor; P.<slug>[.<ISO3>] person (see flashpoint.actors.kb)",
        "build": "scripts/build_kb.py (make kb); do not edit by hand",
    }
    out[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return out


def _jsonl(stem: str, header: dict[str, Any], records: list[dict[str, Any]]) -> tuple[str, bytes]:
    lines = [json.dumps({"header": header}, ensure_ascii=False, separators=(",", ":"))]
    lines += [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if len(data) <= GZIP_ABOVE_BYTES:
        return f"{stem}.jsonl", data
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return f"{stem}.jsonl.gz", buffer.getvalue()


def write(out_dir: Path, files: dict[str, bytes]) -> None:
    """Replace the KB files in ``out_dir`` with ``files``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.jsonl*"):
        if old.name not in files:
            old.unlink()
    for name, data in files.items():
        (out_dir / name).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding reference/ (default: ../shared)")
    parser.add_argument("--curated", type=Path, default=ROOT / "kb" / "curated",
                        help="the curated YAML folder (default: kb/curated)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "flashpoint" / "data" / "kb",
                        help="where to write the KB (default: src/flashpoint/data/kb)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    if not (args.shared / "reference" / "petrarch2").is_dir():
        print(f"error: {args.shared}/reference/petrarch2 not found; pass --shared DIR",
              file=sys.stderr)
        return 2
    try:
        drafts, rules, stats = build(args.shared, args.curated)
    except FlashpointError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    files = render(drafts, rules)
    write(args.out, files)
    if not args.quiet:
        for name, data in sorted(files.items()):
            print(f"{args.out / name}: {len(data):,} bytes")
        for key, value in sorted(Counter(d.type for d in drafts.values()).items()):
            print(f"  {key}: {value}")
        for key, value in sorted(stats.items()):
            print(f"  [{key}] {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
