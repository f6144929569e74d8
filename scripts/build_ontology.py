"""Build the PLOVER ontology data files from the codebook and the CAMEO table (reproducible).

Reads ``../shared/reference/plover/PLOVER_MANUAL.tex`` (codebook draft 0.8) and
``CAMEO2PLOVER-2021.txt`` and writes two files of facts in our own format:

- ``src/flashpoint/data/plover.yaml``: the 16 event types in codebook order, each with
  ``requires_recipient`` and ``quad`` (from the type's own section), its modes (from the type's
  mode table) with the score the conflict/cooperation table gives each, the type's default
  score, and the CAMEO cue categories it corresponds to (the manual's translation table); then
  the general contexts (the manual's context table).
- ``src/flashpoint/data/cameo2plover.tsv``: every line of the CAMEO -> PLOVER table (cameo,
  type, mode, contexts, source line, note). Where the table uses a mode or context that the
  codebook does not define (or, in a few cases, one the codebook's own definitions contradict)
  the row is corrected by hand in ``CORRECTIONS`` / ``CONTEXT_RENAMES`` below and the ``note``
  column says what the table had. Everything else is parsed; nothing is typed in by hand except
  what those two tables and ``ROOT_CURATED`` say.

The build fails (exit 1) rather than write a file the loader would reject.

usage: build_ontology.py [--shared DIR] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from flashpoint.model import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
QUADS = {"VERBAL COOPERATION": "verbal_cooperation", "MATERIAL COOPERATION":
         "material_cooperation", "VERBAL CONFLICT": "verbal_conflict",
         "MATERIAL CONFLICT": "material_conflict"}

# Hand-curated: the translation table's row for cue category 20 reads "FIGHT (see Note 1)";
# FIGHT was the draft name of ASSAULT (Note 1 gives it the ASSAULT mode "unconventional").
ROOT_CURATED = {"FIGHT": "ASSAULT"}

# Hand-curated: contexts the CAMEO table uses that the codebook's context table does not list.
CONTEXT_RENAMES = {
    "democracy": "pro_democracy",  # codebook context for democratisation
    "humanitarian": "human_security",  # food, water, shelter: the codebook's human_security
}

# Hand-curated row corrections: code -> (mode, contexts or None to keep, note). Each names the
# table's own value in the note written to the TSV.
CORRECTIONS: dict[str, tuple[str, tuple[str, ...] | None, str]] = {
    "0874": ("withdraw", None, "table mode 'disarm'; a military retreat is the codebook's "
             "RETREAT withdraw (a surrender would be disarm)"),
    "0842": ("", None, "table mode 'return' is commented out of the codebook's RETREAT modes"),
    "085": ("", None, "table mode 'ease' is no longer a mode (the table's own remark)"),
    "112": ("allege", None, "table mode 'disapprove'; codebook: allege = formally or "
            "informally accuse"),
    "132": ("restrict", None, "table mode 'ban'; THREATEN restrict covers banning"),
    "1321": ("restrict", None, "table mode 'political' is not a THREATEN mode"),
    "1322": ("restrict", None, "table mode 'ban'; THREATEN restrict covers banning"),
    "163": ("discontinue", ("diplomatic",), "table: COERCE restrict; codebook SANCTION "
            "'discontinue' codes international sanctions"),
    "1712": ("destroy", None, "table mode 'seize' is a COERCE mode; ASSAULT destroy"),
    "1722": ("restrict", None, "table mode 'ban'; COERCE restrict covers banning from "
             "political life"),
    "175": ("", ("pro_autocracy", "military"), "table puts context 'pro_autocracy' in the "
            "mode column"),
    "185": ("targeted", None, "table mode 'assassinate'; codebook: targeted includes "
            "attempted assassinations"),
    "186": ("targeted", None, "table mode 'assassinate'; codebook: targeted"),
    "195": ("aerial", None, "table mode 'heavy-weapons'; codebook ASSAULT aerial = aircraft"),
    "200": ("targeted", None, "table mode 'massacre' is commented out of the codebook; "
            "targeted includes deliberate mass killings"),
    "201": ("", None, "table mode 'cleansing' is commented out of the codebook"),
    "202": ("targeted", None, "table mode 'massacre' is commented out of the codebook"),
    "203": ("", None, "table mode 'cleansing' is commented out of the codebook"),
}
# Rows whose type the curation changes (the table's type is named in the note above).
TYPE_CORRECTIONS = {"163": "SANCTION"}
# The table lists 08 twice (CONCEDE, RETREAT); the root row follows 080 ("Yield": CONCEDE).
ROOT_08 = "CONCEDE"


@dataclass
class TypeDef:
    """One event type as parsed from the manual."""

    name: str
    requires_recipient: bool
    quad: str
    modes: list[str]
    score: float | None = None
    mode_scores: dict[str, float] = field(default_factory=dict)
    cameo_root: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CameoRow:
    """One row of the CAMEO -> PLOVER table after curation."""

    code: str
    type: str
    mode: str
    contexts: tuple[str, ...]
    line: int
    note: str


class BuildError(Exception):
    """The references could not be parsed into a valid ontology."""


def _between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


def _uncommented(block: str) -> list[str]:
    lines = (ln.strip() for ln in block.splitlines())
    return [ln for ln in lines if ln and not ln.startswith("%")]


def parse_mode_table(section: str) -> list[str]:
    """Mode names from the first ``Name & Content`` table of a type's section (or none)."""
    if "Name & Content" not in section:
        return []
    rows = _between(section, "Name & Content", "\\end{tabular}").split("\n", 1)[1]
    modes = []
    for line in _uncommented(rows):
        name = line.split("&", 1)[0].strip() if "&" in line else ""
        if re.fullmatch(r"[a-z][a-z-]*", name):
            modes.append(name)
    return modes


