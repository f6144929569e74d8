"""The clean stage: keep the article, drop what is not (appeals, prompts, bios, share text).

Why rules and not a classifier: what surrounds news is formulaic ("Support our journalism",
"This article was first published by ...") while news is open-ended, so a short list of precise
patterns (data: ``data/boilerplate.yaml``) finds most boilerplate and almost never touches news.
This module segments the text, applies them with guards for position, length and who is
addressed, and rebuilds the text. Precision first: a paragraph is kept unless a rule is sure.

Units and separators: a unit is a paragraph; lines are separate units unless a line is a hard
wrap of the one before. The output keeps the original text of every kept unit and the original
separators between them (across dropped units, the strongest separator spanned, so paragraph
breaks survive): with nothing dropped and no mojibake the output is the input, character for
character. Every dropped unit (or run of appeal sentences glued to the end of the last
paragraph, or a related-story link glued inside one) becomes a ``Dropped`` record with the
rule's reason. The rules file is read and checked by ``ingest.boilerplate_rules``.

Mojibake (UTF-8 read as cp1252: "Ã©", "â€™") is repaired in kept text only where it re-encodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from flashpoint.config import PipelineConfig
from flashpoint.model import Cleaned, Dropped, RawDocument
from flashpoint.registry import STAGES

from .boilerplate_rules import (
    DATA_FILE,
    DATA_VERSION,
    InlineLinks,
    Rule,
    RuleSet,
    default_rules,
    load_rules,
)

__all__ = ["DATA_FILE", "DATA_VERSION", "Rule", "RuleSet", "clean", "clean_text",
           "default_rules", "load_rules", "make_rules", "repair_mojibake", "segment"]

#: A byline is only a byline when fewer than 3 kept units precede it (a title, a standfirst):
#: counted over kept units so that a cookie banner before the title does not push it out.
HEAD_UNITS = 3
#: "At the end": a tail rule (bio, wire credit) applies only when at most 3 kept units follow
#: it, each of them short (below); dropped units after it (an appeal block) do not count.
TAIL_KEPT = 3
#: Units up to this long may follow a tail rule's unit without breaking "at the end" (button
#: lines, "Thank you for reading."); a longer unit after it is news, so the rule does not apply.
TAIL_SHORT_CHARS = 120
#: A short line directly after a tail appeal ("Donate", "$5 monthly") is swept with it only if
#: this short: real follow-up sentences of news are longer.
SWEEP_MAX_CHARS = 80
#: A line at least this long that ends without punctuation is hard-wrapped: the next line
#: continues it. Headlines and button lines are shorter; wrapped prose runs 60-80 columns.
WRAP_MIN_CHARS = 50
#: An appeal longer than a rule's ``max_chars`` (some run to 1,000+ characters) is still
#: dropped if at least 2 different appeal rules match it and it is at most this long; a long
#: news paragraph with one cue word never qualifies.
LONG_APPEAL_MAX_CHARS = 1600
LONG_APPEAL_MIN_RULES = 2

_TERMINAL = tuple(".!?:;\"”’')]…")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")
#: Units are trimmed of ASCII whitespace only: a no-break space can be part of a mojibake run
#: ("Â\xa0"), and trimming it would split the run.
_WS = " \t\r\n\f\v"
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


# --------------------------------------------------------------------------- mojibake


def _sloppy_cp1252() -> tuple[dict[str, int], str]:
    """cp1252 as browsers decode it: the 5 undefined bytes map to the same code points."""
    table: dict[str, int] = {}
    for byte in range(256):
        try:
            char = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            char = chr(byte)
        table[char] = byte
    continuation = "".join(c for c, b in table.items() if 0x80 <= b < 0xC0)
    return table, continuation


_CP1252, _CONT = _sloppy_cp1252()
_C = "[" + re.escape(_CONT) + "]"
#: One or more UTF-8 sequences as cp1252 shows them: a lead byte (Â-ß, à-ï, ð-ô) followed by
#: 1, 2 or 3 continuation bytes.
_MOJIBAKE = re.compile(
    f"(?:[\u00c2-\u00df]{_C}|[\u00e0-\u00ef]{_C}{{2}}|[\u00f0-\u00f4]{_C}{{3}})+")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return bytes(_CP1252[c] for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run


def repair_mojibake(text: str) -> str:
    """Repair UTF-8-read-as-cp1252 runs ("â€™" → "’") that round-trip; leave the rest."""
    return _MOJIBAKE.sub(_repair_run, text)


# --------------------------------------------------------------------------- segmentation


def _normalise(text: str) -> str:
    return _SPACE.sub(" ", repair_mojibake(text).translate(_QUOTES)).strip()


def _continues(previous: str, line: str) -> bool:
    """True when ``line`` is a hard wrap of ``previous`` rather than a paragraph of its own."""
    if previous.endswith(_TERMINAL):
        return False
    return line[:1].islower() or len(previous) >= WRAP_MIN_CHARS


def segment(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the units of ``text``: paragraphs, or lines that stand alone."""
    spans: list[tuple[int, int]] = []
    previous: str | None = None
    offset = 0
    for raw_line in text.split("\n"):
        line = raw_line.strip(_WS)
        if line and not line.isspace():
            start = offset + len(raw_line) - len(raw_line.lstrip(_WS))
            end = start + len(line)
            if previous is not None and _continues(previous, line):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        previous = line if line and not line.isspace() else None
        offset += len(raw_line) + 1
    return spans


