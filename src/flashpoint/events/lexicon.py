"""The event trigger lexicon and the discard list of the rule coder, loaded from data files.

``data/event_triggers.tsv`` (built by ``scripts/build_triggers.py`` from the CAMEO verb
dictionary of PETRARCH2, coded through ``cameo2plover.tsv``, plus the curated
``event_triggers_curated.yaml``) has one trigger per line: ``lemma pos pattern cameo type mode
source``.

Pattern form: lower-case words separated by spaces, in sentence order, relative to the trigger
word (the verb, or the noun for NOUN triggers). ``*`` stands for the trigger and is written
only when words must come before it (for a verb usually its subject, ``military *``; for a
noun its modifiers, ``air *`` = "air strike"); all other words must follow the trigger in its
clause, in order (objects, particles, prepositions and their nouns: ``from treaty``). ``a|b``
is either word; ``&name`` is any member of a word set in ``data/event_synsets.tsv`` (its last
word). Words match a context word or its lemma, singular or plural. An empty pattern is the
bare word: its default coding. Triggers of a lemma are ordered most specific first (most
pattern words; a curated trigger before a CAMEO one of as many); the first whose pattern
matches wins. A trigger with no type is a *blocker*:
the phrase is not an event ("attack ... in polls", "price war").

``data/event_discards.txt`` lists phrases that make a sentence or a whole story uncodeable
(sports, entertainment, history). Both files are validated at load: a bad line is a
``DataFileError`` naming the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from flashpoint.errors import DataFileError

from .ontology import Ontology, load_ontology
from .words import word_class

POS: tuple[str, ...] = ("VERB", "NOUN")
SOURCES: tuple[str, ...] = ("cameo", "cameo_remap", "curated")
SCOPES: tuple[str, ...] = ("sentence", "story")
_TRIGGER_COLUMNS = ("lemma", "pos", "pattern", "cameo", "type", "mode", "source")
_CODE = re.compile(r"^(---|\d{2,4})$")
_TOKEN = re.compile(r"^(\*|&[a-z_]+|[^\s|*&]+(\|[^\s|*&]+)*)$")
_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
_FIX = "rebuild it with `make ontology` (or correct the line)"
#: Shortest word the singular rule touches ("ties" would become "ty").
_MIN_IES_WORD = 5
#: Letters of a one-word discard stem used to index it (every stem in the data is longer).
_STEM_KEY = 3


@lru_cache(maxsize=65536)
def singular(word: str) -> str:
    """A conservative singular for matching ("rallies" -> "rally", "talks" -> "talk").

    Cached: the rule coder asks for the same few thousand words over and over."""
    if word.endswith("ies") and len(word) >= _MIN_IES_WORD:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: Verbs that report what someone else did: class ``reporting_verbs`` of
#: data/event_word_classes.yaml, whose note says why.
REPORTING_VERBS = word_class("reporting_verbs")


@dataclass(frozen=True)
class Trigger:
    """One way a word signals an event (or, with ``type`` None, that it does not)."""

    lemma: str
    pattern: tuple[str, ...]
    cameo: str
    type: str | None
    mode: str | None
    pos: str
    source: str

    @property
    def is_blocker(self) -> bool:
        return self.type is None

    @property
    def before(self) -> tuple[str, ...]:
        """Pattern words that precede the trigger."""
        return self.pattern[:self.pattern.index("*")] if "*" in self.pattern else ()

    @property
    def after(self) -> tuple[str, ...]:
        """Pattern words that follow the trigger."""
        return self.pattern[self.pattern.index("*") + 1:] if "*" in self.pattern else self.pattern

    @property
    def specificity(self) -> int:
        return sum(1 for w in self.pattern if w != "*")


@dataclass(frozen=True, eq=False)
class TriggerLexicon:
    """Triggers by (lemma, pos), most specific first, and the word sets patterns use."""

    by_key: dict[tuple[str, str], tuple[Trigger, ...]]
    synsets: dict[str, frozenset[str]]

    def __getitem__(self, lemma: str) -> tuple[Trigger, ...]:
        """Every trigger of ``lemma`` (verbs, then nouns), most specific first."""
        found = self.get(lemma, "VERB") + self.get(lemma, "NOUN")
        if not found:
            raise KeyError(lemma)
        return found

    def __contains__(self, lemma: object) -> bool:
        return any((lemma, pos) in self.by_key for pos in POS)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_key.values())

    @property
    def lemmas(self) -> frozenset[str]:
        """Every lemma with a trigger, in any part of speech (built once per lexicon)."""
        return _lemmas(self)

    def get(self, lemma: str, pos: str = "VERB") -> tuple[Trigger, ...]:
        """Triggers of ``lemma`` as ``pos``, most specific first (empty when none)."""
        return self.by_key.get((lemma.lower(), pos), ())

    def default(self, lemma: str, pos: str = "VERB") -> Trigger | None:
        """The bare word's trigger (empty pattern), if the lexicon has one."""
        return next((t for t in self.get(lemma, pos) if not t.pattern), None)

    def match(self, lemma: str, before: Iterable[str] = (), after: Iterable[str] = (),
              pos: str = "VERB") -> Trigger | None:
        """The most specific trigger whose pattern the context words satisfy.

        ``before``/``after`` are the words (or lemmas) of the trigger's clause before and after
        it, in order. A blocker can be returned: check ``is_blocker``.
        """
        left = [w.lower() for w in before]
        right = [w.lower() for w in after]
        present = {singular(w) for w in (*left, *right)} | set(left) | set(right)
        entries, bare, by_word = _pattern_index(self, lemma.lower(), pos)
        # Only the patterns whose first plain word is in the clause can match ("go" has ~300).
        tried = set(bare).union(*(by_word.get(w, ()) for w in present))
        for k in sorted(tried):
            trig, plain = entries[k]
            if any(t not in present and s not in present for t, s in plain):
                continue  # a plain pattern word is missing: most patterns fail here
            if self._subsequence(trig.before, left) and self._subsequence(trig.after, right):
                return trig
        return None

    def _word_matches(self, token: str, word: str) -> bool:
        if token.startswith("&"):
            return singular(word) in self.synsets.get(token, frozenset())
        return any(singular(alt) == singular(word) or alt == word for alt in token.split("|"))

    def _subsequence(self, tokens: Sequence[str], words: Sequence[str]) -> bool:
        it = iter(words)
        return all(any(self._word_matches(t, w) for w in it) for t in tokens)