def parse_types(tex: str) -> list[TypeDef]:
    """Every ``\\section`` of the Event Categories chapter, in codebook order."""
    chapter = _between(tex, "\\chapter{Event Categories}", "\\chapter{Contexts}")
    out = []
    for part in re.split(r"^\\section\{", chapter, flags=re.M)[1:]:
        name = part.split("}", 1)[0].strip()
        recip = re.search(r"\\subsection\{Requires recipient:\s*(Yes|No)\s*\}", part)
        quad = re.search(r"\\subsection\{Quad category:\s*([A-Z ]+?)\s*\}", part)
        if not recip or not quad or quad.group(1) not in QUADS:
            raise BuildError(f"section {name}: no 'Requires recipient' or 'Quad category'")
        out.append(TypeDef(name, recip.group(1) == "Yes", QUADS[quad.group(1)],
                           parse_mode_table(part)))
    return out


def parse_scores(tex: str) -> dict[tuple[str, str | None], float]:
    """(TYPE, mode or None) -> score from the conflict/cooperation table."""
    table = _between(tex, "\\begin{tabular}{|lc|lc|lc|}", "\\end{tabular}")
    scores: dict[tuple[str, str | None], float] = {}
    for line in _uncommented(table):
        cells = [c.replace("\\cellcolor{gray!25}", "").replace("\\\\", "").strip()
                 for c in line.split("&")]
        for label, value in zip(cells[0::2], cells[1::2], strict=False):
            if not label or label.startswith("\\textbf") or not value:
                continue
            kind, _, mode = label.partition(":")
            key = (kind.strip(), mode.strip().lower() or None)
            if key in scores:
                raise BuildError(f"score table lists {label!r} twice")
            scores[key] = float(value)
    return scores


def parse_contexts(tex: str) -> list[str]:
    """Context names from the general-contexts longtable."""
    table = _between(tex, "\\label{tab:general-contexts}", "\\end{longtable}")
    body = table.split("\\endlastfoot", 1)[1]
    names = []
    for line in _uncommented(body):
        cell = line.split("&", 1)[0]
        cell = re.sub(r"\\hyperref\[[^\]]*\]\{([^}]*)\}", r"\1", cell).replace("\\_", "_")
        if re.fullmatch(r"[a-z_]+", cell.strip()):
            names.append(cell.strip())
    return names


