"""Build the actor knowledge base: ``make kb`` (or ``python scripts/build_kb.py --help``).

Reads the reference data in ``../shared/reference/`` (Phoenix/PETRARCH2 actor dictionaries,
MIT; the NGEC country table) and our curated YAML in ``kb/curated/``, and writes the packaged
KB under ``src/flashpoint/data/kb/`` (JSONL, gzipped when a file would pass 3 MB). The output
is deterministic: records sorted by id, aliases and roles sorted, no timestamps, fixed gzip
header, so building twice gives byte-identical files. Loader and format: ``flashpoint.kb``.

Stages: countries (NGEC + curated + Phoenix spellings) → generic bodies per country from
templates → curated bodies, IGOs, armed groups and persons → Phoenix imports (persons with
dated roles, bodies, armed groups, IGO aliases) → alias clashes resolved by declared rules or
by the source-priority policy (``resolve_aliases``) → files.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from build_kb_curated import (
    Curated,
    Draft,
    build_countries,
    build_curated_actors,
    build_templates,
    load_curated,
)
from build_kb_phoenix import ParseReport, read_dictionary
from build_kb_resolve import derive_cameo, resolve_aliases
from build_kb_sources import import_phoenix

from flashpoint.errors import FlashpointError
from flashpoint.kb import KB_SCHEMA, MANIFEST

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


def render(drafts: dict[str, Draft], rules: list[dict[str, Any]]) -> dict[str, bytes]:
    """File name → bytes of every output file (deterministic)."""
    out: dict[str, bytes] = {}
    names: list[str] = []
    counts: dict[str, int] = {}
    for group, types in FILE_GROUPS.items():
        records = [d.to_record() for i, d in sorted(drafts.items()) if d.type in types]
        counts[group] = len(records)
        header = {"schema": KB_SCHEMA, "content": group, "records": len(records),
                  "sources": [s["name"] for s in SOURCES]}
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
                     "actor; P.<slug>[.<ISO3>] person (see flashpoint.kb)",
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