# --------------------------------------------------------------------------- classification


def _match(rule: Rule, norm: str, rules: RuleSet, limit: int | None = None) -> re.Match[str] | None:
    if len(norm) > (rule.max_chars if limit is None else limit):
        return None
    found = rule.pattern.search(norm)
    if found is None or any(rules.cues[c].search(norm) is None for c in rule.requires):
        return None
    return None if any(rules.cues[c].search(norm) for c in rule.unless) else found


def _subject_ok(found: re.Match[str], earlier: str) -> bool:
    surname = found.group("subject").split()[-1].strip(".,'’")
    return re.search(rf"\b{re.escape(surname)}\b", earlier) is None


def _first_rule(units: Sequence[str], i: int, rules: RuleSet, position: str,
                verdicts: Sequence[Rule | None]) -> Rule | None:
    norm = units[i]
    for rule in rules.rules:
        if rule.position != position or rule.after is not None:
            continue
        found = _match(rule, norm, rules)
        if found is None:
            continue
        if rule.subject_not_earlier:
            earlier = " ".join(u for u, v in zip(units[:i], verdicts, strict=False) if not v)
            if not _subject_ok(found, earlier):
                continue
        return rule
    return None


def _long_appeal(norm: str, rules: RuleSet) -> Rule | None:
    if len(norm) > LONG_APPEAL_MAX_CHARS:
        return None
    hits = [r for r in rules.rules if r.tail_block and _match(r, norm, rules, len(norm))]
    return hits[0] if len({r.id for r in hits}) >= LONG_APPEAL_MIN_RULES else None


def _after_candidate(norm: str, rules: RuleSet) -> Rule | None:
    return next((r for r in rules.rules if r.after is not None and _match(r, norm, rules)), None)


def _clear_after(units: Sequence[str], verdicts: Sequence[Rule | None]) -> list[bool]:
    """For each unit: is it "at the end" (what follows is dropped, or few and short)?"""
    clear = [True] * len(units)
    kept_after, ok = 0, True
    for i in range(len(units) - 1, -1, -1):
        clear[i] = ok
        if verdicts[i] is None:
            kept_after += 1
            ok = ok and kept_after <= TAIL_KEPT and len(units[i]) <= TAIL_SHORT_CHARS
    return clear


