"""Build ``src/flashpoint/data/agents.tsv`` from the Phoenix agents dictionary (reproducible).

The Phoenix/PETRARCH2 agents file lists generic agent nouns ("police officer", "rebels",
"foreign ministry") with CAMEO sector codes. We keep the facts (phrase -> sector code) in our
own flat table: macros (``!PERSON!``, ``!MINIST!``) expanded, underscores made spaces, the
irregular plurals in braces and regular plurals added, lower-cased, sorted, deduplicated.
Entries with broken encodings or non-letters are skipped. Run: ``make agents``.

usage: build_agents.py [--shared DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[~(?P<code>[A-Z]+)\]")
MACRO = re.compile(r"^!(?P<name>[A-Z]+)!\s*=\s*(?P<values>.+)$")
VALID = re.compile(r"^[a-z][a-z .'-]*[a-z.]$")


def plural(word: str) -> str:
    """The regular English plural of the last word of ``word``."""
    if word.endswith("s"):
        return word  # already plural ("rangers", "forces") or a mass noun ("police")
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    """Every spelling of ``phrase`` with its macros replaced by each of their values."""
    match = re.search(r"!([A-Z]+)!", phrase)
    if not match or match.group(1) not in macros:
        return [phrase]
    out: list[str] = []
    for value in macros[match.group(1)]:
        out += expand(phrase[: match.start()] + value + phrase[match.end():], macros)
    return out


def parse(lines: list[str]) -> dict[str, str]:
    """phrase -> sector code; the first code listed for a phrase wins (the file's order)."""
    macros: dict[str, list[str]] = {}
    table: dict[str, str] = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        macro = MACRO.match(line)
        if macro:
            macros[macro["name"]] = [v.strip() for v in macro["values"].split(",")]
            continue
        m = LINE.match(line)
        if not m:
            continue
        if re.search(r"[A-Z]![A-Z]+!", m["phrase"]):
            continue  # a macro glued inside a word ("AD!MINIST!RATIVE"): a source typo
        forms = expand(m["phrase"].strip(), macros)
        if m["plural"]:
            forms += expand(m["plural"].strip(), macros)
        for form in forms:
            text = " ".join(form.replace("_", " ").lower().split())
            # "chief of staff" -> no plural of the phrase: its head is not the last word
            variants = (text,) if " of " in text or " for " in text else (text, plural(text))
            for variant in variants:
                if VALID.match(variant) and variant not in table:
                    table[variant] = m["code"]
    return table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "src/flashpoint/data/agents.tsv")
    args = ap.parse_args()
    src = args.shared / "reference" / "petrarch2" / "Phoenix.agents.txt"
    if not src.is_file():
        print(f"build_agents: {src} not found; pass --shared DIR", file=sys.stderr)
        return 2
    table = parse(src.read_text(encoding="utf-8", errors="replace").splitlines())
    header = ("# phrase\tsector  (CAMEO agent codes; facts from the Phoenix/PETRARCH2 agents "
              "dictionary, MIT licence, Open Event Data Alliance;\n"
              "# built by scripts/build_agents.py)\n")
    body = "".join(f"{p}\t{c}\n" for p, c in sorted(table.items()))
    args.out.write_text(header + body, encoding="utf-8")
    print(f"build_agents: {len(table)} phrases -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