@lru_cache(maxsize=8)
def _lemmas(lexicon: TriggerLexicon) -> frozenset[str]:
    return frozenset(lemma for lemma, _ in lexicon.by_key)


@lru_cache(maxsize=65536)
def _with_plain_words(lexicon: TriggerLexicon, lemma: str, pos: str,
                      ) -> tuple[tuple[Trigger, tuple[tuple[str, str], ...]], ...]:
    """The triggers of (lemma, pos), each with its plain pattern words (read once per lemma:
    ``match`` runs for every candidate word of every sentence)."""
    return tuple((t, _plain_words(t.pattern)) for t in lexicon.get(lemma, pos))


@lru_cache(maxsize=65536)
def _pattern_index(lexicon: TriggerLexicon, lemma: str, pos: str,
                   ) -> tuple[tuple[tuple[Trigger, tuple[tuple[str, str], ...]], ...],
                              tuple[int, ...], dict[str, tuple[int, ...]]]:
    """The triggers of (lemma, pos) with their plain words (as ``_with_plain_words``), the
    positions of those without plain words, and the positions of the others under both
    forms of their first plain word: ``match`` tries only the patterns that can succeed."""
    entries = _with_plain_words(lexicon, lemma, pos)
    bare = tuple(k for k, (_, plain) in enumerate(entries) if not plain)
    by_word: dict[str, list[int]] = {}
    for k, (_, plain) in enumerate(entries):
        if plain:
            for form in dict.fromkeys(plain[0]):
                by_word.setdefault(form, []).append(k)
    return entries, bare, {w: tuple(v) for w, v in by_word.items()}