def parse_roots(tex: str) -> dict[str, list[str]]:
    """PLOVER type -> CAMEO cue categories, from the manual's translation table."""
    table = _between(tex, "\\caption{PLOVER equivalents to CAMEO cue categories}",
                     "\\end{tabular}")
    roots: dict[str, list[str]] = {}
    for line in _uncommented(table):
        cells = [c.strip() for c in line.replace("\\\\", "").split("&")]
        if len(cells) != 3 or not re.fullmatch(r"\d\d", cells[0]):
            continue
        word = cells[2].split()[0]
        if word == "dropped":
            continue
        kind = ROOT_CURATED.get(word, word)
        roots.setdefault(kind, []).append(cells[0])
    return roots


def parse_cameo_table(lines: list[str]) -> list[tuple[int, str, str, str, list[str]]]:
    """(line number, code, type, mode, contexts) for every code line, verbatim."""
    out = []
    for number, raw in enumerate(lines, 1):
        m = re.match(r"^(\d{2,4}):\s*([^#]*)", raw)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).split(",")]
        mode = cells[1] if len(cells) > 1 else ""
        contexts = [c.strip() for c in cells[2].split(";")] if len(cells) > 2 else []
        out.append((number, m.group(1), cells[0], mode, [c for c in contexts if c]))
    return out


def curate_row(number: int, code: str, kind: str, mode: str, contexts: list[str]) -> CameoRow:
    """One table row with the documented renames and corrections applied."""
    ctx = tuple(CONTEXT_RENAMES.get(c, c) for c in contexts)
    note = f"table context {';'.join(contexts)}" if ctx != tuple(contexts) else ""
    if code in CORRECTIONS:
        new_mode, new_ctx, note = CORRECTIONS[code]
        return CameoRow(code, TYPE_CORRECTIONS.get(code, kind), new_mode,
                        ctx if new_ctx is None else new_ctx, number, note)
    if code == "08":
        return CameoRow(code, ROOT_08, mode, ctx, number,
                        "listed as both CONCEDE and RETREAT; 080 is CONCEDE")
    return CameoRow(code, kind, mode, ctx, number, note)


def curate_cameo(raw: list[tuple[int, str, str, str, list[str]]]) -> list[CameoRow]:
    """Apply the documented corrections; drop exact duplicates; one row per code."""
    rows: dict[str, CameoRow] = {}
    seen: dict[str, tuple[str, str, list[str]]] = {}
    for number, code, kind, mode, contexts in raw:
        if code in seen:
            if code == "08":
                continue  # second 08 header (RETREAT): noted on the first
            if seen[code] == (kind, mode, contexts):
                continue  # listed twice with the same mapping (175)
            raise BuildError(f"CAMEO code {code} mapped twice differently (line {number})")
        seen[code] = (kind, mode, contexts)
        rows[code] = curate_row(number, code, kind, mode, contexts)
    return list(rows.values())


def attach_scores(types: list[TypeDef], scores: dict[tuple[str, str | None], float],
                  roots: dict[str, list[str]]) -> None:
    """Give each type its default score, mode scores and CAMEO roots; check nothing is left."""
    by_name = {t.name: t for t in types}
    for (kind, mode), score in scores.items():
        if kind not in by_name:
            raise BuildError(f"score table names unknown type {kind}")
        if mode is None:
            by_name[kind].score = score
        elif mode in by_name[kind].modes:
            by_name[kind].mode_scores[mode] = score
        else:
            raise BuildError(f"score table names {kind}: {mode}, not a mode of {kind}")
    for t in types:
        if t.score is None:
            raise BuildError(f"no score for {t.name}")
        t.cameo_root = roots.get(t.name, [])


def validate(types: list[TypeDef], contexts: list[str], rows: list[CameoRow]) -> None:
    """Fail on anything the loader would reject."""
    if tuple(t.name for t in types) != EVENT_TYPES:
        raise BuildError(f"types {[t.name for t in types]} differ from model.EVENT_TYPES")
    modes = {t.name: set(t.modes) for t in types}
    for r in rows:
        if r.type not in modes or (r.mode and r.mode not in modes[r.type]):
            raise BuildError(f"line {r.line}: {r.code} -> {r.type} {r.mode!r} is not in the "
                             "codebook: add a correction")
        for c in r.contexts:
            if c not in contexts:
                raise BuildError(f"line {r.line}: context {c!r} is not in the codebook")


def _num(value: float) -> str:
    return f"{value:g}"


