"""Reading the Phoenix (PETRARCH2/TABARI) actor dictionaries for ``build_kb.py``.

Format (PETRARCH2 ``read_actor_dictionary``): a root phrase starts a record, ``+`` lines add
synonyms, ``[CODE]`` or tab-indented ``[CODE restriction]`` lines give CAMEO codes with optional
date restrictions (``<date`` before, ``>date`` after, ``date-date`` between). A root without any
code shares the codes of the next record that has some, as in PETRARCH. Dates are YYYYMMDD, or
YYMMDD with 00-30 read as 20YY and 31-99 as 19YY (the KEDS/TABARI rule); only the first 8
digits of a longer string count (also as in PETRARCH).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from build_kb_curated import CURATED, PHOENIX, Curated, Draft, slug, strings

from flashpoint.actors.kb import alias_keys, normalise
from flashpoint.errors import DataFileError

#: KEDS/TABARI two-digit-year pivot: YY <= this is 20YY, above it 19YY.
TWO_DIGIT_YEAR_PIVOT = 30
_BRACKET = re.compile(r"\[([^\]]*)\]")
_PAREN = re.compile(r"\(([^)]*)\)")
_VOWELS = set("AEIOUY")


@dataclass(frozen=True)
class Restriction:
    """One ``[CODE restriction]``: the code and its ISO date range (None = open)."""

    code: str
    start: str | None
    end: str | None
    dated: bool


@dataclass
class Entry:
    """One Phoenix record: the root phrase, its synonyms and its code restrictions."""

    root: str
    line: int
    comment: str
    synonyms: list[str] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)

    @property
    def phrases(self) -> list[str]:
        return [self.root, *self.synonyms]

    @property
    def dated(self) -> bool:
        return any(r.dated for r in self.restrictions)

    @property
    def from_countryinfo(self) -> bool:
        return "countryinfo" in self.comment.casefold()


@dataclass
class ParseReport:
    """What the reader skipped, for the build summary."""

    bad_dates: list[str] = field(default_factory=list)


def tabari_date(text: str) -> str:
    """A TABARI date string as ISO YYYY-MM-DD (ValueError if it is not a real date)."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) < 6:
        raise ValueError(f"not a TABARI date: {text!r}")
    if len(digits) <= 7:
        yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        year = 2000 + yy if yy <= TWO_DIGIT_YEAR_PIVOT else 1900 + yy
    else:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    return dt.date(year, month, day).isoformat()


def parse_restriction(body: str) -> Restriction:
    """``IRNGOV 030101-070731`` / ``USAGOV >090120`` / ``IRQ <20030320`` / ``USAELI``."""
    code, _, rest = body.strip().partition(" ")
    rest = rest.strip().replace(" ", "")
    if not rest:
        return Restriction(code, None, None, dated=False)
    if rest[0] in "<>":
        day = tabari_date(rest[1:])
        return Restriction(code, None, day, True) if rest[0] == "<" else Restriction(
            code, day, None, True)
    first, _, second = rest.partition("-")
    start, end = tabari_date(first), tabari_date(second)
    if end < start:
        raise ValueError(f"ends before it starts: {body!r}")
    return Restriction(code, start, end, True)


def read_dictionary(path: Path, report: ParseReport) -> list[Entry]:
    """Every record of a Phoenix actor dictionary, codeless roots folded into the next record."""
    entries: list[Entry] = []
    pending: list[Entry] = []
    current: Entry | None = None
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), 1):
        line, _, comment = raw.partition("#")
        stripped = line.strip()
        if not stripped or stripped.startswith("<!"):
            continue
        codes = _BRACKET.findall(stripped)
        phrase = _BRACKET.sub(" ", stripped).strip()
        if stripped.startswith("+") or (stripped.startswith("[") and current is not None):
            if current is None:
                continue
            current.synonyms += [p for p in phrase.lstrip("+").split("+") if p.strip()]
        else:
            if current is not None and not current.restrictions:
                pending.append(current)
                entries.pop()
            current = Entry(root=phrase, line=number, comment=comment)
            entries.append(current)
        for body in codes:
            try:
                current.restrictions.append(parse_restriction(body))
            except ValueError as exc:
                report.bad_dates.append(f"{path.name}:{number}: {exc}")
        if current.restrictions and pending:
            current.synonyms = [p.root for p in pending] + [
                s for p in pending for s in p.synonyms] + current.synonyms
            pending = []
    return [e for e in entries if e.restrictions and e.root]