def _classify(units: Sequence[str], rules: RuleSet) -> list[Rule | None]:
    """One verdict per unit: the rule that drops it, or None to keep it."""
    n = len(units)
    verdicts: list[Rule | None] = [None] * n
    kept_before = 0
    for i, unit in enumerate(units):
        verdicts[i] = _first_rule(units, i, rules, "any", verdicts)
        if verdicts[i] is None and kept_before < HEAD_UNITS:
            verdicts[i] = _first_rule(units, i, rules, "head", verdicts)
        if verdicts[i] is None:
            verdicts[i] = _long_appeal(unit, rules)
        kept_before += verdicts[i] is None
    # A unit that may continue a bio counts as droppable when deciding what is "at the end";
    # _settle_tail takes back any tail verdict that this assumption did not bear out.
    hopeful = [v or _after_candidate(u, rules) for u, v in zip(units, verdicts, strict=True)]
    kept_after, clear = 0, True
    for i in range(n - 1, -1, -1):
        if not clear:
            break
        if verdicts[i] is None:
            verdicts[i] = _first_rule(units, i, rules, "tail", verdicts)
        if verdicts[i] is None and hopeful[i] is None:
            kept_after += 1
            clear = kept_after <= TAIL_KEPT and len(units[i]) <= TAIL_SHORT_CHARS
    _apply_after_rules(units, verdicts, rules)
    _settle_tail(units, verdicts)
    _sweep_tail(units, verdicts, rules)
    return verdicts


def _apply_after_rules(units: Sequence[str], verdicts: list[Rule | None],
                       rules: RuleSet) -> None:
    """Rules that continue a dropped unit ("She is also ..." after an author bio)."""
    for i in range(1, len(units)):
        prev = verdicts[i - 1]
        if verdicts[i] is not None or prev is None:
            continue
        for rule in rules.rules:
            if rule.after == prev.reason and _match(rule, units[i], rules):
                verdicts[i] = rule
                break


def _settle_tail(units: Sequence[str], verdicts: list[Rule | None]) -> None:
    """Keep again every tail or continuation verdict whose condition no longer holds."""
    changed = True
    while changed:
        changed = False
        clear = _clear_after(units, verdicts)
        for i, rule in enumerate(verdicts):
            if rule is None:
                continue
            prev = verdicts[i - 1] if i else None
            orphan = rule.after is not None and (prev is None or prev.reason != rule.after)
            if orphan or (rule.position == "tail" and not clear[i]):
                verdicts[i], changed = None, True


def _guards(rules: RuleSet) -> list[re.Pattern[str]]:
    """The vetoes of the appeal rules: a swept line must pass them all."""
    names = {c for r in rules.rules if r.tail_block for c in r.unless}
    return [rules.cues[c] for c in sorted(names)]


def _sweepable(norm: str, guards: Sequence[re.Pattern[str]]) -> bool:
    return len(norm) <= SWEEP_MAX_CHARS and not any(g.search(norm) for g in guards)


def _sweep_tail(units: Sequence[str], verdicts: list[Rule | None], rules: RuleSet) -> None:
    """Once an appeal block starts near the end, the short lines after it go with it.

    The block starts at the earliest appeal after which every unit is dropped or sweepable
    (at most ``TAIL_KEPT`` of them); each swept line takes the reason of the drop before it.
    """
    guards, start = _guards(rules), None
    kept_after, ok = 0, True
    for i in range(len(units) - 1, -1, -1):
        verdict = verdicts[i]
        if verdict is not None and verdict.tail_block:
            start = i
        elif verdict is None:
            kept_after += 1
            ok = kept_after <= TAIL_KEPT and _sweepable(units[i], guards)
        if not ok:
            break
    if start is None:
        return
    current = verdicts[start]
    for j in range(start + 1, len(units)):
        current = verdicts[j] = verdicts[j] or current


def _glued_tail(text: str, rules: RuleSet) -> tuple[int, Rule] | None:
    """Where appeal sentences glued to the end of a paragraph start, and their rule.

    Walking back from the last sentence, each must match an appeal rule or be a short line
    such as "Thank you."; the cut is at the earliest matching sentence, never the first one.
    """
    bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    guards = _guards(rules)
    found: tuple[int, Rule] | None = None
    for k in range(len(bounds) - 2, 0, -1):
        sentence = _normalise(text[bounds[k]:bounds[k + 1]])
        hit = next((r for r in rules.rules if r.tail_block and _match(r, sentence, rules)), None)
        if hit is not None:
            found = (bounds[k], hit)
        elif not _sweepable(sentence, guards):
            break
    return found