def render_yaml(types: list[TypeDef], contexts: list[str]) -> str:
    """The ontology as YAML with comments (hand-written for stable, readable output)."""
    out = [
        "# PLOVER event ontology, codebook draft 0.8 (openeventdata/PLOVER, CC BY-SA 4.0).",
        "# Built by scripts/build_ontology.py from PLOVER_MANUAL.tex: do not edit by hand.",
        "# requires_recipient and quad: each type's own section (the summary tables at the end",
        "#   of the manual disagree for PROTEST/SANCTION; the sections are used).",
        "# score: the manual's conflict/cooperation table, verbatim; a mode without a score",
        "#   falls back to its type's score. NB the table prints ACCUSE as +3 (sic) while every",
        "#   ACCUSE mode is negative: kept as printed.",
        "# cameo_root: CAMEO cue categories per the manual's translation table (20 is printed",
        "#   as FIGHT there, the draft name of ASSAULT: hand-curated).",
        'codebook: "0.8"',
        "types:",
    ]
    for t in types:
        out += [f"  - name: {t.name}", f"    quad: {t.quad}",
                f"    requires_recipient: {str(t.requires_recipient).lower()}",
                f"    score: {_num(t.score or 0.0)}",
                "    cameo_root: [" + ", ".join(f'"{r}"' for r in t.cameo_root) + "]"]
        if not t.modes:
            out.append("    modes: []")
            continue
        out.append("    modes:")
        for m in t.modes:
            score = t.mode_scores.get(m)
            tail = f", score: {_num(score)}" if score is not None else ""
            out.append(f"      - {{name: {m}{tail}}}")
    out.append("contexts:")
    out += [f"  - {c}" for c in contexts]
    return "\n".join(out) + "\n"


def render_tsv(rows: list[CameoRow]) -> str:
    """The curated CAMEO -> PLOVER table."""
    head = ("# CAMEO -> PLOVER (CAMEO2PLOVER-2021, P. Schrodt, PLOVER draft 0.8; CC BY-SA 4.0).\n"
            "# Built by scripts/build_ontology.py: do not edit by hand. Columns: CAMEO code,\n"
            "# PLOVER type, mode (empty: none), contexts (';'-separated), line of the source\n"
            "# table, note (empty: verbatim; else the hand-curated correction and what the\n"
            "# table had). Two-digit rows are the table's cue-category headers.\n"
            "cameo\ttype\tmode\tcontexts\tline\tnote\n")
    body = "".join(f"{r.code}\t{r.type}\t{r.mode}\t{';'.join(r.contexts)}\t{r.line}\t{r.note}\n"
                   for r in rows)
    return head + body


def build(shared: Path) -> tuple[str, str, dict[str, int]]:
    """(plover.yaml text, cameo2plover.tsv text, counts) from the reference folder."""
    ref = shared / "reference" / "plover"
    tex = (ref / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    table = (ref / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines()
    types = parse_types(tex)
    contexts = parse_contexts(tex)
    attach_scores(types, parse_scores(tex), parse_roots(tex))
    rows = curate_cameo(parse_cameo_table(table))
    validate(types, contexts, rows)
    counts = {"types": len(types), "modes": sum(len(t.modes) for t in types),
              "contexts": len(contexts), "cameo_codes": len(rows),
              "curated_rows": sum(1 for r in rows if r.note)}
    return render_yaml(types, contexts), render_tsv(rows), counts


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                    help="the shared folder holding reference/ (default: ../shared)")
    ap.add_argument("--out-dir", type=Path, default=ROOT / "src/flashpoint/data")
    args = ap.parse_args()
    if not (args.shared / "reference" / "plover").is_dir():
        print(f"build_ontology: {args.shared}/reference/plover not found; pass --shared DIR",
              file=sys.stderr)
        return 2
    try:
        yaml_text, tsv_text, counts = build(args.shared)
    except (BuildError, ValueError) as exc:
        print(f"build_ontology: {exc}", file=sys.stderr)
        return 1
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "plover.yaml").write_text(yaml_text, encoding="utf-8")
    (args.out_dir / "cameo2plover.tsv").write_text(tsv_text, encoding="utf-8")
    print("build_ontology: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f" -> {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