def display_name(phrase: str, *, person: bool = False) -> tuple[str, list[str]]:
    """A Phoenix phrase (``BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_``) as a display name and the
    acronyms found in its parentheses (``ETA``). Case is restored by rule: words title-cased,
    acronyms kept in capitals (no vowel, dotted, or - except in people's names - a lone word
    of up to 3 letters)."""
    acronyms = [m.strip() for m in _PAREN.findall(phrase)
                if re.fullmatch(r"[A-Z][A-Z0-9./&-]{1,9}", m.strip())]
    text = _PAREN.sub(" ", phrase).replace("_", " ")
    words = [w for w in text.split() if w and "\ufffd" not in w]
    lone = len(words) == 1 and not person
    return " ".join(_case_word(w, lone, i > 0) for i, w in enumerate(words)), acronyms


_PARTICLES = frozenset(("al", "el", "ad", "ash", "as", "ar", "an", "az", "bin", "ibn", "de", "del",
                        "la", "van", "von", "der", "da", "dos", "of", "and", "the", "for", "in",
                        "on", "du", "des", "y"))


def _case_word(word: str, lone: bool, inner: bool) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters or not word.isupper():
        return word
    if inner and word.lower() in _PARTICLES:
        return word.lower()
    if "." in word or (lone and len(letters) <= 3):
        return word
    if not (_VOWELS & set(letters)) and len(letters) > 1:
        return word
    if len(letters) <= 2 and word.isalpha():
        return word if word in {"US", "UN", "UK", "EU", "AU"} else word.capitalize()
    parts = re.split(r"([-'])", word.lower())
    out = []
    for i, part in enumerate(parts):
        if (i > 0 and parts[i - 1] == "'" and len(part) == 1) or (
                part in _PARTICLES and (i > 0 or inner)):
            out.append(part)
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


# --------------------------------------------------------------------------- import


#: A Phoenix country spelling is kept as a country alias only if it is at least this similar
#: (difflib ratio of normal forms) to a name or nationality word we already have: this keeps
#: "Afghanestan" and "Kyrgyzstan" spellings and drops the cities, provinces, rivers and
#: nicknames that TABARI files under the country code ("Houston", "Sunshine State").
#: Calibrated by reading what 0.7-0.9 keep for RUS, USA, IRQ, UKR, AFG.
COUNTRY_SPELLING_MIN_RATIO = 0.8
#: Phoenix names whose normal form is this short ("AN", "CA") are dropped: as lookup keys
#: they are ordinary words far more often than names (curated aliases may still be short).
MAX_DROPPED_KEY = 2
_ORG_WORDS = {"ORGANIZATION", "ORGANISATION", "UNION", "COUNCIL", "COMMISSION", "AGENCY", "BANK",
              "FUND", "COURT", "TRIBUNAL", "COMMUNITY", "NATIONS", "ASSOCIATION", "PROGRAM",
              "PROGRAMME", "ASSEMBLY", "PARLIAMENT", "SECRETARIAT", "ALLIANCE", "TREATY",
              "CONFERENCE", "LEAGUE", "OFFICE", "AUTHORITY", "FORCE", "MISSION", "GROUP"}


