"""The events stage's word classes, read from ``data/event_word_classes.yaml``.

A rule of the events stage that asks "is this a light verb", "a journey", "a refusal" tests a
named class of lemmas. The classes are data, side by side in one file with a note each, so
that lists which look alike (four kinds of verbs of saying) are seen together and differ on
purpose; each module binds the classes it reads to its own constants at import.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError

FILE = "event_word_classes.yaml"
_FIX = ("give every class a `note` (why its words belong together) and `words` (a list of "
        "lower-case lemmas, each once)")


@lru_cache(maxsize=4)
def load_word_classes(path: Path | str | None = None) -> dict[str, frozenset[str]]:
    """Every class of the file (the packaged one unless ``path``), validated."""
    data, where = read_yaml(FILE, path, what="event word classes")
    if not isinstance(data, dict) or not data:
        raise DataFileError("expected a mapping of class name to {note, words}", source=where,
                            fix=_FIX)
    out = {}
    for name, entry in data.items():
        words = entry.get("words") if isinstance(entry, dict) else None
        note = entry.get("note") if isinstance(entry, dict) else None
        if not isinstance(note, str) or not note.strip() or not isinstance(words, list) \
                or not words:
            raise DataFileError(f"class {name!r} needs a note and a non-empty word list",
                                source=where, fix=_FIX)
        bad = [w for w in words if not isinstance(w, str) or w != w.strip().lower() or not w]
        if bad or len(set(words)) != len(words):
            problem = f"bad words {bad!r}" if bad else "a word listed twice"
            raise DataFileError(f"class {name!r}: {problem}", source=where, fix=_FIX)
        out[str(name)] = frozenset(words)
    return out


def word_class(name: str) -> frozenset[str]:
    """The lemmas of class ``name`` of the packaged file."""
    classes = load_word_classes()
    if name not in classes:
        raise DataFileError(f"no word class {name!r}", source=f"flashpoint/data/{FILE}",
                            fix=f"add the class {name!r} with its note and words")
    return classes[name]