@lru_cache(maxsize=65536)
def _plain_words(pattern: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The pattern's plain words, each with its singular (computed once per pattern)."""
    return tuple((t, singular(t)) for t in pattern
                 if t != "*" and not t.startswith("&") and "|" not in t)


@dataclass(frozen=True)
class Discard:
    """A phrase that makes a sentence (or story) uncodeable; ``stem``: last word may continue."""

    words: tuple[str, ...]
    scope: Literal["sentence", "story"]
    stem: bool
    source: str

    def matches_at(self, words: Sequence[str], i: int) -> bool:
        """True when the phrase occurs in ``words`` starting at index ``i``."""
        n = len(self.words)
        if i + n > len(words) or tuple(words[i:i + n - 1]) != self.words[:-1]:
            return False
        last = words[i + n - 1]
        return last.startswith(self.words[-1]) if self.stem else last == self.words[-1]


@dataclass(frozen=True, eq=False)
class Discards:
    """The discard phrases, indexed by their first word (or its stem)."""

    entries: tuple[Discard, ...]

    def find(self, words: Sequence[str]) -> Discard | None:
        """The first discard phrase occurring in ``words`` (lower-cased word tokens)."""
        lowered = [w.lower() for w in words]
        for i, word in enumerate(lowered):
            for entry in self._candidates(word):
                if entry.matches_at(lowered, i):
                    return entry
        return None

    def find_text(self, text: str) -> Discard | None:
        """``find`` over the words of a raw text (letters and digits; hyphens split words)."""
        return self.find(_WORD.findall(text.lower()))

    def _candidates(self, word: str) -> list[Discard]:
        index = _discard_index(self)
        found = list(index.get(word, ()))
        found += [d for d in index.get("~" + word[:_STEM_KEY], ()) if word.startswith(d.words[0])]
        return found


@lru_cache(maxsize=4)
def _discard_index(discards: Discards) -> dict[str, tuple[Discard, ...]]:
    """First word -> entries; one-word stems under "~" + their first letters (they need a
    prefix test, and grouping them keeps it to a handful per word)."""
    index: dict[str, list[Discard]] = {}
    for d in discards.entries:
        key = "~" + d.words[0][:_STEM_KEY] if d.stem and len(d.words) == 1 else d.words[0]
        index.setdefault(key, []).append(d)
    return {k: tuple(v) for k, v in index.items()}


# --------------------------------------------------------------------------- loading


def _data_path(name: str) -> Path:
    return Path(str(resources.files("flashpoint").joinpath(f"data/{name}")))


def _rows(path: Path, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a tab-separated data file, comments and header skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read: {exc}", source=str(path), fix=_FIX) from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if tuple(cells) == header:
            continue
        if len(cells) != len(header):
            raise DataFileError(f"line {number}: expected {len(header)} tab-separated columns "
                                f"{header}, got {len(cells)}", source=str(path), fix=_FIX)
        out.append((number, cells))
    return out


def read_synsets(path: Path) -> dict[str, frozenset[str]]:
    """``&name`` -> the singular last words of its members."""
    sets: dict[str, set[str]] = {}
    for number, (name, phrase) in _rows(path, ("synset", "phrase")):
        words = phrase.split()
        if not re.fullmatch(r"&[a-z_]+", name) or not words:
            raise DataFileError(f"line {number}: expected '&name<TAB>phrase', got "
                                f"{name!r} {phrase!r}", source=str(path), fix=_FIX)
        sets.setdefault(name, set()).add(singular(words[-1]))
    return {k: frozenset(v) for k, v in sets.items()}


def _check_pattern(tokens: tuple[str, ...], synsets: dict[str, frozenset[str]]) -> str | None:
    """What is wrong with a pattern, or None."""
    if tokens.count("*") > 1 or tokens[:1] == ("*",):
        return "'*' may appear once, after at least one word"
    for t in tokens:
        if not _TOKEN.match(t):
            return f"bad pattern word {t!r}"
        if t.startswith("&") and t not in synsets:
            return f"unknown word set {t!r}"
    return None


def _trigger(cells: list[str], onto: Ontology, synsets: dict[str, frozenset[str]]
             ) -> tuple[Trigger | None, str | None]:
    """A validated trigger, or (None, what is wrong)."""
    lemma, pos, pattern, cameo, kind, mode, source = cells
    tokens = tuple(pattern.split())
    problem = _check_pattern(tokens, synsets)
    if not lemma or lemma != lemma.lower() or " " in lemma:
        problem = f"lemma {lemma!r} must be one lower-case word"
    elif pos not in POS:
        problem = f"pos {pos!r} is not one of {POS}"
    elif not _CODE.match(cameo):
        problem = f"cameo {cameo!r} is not a CAMEO code or ---"
    elif kind and kind not in onto.types:
        problem = f"unknown event type {kind!r}"
    elif mode and (not kind or onto.types[kind].mode(mode) is None):
        problem = f"{kind or '(no type)'} has no mode {mode!r}"
    elif source not in SOURCES:
        problem = f"source {source!r} is not one of {SOURCES}"
    if problem:
        return None, problem
    return Trigger(lemma, tokens, cameo, kind or None, mode or None, pos, source), None


def read_triggers(path: Path, synsets: dict[str, frozenset[str]],
                  onto: Ontology) -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(lemma, pos) -> triggers, most specific first; among equals a curated trigger first
    (it was written to correct the CAMEO rows: "searched the home" is COERCE seize, not the
    CAMEO row "search &suspect" THREATEN), then file order."""
    grouped: dict[tuple[str, str], list[Trigger]] = {}
    for number, cells in _rows(path, _TRIGGER_COLUMNS):
        trig, problem = _trigger(cells, onto, synsets)
        if trig is None:
            raise DataFileError(f"line {number}: {problem}", source=str(path), fix=_FIX)
        grouped.setdefault((trig.lemma, trig.pos), []).append(trig)
    if not grouped:
        raise DataFileError("no triggers found", source=str(path), fix=_FIX)
    return {k: tuple(sorted(v, key=lambda t: (-t.specificity, t.source != "curated")))
            for k, v in grouped.items()}


@lru_cache(maxsize=4)
def load_triggers(path: str | Path | None = None,
                  synsets_path: str | Path | None = None) -> TriggerLexicon:
    """Load and validate the trigger lexicon (cached per process).

    ``synsets_path`` defaults to ``event_synsets.tsv`` beside ``path``; types and modes are
    checked against the packaged ontology.
    """
    trig_path = Path(path) if path is not None else _data_path("event_triggers.tsv")
    sets_path = Path(synsets_path) if synsets_path is not None else (
        trig_path.parent / "event_synsets.tsv")
    synsets = read_synsets(sets_path)
    return TriggerLexicon(read_triggers(trig_path, synsets, load_ontology()), synsets)


@lru_cache(maxsize=4)
def load_discards(path: str | Path | None = None) -> Discards:
    """Load and validate the discard list (cached per process)."""
    file = Path(path) if path is not None else _data_path("event_discards.txt")
    entries = []
    for number, (scope, match, phrase, source) in _rows(
            file, ("scope", "match", "phrase", "source")):
        words = tuple(_WORD.findall(phrase))
        if scope not in SCOPES or match not in {"word", "stem"} or not words or not source:
            raise DataFileError(f"line {number}: expected scope (sentence|story), match "
                                f"(word|stem), phrase, source; got {scope!r} {match!r} "
                                f"{phrase!r}", source=str(file), fix=_FIX)
        entries.append(Discard(words, "story" if scope == "story" else "sentence",
                               match == "stem", source))
    return Discards(tuple(entries))
