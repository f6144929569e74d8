"""The quotes stage's cue lexicon: speech verbs, naming words, channels, pronouns.

The words live in ``data/quote_cues.yaml`` (its header documents every key); this module loads
and validates that file into a frozen ``QuoteCues`` and fails with a ``DataFileError`` naming
the file and the entry when something is missing or malformed, so a bad edit is caught when
the pipeline is built, not in the middle of a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError
from flashpoint.model import CHANNELS, Channel

DATA_FILE = "quote_cues.yaml"
DATA_VERSION = 1

Referent = Literal["person", "group", "any"]
_REFERENTS = frozenset({"person", "group", "any"})
#: Keys whose value is a non-empty list of single words (verbs are lemmas).
_WORD_LISTS = ("speech_verbs", "naming_verbs", "adjacent_only", "quoting_verbs",
               "document_nouns", "non_speakers", "person_nouns", "media_objects")
#: Keys whose value is a non-empty list of phrases (one or more words).
_PHRASE_LISTS = ("according_to", "naming_words")


@dataclass(frozen=True, eq=False)
class QuoteCues:
    """Every list of ``data/quote_cues.yaml``, lower-cased; phrases as word tuples.

    Compared and hashed by identity, so derived tables can be cached per lexicon.
    """

    speech_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    adjacent_only: frozenset[str]
    quoting_verbs: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    document_nouns: frozenset[str]
    naming_words: tuple[tuple[str, ...], ...]
    non_speakers: frozenset[str]
    person_nouns: frozenset[str]
    pronouns: Mapping[str, Referent]
    gender: Mapping[str, frozenset[str]]
    channels: tuple[tuple[Channel, tuple[tuple[str, ...], ...]], ...]
    media_objects: frozenset[str]

    def is_cue(self, lemma: str) -> bool:
        """Whether ``lemma`` can introduce a quote (a speech or naming verb)."""
        return lemma in self.speech_verbs or lemma in self.naming_verbs


def _bad(name: str, entry: str, problem: str) -> DataFileError:
    return DataFileError(f"{entry}: {problem}", source=name,
                         fix="correct that entry (the file's header documents every key)")


def _words(raw: Mapping[str, Any], key: str, name: str) -> list[str]:
    value = raw.get(key)
    if not isinstance(value, list) or not value or not all(
            isinstance(w, str) and w.strip() for w in value):
        raise _bad(name, key, "must be a non-empty list of words")
    return [" ".join(w.lower().split()) for w in value]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases as word tuples, longest first (so a longer cue is tried before its prefix)."""
    return tuple(sorted({tuple(w.split()) for w in words}, key=lambda p: (-len(p), p)))


def _channels(raw: Any, name: str) -> tuple[tuple[Channel, tuple[tuple[str, ...], ...]], ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise _bad(name, "channels", "must map channel names to lists of phrases")
    out = []
    for channel in raw:
        if channel not in CHANNELS or channel == "unknown":
            raise _bad(name, f"channels.{channel}",
                       f"is not a contract channel; use one of {list(CHANNELS[:-1])}")
        out.append((cast(Channel, channel), _phrases(_words(raw, channel, name))))
    return tuple(out)


def _pronouns(raw: Any, name: str) -> dict[str, Referent]:
    if not isinstance(raw, Mapping) or not raw:
        raise _bad(name, "pronouns", "must map pronouns to person, group or any")
    out: dict[str, Referent] = {}
    for word, ref in raw.items():
        if ref not in _REFERENTS:
            raise _bad(name, f"pronouns.{word}", f"must be one of {sorted(_REFERENTS)}")
        out[str(word).lower()] = ref
    return out


def _gender(raw: Mapping[str, Any], name: str) -> dict[str, frozenset[str]]:
    value = raw.get("gender")
    if not isinstance(value, Mapping):
        raise _bad(name, "gender", "must map pronouns to lists of words of the other gender")
    return {str(p).lower(): frozenset(_words(value, p, name)) for p in value}


def load_cues(path: Path | str | None = None) -> QuoteCues:
    """Read and validate the cue file (the packaged one unless ``path`` is given)."""
    raw, name = read_yaml(DATA_FILE, path, "quote cue file")
    if not isinstance(raw, Mapping):
        raise _bad(name, "(top level)", "must be a mapping of the keys in the header")
    if raw.get("version") != DATA_VERSION:
        raise _bad(name, "version", f"must be {DATA_VERSION}")
    lists = {key: frozenset(_words(raw, key, name)) for key in _WORD_LISTS}
    phrases = {key: _phrases(_words(raw, key, name)) for key in _PHRASE_LISTS}
    unknown = lists["adjacent_only"] - lists["speech_verbs"] - lists["naming_verbs"]
    if unknown:
        raise _bad(name, "adjacent_only", f"lists verbs that are not cues: {sorted(unknown)}")
    return QuoteCues(
        speech_verbs=lists["speech_verbs"], naming_verbs=lists["naming_verbs"],
        adjacent_only=lists["adjacent_only"], quoting_verbs=lists["quoting_verbs"],
        according_to=phrases["according_to"], document_nouns=lists["document_nouns"],
        naming_words=phrases["naming_words"], non_speakers=lists["non_speakers"],
        person_nouns=lists["person_nouns"],
        pronouns=_pronouns(raw.get("pronouns"), name), gender=_gender(raw, name),
        channels=_channels(raw.get("channels"), name), media_objects=lists["media_objects"],
    )


@lru_cache(maxsize=1)
def default_cues() -> QuoteCues:
    """The packaged cue lexicon, loaded once per process."""
    return load_cues()
