"""Check our own whole-article annotations (eval/gold2_train/*.gold.json) against FORMAT.md.

The annotations follow ../shared/gold2/FORMAT.md. The article texts stay in ../shared/data
(the geo sets and dates/tempeval3): each file names its record (`source_record`) and carries the
sha256 of the exact text a system is given (title, blank line, body), so the check rebuilds
the text and verifies every evidence phrase is a verbatim, unique substring of it.

usage: python scripts/gold2_check.py [FILE.gold.json ...] [--shared DIR] [--print-text ID]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from flashpoint.evaluation.docs import record_text

TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
MODALITIES = {"asserted", "reported", "planned", "hypothetical", "conditional", "negated"}
ACTOR_TYPES = {
    "state", "government", "military", "police", "armed_group", "igo", "ngo", "party",
    "person", "civilians", "media", "business", "other",
}
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "eval" / "gold2_train"


def shared_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("FLASHPOINT_SHARED") or ROOT.parent / "shared")


def check(path: Path, shared: Path) -> list[str]:  # noqa: PLR0912
    errs: list[str] = []
    gold = json.loads(path.read_text(encoding="utf-8"))
    src = gold.get("source_record") or {}
    text = record_text(shared, src.get("dataset", ""), src.get("id", ""))
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != gold.get("text_sha256"):
        errs.append("text_sha256 does not match the record's text")
    if gold.get("events_exhaustive") is not True:
        errs.append("events_exhaustive must be true")
    for key in ("about", "published", "events", "not_events", "actors", "boilerplate"):
        if key not in gold:
            errs.append(f"missing key {key!r}")
    ids: set[str] = set()
    for ev in gold.get("events", []):
        eid = ev.get("id", "?")
        if eid in ids:
            errs.append(f"{eid}: duplicate id")
        ids.add(eid)
        if not ev.get("types") or not set(ev["types"]) <= TYPES:
            errs.append(f"{eid}: bad types {ev.get('types')}")
        if ev.get("modality") not in MODALITIES:
            errs.append(f"{eid}: bad modality {ev.get('modality')}")
        if not ev.get("evidence"):
            errs.append(f"{eid}: no evidence")
        for ph in ev.get("evidence", []):
            n = text.count(ph)
            if n != 1:
                errs.append(f"{eid}: evidence {ph!r} occurs {n} times (must be exactly once)")
            if not 10 <= len(ph) <= 60:
                errs.append(f"{eid}: evidence {ph!r} is {len(ph)} chars (10-60)")
        for role in ("source", "target"):
            val = ev.get(role)
            if val is not None and (not isinstance(val, list) or not val):
                errs.append(f"{eid}: {role} must be null or a non-empty list of names")
        for flag in ("core", "optional"):
            if not isinstance(ev.get(flag), bool):
                errs.append(f"{eid}: {flag} must be true or false")
    for ne in gold.get("not_events", []):
        if text.count(ne.get("evidence", "")) != 1:
            errs.append(f"not_event {ne.get('evidence')!r} must occur exactly once")
    for actor in gold.get("actors", []):
        if actor.get("type") not in ACTOR_TYPES:
            errs.append(f"actor {actor.get('names')}: bad type {actor.get('type')}")
    for key in ("must_drop_phrases", "must_keep_phrases"):
        for ph in (gold.get("boilerplate") or {}).get(key, []):
            if ph not in text:
                errs.append(f"boilerplate {key} {ph!r} not in text")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--shared")
    ap.add_argument("--print-text", metavar="DATASET:ID", help="print a record's exact text")
    ap.add_argument("--sha", metavar="DATASET:ID", help="print a record text's sha256")
    args = ap.parse_args()
    shared = shared_dir(args.shared)
    for flag in (args.print_text, args.sha):
        if flag:
            ds, rid = flag.split(":", 1)
            text = record_text(shared, ds, rid)
            print(text if flag is args.print_text else hashlib.sha256(text.encode()).hexdigest())
            return 0
    files = args.files or sorted(DEFAULT_DIR.glob("*.gold.json"))
    bad = 0
    for path in files:
        errs = check(path, shared)
        bad += bool(errs)
        for err in errs:
            print(f"{path.name}: {err}")
    print(f"{len(files)} files, {bad} with errors", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
