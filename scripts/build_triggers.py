"""Build the event trigger lexicon, its word sets and the discard list (reproducible).

Reads ``CAMEO.2.0.txt`` and ``Phoenix.discards.txt`` (``../shared/reference/petrarch2``), our
``cameo2plover.tsv`` and ``event_triggers_curated.yaml``; writes ``event_triggers.tsv``,
``event_synsets.tsv`` and ``event_discards.txt`` (all in ``src/flashpoint/data``).

CAMEO.2.0.txt: word sets (``&NAME`` then ``+WORD`` lines), then verb blocks opened by
``--- NAME [CODE] ---`` (default code; ``---`` = none) listing verbs in base form (irregular
forms in ``{...}``, an own code in ``[...]``, ``+CALL_OFF`` = CALL with particle OFF) and
patterns ``- <before> * <after> [CODE] # VERB``; a block's patterns apply to all its verbs. A
verb listed in two blocks keeps the first, a repeated pattern the last (as PETRARCH does).
``[A:B]`` codes A plus a reciprocal B: we keep A; ``[:B]`` (roles reversed) is skipped.

Patterns (form documented in ``flashpoint.events.lexicon``): lower-case words; ``*`` marks the
trigger only when words precede it; ``a|b`` either word; word sets stay ``&name``; PETRARCH's
role and skip marks (``$ + ^ %``), parentheses and braces are dropped; a particle leads.

Codes go through ``cameo2plover.tsv`` (longest prefix). Exceptions for codes PLOVER dropped
(source ``cameo_remap``): 02x appeals take the parallel 10x request (PLOVER REQUEST covers all
requests) and 016 "deny responsibility" is REJECT (the manual's own example). Other dropped
codes (01x statements) are skipped; they and ``---`` patterns stay as *blockers* (empty type)
only where they override a less specific trigger of the same word.

Nouns: objects of the ``SUPPORT_VERBS`` ("stage a demonstration", "launch an offensive") name
the event; they become NOUN triggers (head noun as lemma, modifiers as pattern), a bare noun
only for material events (a launched "campaign" is not by itself an appeal) and never from a
word set ("impose a solution": &SOLUTION's "answer" is no event).

usage: build_triggers.py [--shared DIR] [--data DIR] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from flashpoint.datafiles import load_yaml
from flashpoint.events.lexicon import singular
from flashpoint.events.ontology import Ontology, load_ontology

ROOT = Path(__file__).resolve().parents[1]
#: Verbs whose object names the event they perform (from the patterns' source-verb comments).
SUPPORT_VERBS = frozenset({"STAGE", "LAUNCH", "CARRY_OUT", "CARRIED_OUT", "UNLEASH", "WAGE",
                           "CONDUCT", "IMPOSE", "REIMPOSE"})
#: Quads whose events a bare noun may trigger (see the module docstring).
NOUN_QUADS = frozenset({"material_cooperation", "material_conflict"})
#: Compound verbs given in an inflected or coordinated form ("+KILLED_AND {}"): no lemma.
NOT_LEMMA_WORDS = frozenset({"and", "or", "is", "are", "was", "be"})
MARKS = frozenset({"$", "+", "^", "%"})
TSV_HEAD = "lemma\tpos\tpattern\tcameo\ttype\tmode\tsource\n"


class BuildError(Exception):
    """The inputs could not be turned into a valid lexicon."""


@dataclass(frozen=True)
class Verb:
    lemma: str
    particles: tuple[str, ...]
    code: str | None
    line: int


@dataclass(frozen=True)
class Pattern:
    tokens: tuple[str, ...]
    code: str
    line: int
    verbs: tuple[str, ...]


@dataclass
class Block:
    name: str
    code: str
    verbs: list[Verb] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    lemma: str
    pos: str
    pattern: tuple[str, ...]
    cameo: str
    type: str | None
    mode: str | None
    source: str
    order: int = 0

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return self.lemma, self.pos, self.pattern


# --------------------------------------------------------------------------- parsing


def _strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].rstrip()


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.strip("_").lower().replace("_", " ").split())


def parse_synsets(lines: list[str]) -> dict[str, list[tuple[str, ...]]]:
    """``&NAME`` -> member phrases as word tuples (in file order, duplicates dropped)."""
    sets: dict[str, list[tuple[str, ...]]] = {}
    current = None
    for raw in lines:
        line = _strip_comment(raw).strip()
        if line.startswith("&"):
            current = line
            sets.setdefault(current, [])
        elif line.startswith("+") and current and _words(line[1:]) not in sets[current]:
            sets[current].append(_words(line[1:]))
    return sets


def parse_verb(line: str, number: int) -> Verb | None:
    """A verb line; None for compound verbs not given in base form."""
    code_m = re.search(r"\[([^\]]*)\]\s*$", line)
    head = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()[0]
    words = _words(head.lstrip("+"))
    if not words or set(words) & NOT_LEMMA_WORDS or "{}" in line.replace(" ", ""):
        return None
    return Verb(words[0], words[1:], code_m.group(1).strip() if code_m else None, number)


def parse_blocks(lines: list[str], start: int) -> tuple[list[Block], Counter[str]]:
    """Verb blocks from line index ``start`` on; counts of what was skipped."""
    blocks: list[Block] = []
    skipped: Counter[str] = Counter()
    for number, raw in enumerate(lines[start:], start + 1):
        head = re.match(r"^---\s+(\S+)\s*\[([^\]]*)\]", raw)
        if head:
            blocks.append(Block(head.group(1), head.group(2).strip()))
            continue
        line = _strip_comment(raw)
        if not line.strip() or line.startswith("~") or not blocks:
            continue
        if line.startswith("-"):
            m = re.match(r"^-(.*)\[([^\]]*)\]\s*$", line)
            if not m:
                skipped["pattern without a code"] += 1
                continue
            source = raw.split("#", 1)[1] if "#" in raw else ""
            verbs = tuple(v.strip() for v in re.split(r"[,\s]+", source.split("<")[0])
                          if re.fullmatch(r"[A-Z_+-]+", v.strip()))
            blocks[-1].patterns.append(Pattern(tuple(m.group(1).split()), m.group(2).strip(),
                                               number, verbs))
        else:
            verb = parse_verb(line, number)
            if verb is None:
                skipped["compound verb not in base form"] += 1
            else:
                blocks[-1].verbs.append(verb)
    return blocks, skipped


def expand(tokens: tuple[str, ...], synsets: dict[str, list[tuple[str, ...]]]
           ) -> tuple[str, ...] | None:
    """A pattern's words (``*`` kept, synsets as ``&name``); None on an unknown synset."""
    out: list[str] = []
    for raw in tokens:
        token = raw.strip("(){}")
        if not token or token in MARKS:
            continue
        if token.startswith("&"):
            if token not in synsets:
                return None
            out.append(token.lower())
        elif raw == "*":
            out.append(raw)
        else:
            out += [w.replace("/", "|") for w in _words(token)]
    return tuple(out)


