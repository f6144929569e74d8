"""The boilerplate rules file (``data/boilerplate.yaml``): loading and validation.

The clean stage (``ingest.clean``) applies the rules; this module reads them, checks every
entry, and names the file and the entry when one is wrong. The file's header documents every
field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError

#: The packaged rules file, under ``flashpoint/data``.
DATA_FILE = "boilerplate.yaml"
#: The rules file format this module reads.
DATA_VERSION = 1

_POSITIONS = ("any", "head", "tail")
_RULE_KEYS = {"id", "reason", "pattern", "max_chars", "position", "requires", "unless", "after",
              "tail_block", "case_sensitive", "subject_not_earlier"}
_REQUIRED_KEYS = ("id", "reason", "pattern", "max_chars")
_FLAG_KEYS = ("tail_block", "case_sensitive", "subject_not_earlier")


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule from the data file (see the file's header for each field)."""

    id: str
    reason: str
    pattern: re.Pattern[str]
    max_chars: int
    position: str = "any"
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    after: str | None = None
    tail_block: bool = False
    subject_not_earlier: bool = False


@dataclass(frozen=True)
class InlineLinks:
    """Related-story links glued inside a paragraph (the file's ``inline_links`` section):
    where one starts (``label``, after a sentence end), where the story resumes, and the
    limits that keep a paragraph that merely says "read more" whole."""

    reason: str
    label: re.Pattern[str]
    resumes: re.Pattern[str]
    max_chars: int
    title_case_share: float


@dataclass(frozen=True)
class RuleSet:
    """The loaded rules, the named cue patterns they refer to, and the inline-link rule (None
    when the file has no ``inline_links`` section)."""

    cues: Mapping[str, re.Pattern[str]]
    rules: tuple[Rule, ...]
    inline: InlineLinks | None = None


# --------------------------------------------------------------------------- loading


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Load and validate the rules file (the packaged one by default).

    Raises ``DataFileError`` naming the file and the entry when the file is not valid YAML, a
    rule lacks a field, a pattern does not compile or a cue name is unknown.
    """
    data, name = read_yaml(DATA_FILE, path, "boilerplate rules")
    return _parse_file(data, name)


def _bad(name: str, entry: str, problem: str) -> DataFileError:
    return DataFileError(f"{entry}: {problem}", source=name,
                         fix="correct that entry (the file's header documents every field)")


def _parse_file(data: Any, name: str) -> RuleSet:
    if not isinstance(data, dict) or data.get("version") != DATA_VERSION:
        raise _bad(name, "top level", f"expected a mapping with 'version: {DATA_VERSION}'")
    raw_cues, raw_rules = data.get("cues", {}), data.get("rules")
    if not isinstance(raw_cues, dict) or not isinstance(raw_rules, list) or not raw_rules:
        raise _bad(name, "top level", "expected 'cues' (a mapping) and 'rules' (a list)")
    cues = {str(k): _compile(name, f"cue {k!r}", v, re.IGNORECASE) for k, v in raw_cues.items()}
    rules: list[Rule] = []
    for index, entry in enumerate(raw_rules):
        rule = _parse_rule(entry, index, cues, name)
        if any(r.id == rule.id for r in rules):
            raise _bad(name, f"rule {rule.id!r}", "this id is used twice")
        rules.append(rule)
    reasons = {r.reason for r in rules}
    for rule in rules:
        if rule.after is not None and rule.after not in reasons:
            raise _bad(name, f"rule {rule.id!r}", f"'after' names no rule's reason: {rule.after!r}")
    return RuleSet(cues, tuple(rules), _parse_inline(data.get("inline_links"), name))


def _parse_inline(raw: Any, name: str) -> InlineLinks | None:
    if raw is None:
        return None
    entry = "inline_links"
    if not isinstance(raw, dict) or set(raw) != {"reason", "label", "resumes", "max_chars",
                                                 "title_case_share"}:
        raise _bad(name, entry, "expected reason, label, resumes, max_chars, title_case_share")
    label = _compile(name, f"{entry}.label", raw["label"], re.IGNORECASE)
    resumes = _compile(name, f"{entry}.resumes", raw["resumes"], 0)
    if not isinstance(raw["max_chars"], int) or raw["max_chars"] <= 0 \
            or not isinstance(raw["title_case_share"], (int, float)):
        raise _bad(name, entry, "max_chars must be a positive integer, title_case_share a number")
    # the label starts a sentence; the headline ends before a resuming word or an opening
    # quote that follows a word with no punctuation
    start = re.compile(r"(?:(?<=[.!?…][\"”’')])|(?<=[.!?…]))\s+(" + label.pattern + ")",
                       re.IGNORECASE)
    end = re.compile(r"(?<=[\w%)])\s+(?=[\"“]|(?:" + resumes.pattern + r")\s)")
    return InlineLinks(str(raw["reason"]), start, end, raw["max_chars"],
                       float(raw["title_case_share"]))


def _compile(name: str, entry: str, pattern: Any, flags: int) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern.strip():
        raise _bad(name, entry, "the pattern must be a non-empty string")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise _bad(name, entry, f"the pattern does not compile: {exc}") from exc


def _parse_rule(entry: Any, index: int, cues: Mapping[str, Any], name: str) -> Rule:
    label = f"rule #{index + 1}"
    if not isinstance(entry, dict):
        raise _bad(name, label, "expected a mapping")
    if isinstance(entry.get("id"), str):
        label = f"rule #{index + 1} {entry['id']!r}"
    missing = [k for k in _REQUIRED_KEYS if k not in entry]
    unknown = sorted(set(entry) - _RULE_KEYS)
    if missing or unknown:
        raise _bad(name, label, f"missing fields {missing}, unknown fields {unknown}")
    if not isinstance(entry["reason"], str) or not entry["reason"].strip():
        raise _bad(name, label, "'reason' must be a non-empty string")
    if not isinstance(entry["max_chars"], int) or entry["max_chars"] <= 0:
        raise _bad(name, label, "'max_chars' must be a positive integer")
    position = entry.get("position", "any")
    if position not in _POSITIONS:
        raise _bad(name, label, f"'position' must be one of {_POSITIONS}, not {position!r}")
    refs = {key: entry.get(key, []) for key in ("requires", "unless")}
    for key, names in refs.items():
        if not isinstance(names, list) or any(n not in cues for n in names):
            raise _bad(name, label, f"'{key}' must list cue names from {sorted(cues)}")
    flags_ok = all(isinstance(entry.get(k, False), bool) for k in _FLAG_KEYS)
    if not flags_ok or not isinstance(entry.get("after", ""), str):
        raise _bad(name, label, f"{list(_FLAG_KEYS)} must be true/false, 'after' a reason")
    flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
    pattern = _compile(name, label, entry["pattern"], flags)
    subject = bool(entry.get("subject_not_earlier", False))
    if subject and "subject" not in pattern.groupindex:
        raise _bad(name, label, "'subject_not_earlier' needs a (?P<subject>...) group")
    return Rule(id=str(entry["id"]), reason=entry["reason"].strip(), pattern=pattern,
                max_chars=entry["max_chars"], position=position, requires=tuple(refs["requires"]),
                unless=tuple(refs["unless"]), after=entry.get("after"),
                tail_block=bool(entry.get("tail_block", False)), subject_not_earlier=subject)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The packaged rules, loaded once per process."""
    return load_rules()