@dataclass
class Policy:
    """``kb/curated/phoenix.yaml``: how Phoenix codes and records map onto the KB."""

    country_codes: dict[str, str | None]
    person_sectors: dict[str, dict[str, str]]
    body_sectors: dict[str, str]
    group_sectors: set[str]
    title_words: set[str]
    skip: set[str]
    person_keys: frozenset[str] = frozenset()

    @classmethod
    def from_curated(cls, curated: Curated) -> Policy:
        data = curated.files.get("phoenix.yaml")
        if data is None:
            raise DataFileError("kb/curated/phoenix.yaml is missing", source="kb/curated",
                                fix="restore it from version control")
        sectors = curated.mapping("phoenix.yaml", "person_sectors")
        return cls(
            country_codes={k: v for k, v in curated.mapping("phoenix.yaml", "country_codes")
                           .items() if k != "__where__"},
            person_sectors={k: v for k, v in sectors.items() if k != "__where__"},
            body_sectors={k: v for k, v in curated.mapping("phoenix.yaml", "body_sectors")
                          .items() if k != "__where__"},
            group_sectors=set(strings(data, "group_sectors")),
            title_words={w.upper() for w in strings(data, "title_words")},
            skip=set(strings(data, "skip_entries")))

    def split(self, code: str, states: set[str]) -> tuple[str | None, str]:
        """``USAGOVMIL`` → (``USA``, ``GOVMIL``); unknown or historical states → None."""
        head, sector = code[:3], code[3:]
        if head in self.country_codes:
            return self.country_codes[head], sector
        return (head if head in states else None), sector

    def names_only(self, phrases: list[str], *, person: bool = False) -> list[str]:
        """Display forms of the phrases that are names, not role descriptions; for records of
        organisations, also not the names of curated people (TABARI files a group's leaders
        as synonyms of the group: "KHALED_MESHAAL" under HAMAS)."""
        out: list[str] = []
        for phrase in phrases:
            words = set(re.split(r"[_\s]+", phrase.upper().replace(".", "")))
            if words & self.title_words:
                continue
            name, acronyms = display_name(phrase, person=person)
            if not person and self.names_a_person(name):
                continue
            out += [n for n in (name, *acronyms) if len(normalise(n)) > MAX_DROPPED_KEY]
        return out

    def names_a_person(self, name: str) -> bool:
        """Whether some run of words in ``name`` is a person's name or surname."""
        words = normalise(name).split()
        return any(" ".join(words[i:j]) in self.person_keys
                   for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def import_phoenix(drafts: dict[str, Draft], curated: Curated, phoenix: dict[str, list[Entry]],
                   stats: Counter[str]) -> None:
    """Fold the Phoenix dictionaries into ``drafts`` (lowest priority: curated data wins)."""
    policy = Policy.from_curated(curated)
    listed = strings(curated.files["phoenix.yaml"], "people_in_records")
    policy.person_keys = frozenset(
        [normalise(a) for d in drafts.values() if d.type == "person" for a in d.aliases]
        + [normalise(p) for p in listed])
    states = {i for i, d in drafts.items() if d.type == "state"}
    people: list[tuple[Entry, str]] = []
    groups: list[tuple[Entry, str]] = []
    for entry in phoenix["Countries"]:
        if entry.root in policy.skip:
            stats["phoenix entries skipped by phoenix.yaml"] += 1
            continue
        codes = [(*policy.split(r.code, states), r.code) for r in entry.restrictions]
        if all(len(r.code) == 3 for r in entry.restrictions):
            _country_spellings(drafts, entry, [c[0] for c in codes], stats)
        elif entry.dated or entry.from_countryinfo:
            people.append((entry, "Countries"))
        elif any(c[1] in policy.group_sectors for c in codes):
            groups.append((entry, "Countries"))
        else:
            _fold_body(drafts, entry, codes, policy, stats)
    _import_people(drafts, people, policy, states, stats)
    groups += [(e, "MilNonState") for e in phoenix["MilNonState"] if e.root not in policy.skip]
    _import_groups(drafts, groups, policy, states, stats)
    _import_igo_names(drafts, phoenix["International"], policy, stats)


def _country_spellings(drafts: dict[str, Draft], entry: Entry, targets: list[str | None],
                       stats: Counter[str]) -> None:
    known = [t for t in targets if t is not None]
    if not known or len(set(known)) > 1:
        return
    state = drafts[known[-1]]
    names = sorted({normalise(a) for a in state.aliases} - {normalise(c) for c in state.capitals})
    for phrase in entry.phrases:
        name, _ = display_name(phrase)
        key = normalise(name)
        if key and _similar(key, names):
            state.claim(name, PHOENIX)
            state.sources.add("phoenix")
            stats["phoenix country spellings kept"] += 1
        else:
            stats["phoenix country phrases dropped (places, nicknames)"] += 1


def _similar(key: str, names: list[str]) -> bool:
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(key)
    for name in names:
        matcher.set_seq1(name)
        if (matcher.real_quick_ratio() >= COUNTRY_SPELLING_MIN_RATIO
                and matcher.quick_ratio() >= COUNTRY_SPELLING_MIN_RATIO
                and matcher.ratio() >= COUNTRY_SPELLING_MIN_RATIO):
            return True
    return False


def _fold_body(drafts: dict[str, Draft], entry: Entry,
               codes: list[tuple[str | None, str, str]], policy: Policy,
               stats: Counter[str]) -> None:
    for iso, sector, _code in codes:
        body = policy.body_sectors.get(sector)
        target = drafts.get(f"{iso}.{body}") if iso and body else None
        if target is None:
            stats["phoenix other entries not imported"] += 1
            continue
        for name in policy.names_only(entry.phrases):
            target.claim(name, PHOENIX)
        target.sources.add("phoenix")
        stats["phoenix bodies folded into generic bodies"] += 1
        return


def _import_people(drafts: dict[str, Draft], people: list[tuple[Entry, str]], policy: Policy,
                   states: set[str], stats: Counter[str]) -> None:
    curated_keys: dict[str, str] = {}
    for draft in drafts.values():
        if draft.type == "person":
            for alias, prio in draft.aliases.items():
                for alias_key in alias_keys(alias) if prio == CURATED else ():
                    if " " in alias_key:
                        curated_keys.setdefault(alias_key, draft.id)
    merged: dict[tuple[str, str], Draft] = {}
    named = sorted((display_name(e.root, person=True)[0], e.line, e) for e, _f in people)
    for name, _line, entry in named:
        roles = _roles(entry, policy, states)
        if not roles:
            stats["phoenix persons without a kept role (elites, other states)"] += 1
            continue
        country = Counter(r[0]["country"] for r in roles).most_common(1)[0][0]
        key = normalise(name)
        target = merged.get((key, country))
        if target is None:
            target = _curated_match(entry, key, country, curated_keys, drafts, policy)
        if target is None:
            target = _new_person(drafts, name, country, entry)
            merged[(key, country)] = target
        elif target.priority == CURATED:
            roles = _before_curated(target, roles)
            stats["phoenix persons merged into curated persons"] += 1
        for alias in policy.names_only(entry.phrases, person=True):
            target.claim(alias, PHOENIX)
        target.sources.add("phoenix")
        target.roles += [r for r, _c in roles if r not in target.roles]
        target.codes += [(r["start"] or "", c) for r, c in roles]
    stats["phoenix persons imported"] = sum(1 for d in merged.values())


def _curated_match(entry: Entry, key: str, country: str, curated_keys: dict[str, str],
                   drafts: dict[str, Draft], policy: Policy) -> Draft | None:
    """The curated person a Phoenix record is about: same country, and its root or one of
    its full-name synonyms (two words or more) is a curated name of that person."""
    names = [entry.root, *entry.synonyms]
    keys = [key] + [k for n in policy.names_only(names, person=True) for k in alias_keys(n)]
    for candidate in keys:
        ident = curated_keys.get(candidate)
        if ident is not None and " " in candidate and drafts[ident].country == country:
            return drafts[ident]
    return None


def _roles(entry: Entry, policy: Policy, states: set[str]) -> list[tuple[dict[str, Any], str]]:
    roles = []
    for r in entry.restrictions:
        iso, sector = policy.split(r.code, states)
        spec = policy.person_sectors.get(sector)
        if iso is None or spec is None or not r.dated:
            continue
        roles.append(({"title": spec["title"], "affiliation": f"{iso}.{spec['body']}",
                       "country": iso, "start": r.start, "end": r.end}, r.code))
    return roles


def _before_curated(person: Draft, roles: list[tuple[dict[str, Any], str]]
                    ) -> list[tuple[dict[str, Any], str]]:
    """Phoenix roles of a curated person that ended before the first curated role began."""
    starts = [r["start"] for r in person.roles if r["start"]]
    first = min(starts) if starts else None
    return [(r, c) for r, c in roles if r["end"] and first and r["end"] <= first]


def _new_person(drafts: dict[str, Draft], name: str, country: str, entry: Entry) -> Draft:
    base = f"P.{slug(name)}"
    ident, n = base, 1
    while ident in drafts:
        n += 1
        ident = f"{base}.{country}" if n == 2 else f"{base}-{n - 1}.{country}"
    draft = Draft(ident, name, "person", country, f"Phoenix.Countries.actors.txt:{entry.line}",
                  PHOENIX)
    draft.claim(name, PHOENIX)
    drafts[ident] = draft
    return draft


def _import_groups(drafts: dict[str, Draft], groups: list[tuple[Entry, str]], policy: Policy,
                   states: set[str], stats: Counter[str]) -> None:
    """Phoenix armed groups: merged into a curated group that shares a name (or lists the
    Phoenix record under ``phoenix:``), else added as new ``armed_group`` actors."""
    keys: dict[str, set[str]] = {}
    for draft in drafts.values():
        if draft.type in ("armed_group", "party") and draft.priority == CURATED:
            names = [*draft.aliases, *(display_name(p)[0] for p in draft.phoenix)]
            for key in {k for name in names for k in alias_keys(name)}:
                if len(key) > 3:
                    keys.setdefault(key, set()).add(draft.id)
    added: dict[tuple[str | None, str], Draft] = {}
    for entry, file in sorted(groups, key=lambda g: (g[1], g[0].line)):
        undated = [r for r in entry.restrictions if not r.dated]
        if not undated:
            stats["phoenix dated non-state records not imported (people)"] += 1
            continue
        names = policy.names_only(entry.phrases)
        if not names:
            continue
        matches = set().union(*(keys.get(k, set()) for k in alias_keys(names[0])))
        if len(matches) != 1:
            matches = set().union(*(keys.get(k, set()) for n in names for k in alias_keys(n)))
        home = policy.split(undated[0].code, states)[0]
        if len(matches) == 1:
            target = drafts[matches.pop()]
            stats["phoenix groups merged into curated groups"] += 1
        elif (home, normalise(names[0])) in added:
            target = added[(home, normalise(names[0]))]
            stats["phoenix groups merged into Phoenix groups of the same name"] += 1
        else:
            target = _new_group(drafts, names[0], undated[0].code, policy, states, file, entry)
            added[(home, normalise(names[0]))] = target
            stats["phoenix groups added"] += 1
        for name in names:
            target.claim(name, PHOENIX)
        target.sources.add("phoenix")


def _new_group(drafts: dict[str, Draft], name: str, code: str, policy: Policy,
               states: set[str], file: str, entry: Entry) -> Draft:
    iso, _sector = policy.split(code, states)
    base = f"{iso or 'NSA'}.{re.sub(r'[^A-Z0-9]+', '-', normalise(name).upper()).strip('-')}"
    base = base[:44].rstrip("-")
    ident, n = base, 1
    while ident in drafts:
        n += 1
        ident = f"{base}-{n}"
    note = None if iso else (f"no home country: Phoenix files it under the CAMEO code {code}, "
                             "a region or transnational category, not a state")
    cameo = code if re.fullmatch(r"(?:[A-Z]{3})+", code) else None
    draft = Draft(ident, name, "armed_group", iso, f"Phoenix.{file}.actors.txt:{entry.line}",
                  PHOENIX, cameo=cameo, note=note)
    drafts[ident] = draft
    return draft


def _import_igo_names(drafts: dict[str, Draft], entries: list[Entry], policy: Policy,
                      stats: Counter[str]) -> None:
    """Names of curated IGOs from Phoenix.International: records whose only code is the IGO's
    CAMEO code, keeping phrases that name an organisation (an acronym or an organisation
    word), not its officials or staff."""
    by_cameo: dict[str, list[str]] = {}
    for draft in drafts.values():
        if draft.type == "igo" and draft.cameo:
            by_cameo.setdefault(draft.cameo, []).append(draft.id)
    for entry in entries:
        codes = {r.code for r in entry.restrictions}
        if len(codes) != 1 or entry.dated or entry.root in policy.skip:
            continue
        ids = by_cameo.get(codes.pop(), [])
        if len(ids) != 1:
            continue
        target = drafts[ids[0]]
        for phrase in entry.phrases:
            words = set(re.split(r"[_\s]+", phrase.upper()))
            acronym = re.fullmatch(r"[A-Z][A-Z.]{1,7}_?", phrase.strip()) is not None
            if (acronym or words & _ORG_WORDS) and not words & policy.title_words and not (
                    policy.names_a_person(display_name(phrase)[0])):
                target.claim(display_name(phrase)[0], PHOENIX)
                target.sources.add("phoenix")
                stats["phoenix IGO names kept"] += 1