# --------------------------------------------------------------------------- the stage


def _inline_links(text: str, links: InlineLinks) -> list[tuple[int, int]]:
    """The (start, end) of each link label and headline glued inside ``text``."""
    out = []
    for m in links.label.finditer(text):
        head = m.end(1)
        for end in links.resumes.finditer(text, head, head + links.max_chars):
            quote = text[end.end():end.end() + 1] in "\"“"
            if end.start() > head and (quote or not _title_case(text[head:end.start()],
                                                                links.title_case_share)):
                out.append((m.start(1), end.end()))
                break
    return out


def _title_case(headline: str, share: float) -> bool:
    words = [w for w in headline.split()[1:] if len(w) >= 4 and w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > share


def _without(text: str, cuts: Sequence[tuple[int, int]]) -> str:
    pieces, at = [], 0
    for s, e in cuts:
        pieces.append(text[at:s])
        at = e
    pieces.append(text[at:])
    return "".join(pieces)


def _separator(text: str, spans: Sequence[tuple[int, int]], prev: int, cur: int) -> str:
    """The strongest original separator between kept units ``prev`` and ``cur``."""
    seps = [text[spans[j - 1][1]:spans[j][0]] for j in range(prev + 1, cur + 1)]
    return max(seps, key=lambda s: (s.count("\n"), len(s)))


def clean_text(text: str, rules: RuleSet) -> Cleaned:
    """Clean ``text`` with ``rules``: the kept body and a record of every dropped segment."""
    spans = segment(text)
    if not spans:
        return Cleaned(text, ())
    units = [_normalise(text[s:e]) for s, e in spans]
    verdicts = _classify(units, rules)
    kept = [i for i, v in enumerate(verdicts) if v is None]
    ends = {i: spans[i][1] for i in kept}
    glued: Dropped | None = None
    if kept:
        last = kept[-1]
        cut = _glued_tail(text[spans[last][0]:spans[last][1]], rules)
        if cut is not None:
            ends[last] = spans[last][0] + cut[0]
            glued = Dropped(text[ends[last]:spans[last][1]].strip(_WS), cut[1].reason)
            ends[last] = spans[last][0] + len(text[spans[last][0]:ends[last]].rstrip(_WS))
    pieces = [text[:spans[0][0]]]
    links: list[Dropped] = []
    for n, i in enumerate(kept):
        if n:
            pieces.append(_separator(text, spans, kept[n - 1], i))
        unit = text[spans[i][0]:ends[i]]
        cuts: list[tuple[int, int]] = []
        if rules.inline is not None:
            cuts = _inline_links(unit, rules.inline)
            links += [Dropped(unit[s:e].strip(_WS), rules.inline.reason) for s, e in cuts]
        pieces.append(repair_mojibake(_without(unit, cuts)))
    pieces.append(text[spans[-1][1]:])
    dropped = [Dropped(text[s:e], v.reason) for (s, e), v in zip(spans, verdicts, strict=True)
               if v is not None]
    if glued is not None:
        dropped.insert(sum(1 for v in verdicts[:kept[-1]] if v is not None), glued)
    return Cleaned("".join(pieces), tuple(dropped + links))


def clean(raw: RawDocument, config: PipelineConfig) -> Cleaned:
    """Remove what is not the article from ``raw.text`` (or nothing when cleaning is off).

    With ``config.clean`` false the text is returned unchanged so that offsets index the
    input; otherwise see the module docstring for what is dropped and how text is rebuilt.
    """
    if not config.clean:
        return Cleaned(raw.text, ())
    return clean_text(raw.text, default_rules())


@STAGES["clean"].register("clean.rules.v1")
def make_rules(config: PipelineConfig) -> Callable[[RawDocument], Cleaned]:
    """Factory: load (and so validate) the rules at start-up, then clean each document."""
    rules = default_rules()

    def stage(raw: RawDocument) -> Cleaned:
        if not config.clean:
            return Cleaned(raw.text, ())
        return clean_text(raw.text, rules)

    return stage