def split_star(seq: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(words before the trigger, words after it)."""
    if "*" not in seq:
        return (), seq
    i = seq.index("*")
    return seq[:i], seq[i + 1:]


def join_star(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[str, ...]:
    return (*before, "*", *after) if before else after


# --------------------------------------------------------------------------- coding


def primary_code(raw: str) -> tuple[str | None, str]:
    """(code, status): status ``ok``, ``null`` (---) or ``reverse`` ([:B])."""
    raw = raw.strip().rstrip("!")  # one "080!" typo in the source
    if raw in {"---", ""}:
        return None, "null"
    first = raw.partition(":")[0]
    if not first:
        return None, "reverse"
    if not first.isdigit():
        raise BuildError(f"unreadable CAMEO code {raw!r}")
    return first, "ok"


def classify(code: str, onto: Ontology) -> tuple[str, str | None, str] | None:
    """(type, mode, source) for a CAMEO code, or None when PLOVER has no counterpart."""
    hit = onto.cameo_to_plover(code)
    if hit is not None:
        return hit[0], hit[1], "cameo"
    if code.startswith("02"):  # appeal -> the parallel demand code (021 -> 101, 0256 -> 1056)
        parallel = onto.cameo_to_plover("10" + code[2:])
        if parallel is not None:
            return parallel[0], parallel[1], "cameo_remap"
    if code == "016":  # deny responsibility: the manual's own example of REJECT
        return "REJECT", None, "cameo_remap"
    return None


@dataclass
class Coder:
    """Turns (word, pattern, code) into rows and keeps the counts (per source line)."""

    onto: Ontology
    stats: Counter[str] = field(default_factory=Counter)
    skipped_codes: set[str] = field(default_factory=set)
    lines: dict[str, set[int]] = field(default_factory=dict)
    order: itertools.count[int] = field(default_factory=itertools.count)

    def _note(self, what: str, line: int) -> None:
        self.lines.setdefault(what, set()).add(line)

    def row(self, lemma: str, pos: str, pattern: tuple[str, ...], raw: str,
            line: int) -> Row | None:
        code, status = primary_code(raw)
        if status == "reverse":
            self._note("source lines with a reverse-role code [:B] (skipped)", line)
            return None
        if code is None:
            self._note("source lines coded --- (blocker candidates)", line)
            return Row(lemma, pos, pattern, "---", None, None, "cameo", next(self.order))
        found = classify(code, self.onto)
        if found is None:
            self.skipped_codes.add(code)
            self._note("source lines with no PLOVER counterpart (skipped or blocker)", line)
            return Row(lemma, pos, pattern, code, None, None, "cameo", next(self.order))
        self._note(f"source lines coded via {found[2]}", line)
        return Row(lemma, pos, pattern, code, found[0], found[1], found[2], next(self.order))


def verb_rows(blocks: list[Block], synsets: dict[str, list[tuple[str, ...]]],
              coder: Coder) -> list[Row]:
    """Bare-verb and pattern rows for every verb of every block."""
    rows: list[Row] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    expanded = {id(p): expand(p.tokens, synsets) for b in blocks for p in b.patterns}
    coder.stats["patterns with an undefined synset"] = sum(
        1 for v in expanded.values() if v is None)
    for block in blocks:
        for verb in block.verbs:
            if (verb.lemma, verb.particles) in seen:
                coder.stats["verb listed in an earlier block"] += 1
                continue
            seen.add((verb.lemma, verb.particles))
            bare = coder.row(verb.lemma, "VERB", verb.particles, verb.code or block.code,
                             verb.line)
            rows += [bare] if bare else []
            for pat in block.patterns:
                seq = expanded[id(pat)]
                if seq is None:
                    continue
                before, after = split_star(seq)
                got = coder.row(verb.lemma, "VERB", join_star(before, verb.particles + after),
                                pat.code, pat.line)
                rows += [got] if got else []
    return rows


def noun_rows(blocks: list[Block], synsets: dict[str, list[tuple[str, ...]]],
              coder: Coder) -> list[Row]:
    """NOUN triggers from the objects of support verbs (see ``SUPPORT_VERBS``)."""
    rows: list[Row] = []
    for block in blocks:
        only_support = all(v.lemma.upper() in SUPPORT_VERBS for v in block.verbs)
        for pat in block.patterns:
            verbs = set(pat.verbs) if pat.verbs else ({"*"} if only_support else set())
            obj = " ".join(pat.tokens[1:])
            if not (verbs & SUPPORT_VERBS or verbs == {"*"}) or pat.tokens[:1] != ("*",):
                continue
            if not re.fullmatch(r"\{[^(){}]+\}|[^(){}\s]+", obj):
                continue
            words = expand(pat.tokens[1:], synsets)
            if not words or any(w in MARKS or "|" in w for w in words):
                continue
            from_set = words[-1].startswith("&")  # a set as head: its members, never bare
            for head in synsets.get(words[-1].upper(), [(words[-1],)]):
                lemma, pattern = singular(head[-1]), join_star(words[:-1] + head[:-1], ())
                got = coder.row(lemma, "NOUN", pattern, pat.code, pat.line)
                if got is None or (got.type and not pattern and (
                        from_set or coder.onto.types[got.type].quad not in NOUN_QUADS)):
                    continue
                rows.append(got)
    return rows


# --------------------------------------------------------------------------- merging


def subsumes(general: tuple[str, ...], specific: tuple[str, ...]) -> bool:
    """True when every context matching ``specific`` also matches ``general``."""
    def sub(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
        it = iter(big)
        return all(any(w == x for x in it) for w in small)
    (gb, ga), (sb, sa) = split_star(general), split_star(specific)
    return sub(gb, sb) and sub(ga, sa)


def dedupe(rows: list[Row]) -> dict[tuple[str, str, tuple[str, ...]], Row]:
    """One row per (lemma, pos, pattern): the last one, in the place of the first."""
    out: dict[tuple[str, str, tuple[str, ...]], Row] = {}
    for row in rows:
        out[row.key] = replace(row, order=out[row.key].order) if row.key in out else row
    return out


def prune_blockers(rows: list[Row]) -> list[Row]:
    """Drop CAMEO blockers that do not override a less specific trigger of the same word."""
    coded: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for r in rows:
        if r.type is not None:
            coded.setdefault((r.lemma, r.pos), []).append(r.pattern)
    return [r for r in rows if r.type is not None or r.source == "curated" or any(
        p != r.pattern and subsumes(p, r.pattern) for p in coded.get((r.lemma, r.pos), []))]


def _pattern(text: Any) -> tuple[str, ...]:
    return tuple(str(text or "").lower().split())


def read_curated(path: Path, onto: Ontology) -> dict[str, list[dict[str, Any]]]:
    """The curated YAML, checked against the ontology."""
    raw = load_yaml(path.read_text(encoding="utf-8")) or {}
    for i, e in enumerate(raw.get("triggers") or []):
        kind, mode = e.get("type"), e.get("mode")
        where = f"{path.name}: triggers[{i}] ({e.get('lemma')})"
        if e.get("pos") not in {"VERB", "NOUN"} or not e.get("lemma") or not e.get("note"):
            raise BuildError(f"{where}: needs lemma, pos (VERB or NOUN) and note")
        if kind is not None and (kind not in onto.types or (
                mode is not None and onto.types[kind].mode(mode) is None)):
            raise BuildError(f"{where}: {kind} {mode} is not in the ontology")
        if "cameo" in e and (onto.cameo_to_plover(str(e["cameo"])) or ("",))[0] != kind:
            raise BuildError(f"{where}: CAMEO {e['cameo']} does not map to {kind}")
    out = {k: list(raw.get(k) or []) for k in ("triggers", "exclude", "discards",
                                                "drop_discards")}
    generic = raw.get("generic_verbs") or {}
    out["generic"] = [{"lemma": lemma, "pos": "VERB", "type": None, "note": generic["note"]}
                      for lemma in generic.get("lemmas") or []]
    return out


def apply_curated(rows: list[Row], curated: dict[str, list[dict[str, Any]]],
                  onto: Ontology) -> list[Row]:
    """Remove excluded rows, then add curated rows (replacing same-key CAMEO rows)."""
    def excluded(r: Row) -> bool:
        return any(r.lemma == e["lemma"] and r.pos == e["pos"] and
                   ("pattern" not in e or r.pattern == _pattern(e["pattern"]))
                   for e in curated["exclude"])
    kept = [r for r in rows if not excluded(r)]
    coded_bare = {r.lemma for r in rows if r.pos == "VERB" and not r.pattern and r.type}
    idle = [e["lemma"] for e in curated["generic"] if e["lemma"] not in coded_bare]
    if idle:
        raise BuildError(f"generic_verbs: no coded bare verb to block for {idle}")
    start = max((r.order for r in rows), default=0) + 1
    extra = []
    for i, e in enumerate(curated["triggers"] + curated["generic"]):
        kind, mode = e.get("type"), e.get("mode")
        cameo = str(e.get("cameo") or (onto.plover_to_cameo(kind, mode) if kind else "---"))
        extra.append(Row(str(e["lemma"]).lower(), e["pos"], _pattern(e.get("pattern")), cameo,
                         kind, mode, "curated", start + i))
    return list(dedupe(kept + extra).values())


def specificity(pattern: tuple[str, ...]) -> int:
    return sum(1 for w in pattern if w != "*")


def render_triggers(rows: list[Row]) -> str:
    """The TSV, sorted by lemma and pos, most specific pattern first."""
    ordered = sorted(rows, key=lambda r: (r.lemma, r.pos, -specificity(r.pattern), r.order))
    head = ("# Event triggers: CAMEO verb dictionary (PETRARCH2, MIT licence, Open Event Data\n"
            "# Alliance) coded in PLOVER (CC BY-SA 4.0), plus curated entries. Built by\n"
            "# scripts/build_triggers.py: do not edit by hand (edit\n"
            "# event_triggers_curated.yaml and run `make ontology`). Pattern form: see\n"
            "# flashpoint.events.lexicon. Empty type: a blocker (the phrase is not an event).\n")
    body = "".join(f"{r.lemma}\t{r.pos}\t{' '.join(r.pattern)}\t{r.cameo}\t{r.type or ''}\t"
                   f"{r.mode or ''}\t{r.source}\n" for r in ordered)
    return head + TSV_HEAD + body


def render_synsets(rows: list[Row], synsets: dict[str, list[tuple[str, ...]]]) -> str:
    """The members of every synset a pattern refers to."""
    used = sorted({w for r in rows for w in r.pattern if w.startswith("&")})
    head = ("# Word sets the trigger patterns refer to as &name (CAMEO verb dictionary synsets,\n"
            "# PETRARCH2, MIT licence). Built by scripts/build_triggers.py. Columns: set,\n"
            "# member phrase (lower case; &name matches a word equal to a member's last word).\n"
            "synset\tphrase\n")
    return head + "".join(f"{name}\t{' '.join(member)}\n" for name in used
                          for member in synsets[name.upper()])


# --------------------------------------------------------------------------- discards


def parse_discards(lines: list[str], dropped: set[str]) -> list[tuple[str, str, str, str]]:
    """(scope, match, phrase, source) from the Phoenix list, normalised.

    Left out: the years and "N years ago" entries (a chronology filter for old wire copy that
    would discard any sentence naming a year) and the phrases in ``dropped``.
    """
    out = []
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        phrase = " ".join(line.lstrip("+").rstrip("_").lower().split())
        if not phrase or phrase in dropped or re.fullmatch(
                r"\d{4}|(\w+ )?(years|months|weeks|days) (ago|later)", phrase):
            continue
        out.append(("story" if line.startswith("+") else "sentence",
                    "word" if line.endswith("_") else "stem", phrase, "phoenix"))
    return out


def render_discards(entries: list[tuple[str, str, str, str]]) -> str:
    """Our flat discard format, one entry per line, deduplicated and sorted."""
    seen: dict[str, tuple[str, str, str, str]] = {}
    for e in entries:
        seen.setdefault(e[2], e)
    head = ("# Discards: a phrase whose presence makes a sentence (scope sentence) or a whole\n"
            "# story (scope story) uncodeable (sports, entertainment, history, metaphors).\n"
            "# From the Phoenix discards list (PETRARCH2, MIT licence) and curated entries.\n"
            "# Built by scripts/build_triggers.py. Columns: scope, match (word: whole words;\n"
            "# stem: the last word may continue, e.g. 'bowler' matches 'bowlers'), phrase\n"
            "# (lower case), source.\n"
            "scope\tmatch\tphrase\tsource\n")
    body = "".join("\t".join(e) + "\n" for e in sorted(seen.values(), key=lambda e: (e[0], e[2])))
    return head + body


# --------------------------------------------------------------------------- main


def build(shared: Path, data: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """({file name: text}, stats)."""
    ref = shared / "reference" / "petrarch2"
    lines = (ref / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("####### VERB PATTERNS"))
    onto = load_ontology(data / "plover.yaml")
    synsets = parse_synsets(lines[:start])
    blocks, skipped = parse_blocks(lines, start + 1)
    coder = Coder(onto)
    coder.stats.update(skipped)
    curated = read_curated(data / "event_triggers_curated.yaml", onto)
    derived = list(dedupe(verb_rows(blocks, synsets, coder) + noun_rows(blocks, synsets, coder))
                   .values())
    rows = prune_blockers(apply_curated(derived, curated, onto))
    discards = parse_discards((ref / "Phoenix.discards.txt").read_text(
        encoding="utf-8", errors="replace").splitlines(),
        {str(d["phrase"]).lower() for d in curated["drop_discards"]})
    discards += [(d["scope"], d.get("match", "word"), " ".join(d["phrase"].lower().split()),
                  "curated") for d in curated["discards"]]
    stats = {"rows": len(rows), "lemmas": len({(r.lemma, r.pos) for r in rows}),
             "by_type": Counter(r.type or "(blocker)" for r in rows),
             "by_source": Counter(r.source for r in rows),
             "skipped_codes": sorted(coder.skipped_codes), **coder.stats,
             **{k: len(v) for k, v in sorted(coder.lines.items())}}
    files = {"event_triggers.tsv": render_triggers(rows),
             "event_synsets.tsv": render_synsets(rows, synsets),
             "event_discards.txt": render_discards(discards)}
    return files, stats


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--data", type=Path, default=ROOT / "src/flashpoint/data",
                    help="where plover.yaml, cameo2plover.tsv and the curated YAML are")
    ap.add_argument("--out-dir", type=Path, default=None, help="default: --data")
    args = ap.parse_args()
    if not (args.shared / "reference" / "petrarch2").is_dir():
        print(f"build_triggers: {args.shared}/reference/petrarch2 not found; pass --shared DIR",
              file=sys.stderr)
        return 2
    try:
        files, stats = build(args.shared, args.data)
    except (BuildError, KeyError, yaml.YAMLError) as exc:
        print(f"build_triggers: {exc}", file=sys.stderr)
        return 1
    out = args.out_dir or args.data
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    for key, value in stats.items():
        print(f"build_triggers: {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
