"""The actor lexicon: generic agent nouns, sectors and titles, loaded from data files.

``data/agents.tsv`` (built by ``scripts/build_agents.py`` from the Phoenix agents dictionary)
maps agent phrases ("police officers", "rebels", "foreign ministry") to CAMEO sector codes;
``data/actor_lexicon.yaml`` maps sectors to our actor types and KB bodies, lists the titles
that name one person's role ("Foreign Minister", "General"), and the agent words too generic
to stand alone. Loaded once per process and validated: a bad entry is a ``DataFileError``
naming the file and the line or entry.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from flashpoint.datafiles import read_yaml
from flashpoint.errors import DataFileError
from flashpoint.model import ACTOR_TYPES, ActorType

_FIX = "correct the entry (see the comments at the top of the file)"


@dataclass(frozen=True)
class Sector:
    """What a CAMEO sector code means for us: an actor type and the KB body id suffix."""

    code: str
    type: ActorType
    body: str


@dataclass(frozen=True)
class Title:
    """A role word or phrase that one person holds ("foreign minister", "general")."""

    text: str
    sector: str | None
    body: str | None = None
    head: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Agent phrases (normalised, lower case) to sectors; titles; longest phrase lengths."""

    agents: dict[str, str]
    sectors: dict[str, Sector]
    titles: dict[str, Title]
    not_agents: frozenset[str]
    agent_bodies: dict[str, str]
    max_agent_tokens: int
    max_title_tokens: int
    agent_first_words: frozenset[str] = frozenset()
    #: People nouns that are agents only with a determiner or modifier singling them out.
    singled_out: dict[str, str] = field(default_factory=dict)
    #: Agent sectors that, written after a named group of one of ``member_of_types``, stand
    #: for that group ("Hezbollah guerrillas").
    member_sectors: frozenset[str] = frozenset()
    member_of_types: frozenset[str] = frozenset()
    #: Agent sectors placed by the story's dominant country before their sentence's state
    #: ("the rebels held talks with the Russian military" in a story about Syria).
    home_sectors: frozenset[str] = frozenset()
    #: Forms of address stripped from the front of a person's name ("Mrs Clinton").
    honorifics: frozenset[str] = frozenset()

    def sector_of(self, code: str) -> Sector:
        """The sector of an agent code (``GOVMIL`` -> ``GOV``); ``other`` when unknown."""
        return self.sectors.get(code[:3], Sector(code[:3], "other", code[:3]))


def _data_path(name: str) -> Path:
    return Path(str(resources.files("flashpoint").joinpath(f"data/{name}")))


def read_agents(path: Path) -> dict[str, str]:
    """Read ``phrase<TAB>CODE`` lines (``#`` comments); a malformed line is an error."""
    agents: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        phrase, sep, code = line.partition("\t")
        if not sep or not phrase.strip() or not code.isalpha() or not code.isupper():
            raise DataFileError(f"line {number}: expected 'phrase<TAB>CODE', got {line!r}",
                                source=str(path), fix="rebuild it with `make agents`")
        agents[phrase.strip()] = code
    return agents


def _sectors(raw: Any, path: Path) -> dict[str, Sector]:
    out: dict[str, Sector] = {}
    for code, entry in (raw or {}).items():
        if not isinstance(entry, dict) or entry.get("type") not in ACTOR_TYPES:
            raise DataFileError(f"sectors.{code}: 'type' must be one of {list(ACTOR_TYPES)}",
                                source=str(path), fix=_FIX)
        out[str(code)] = Sector(str(code), entry["type"], str(entry.get("body") or code))
    return out


def _titles(raw: Any, path: Path, sectors: dict[str, Sector]) -> dict[str, Title]:
    out: dict[str, Title] = {}
    for text, given in (raw or {}).items():
        entry = given or {}
        sector = entry.get("sector")
        if sector is not None and sector not in sectors:
            raise DataFileError(f"titles.{text}: unknown sector {sector!r}", source=str(path),
                                fix=_FIX)
        key = " ".join(str(text).lower().replace("-", " ").split())
        out[key] = Title(key, sector, entry.get("body"), bool(entry.get("head", False)))
    return out


def read_lexicon(agents_path: Path, lexicon_path: Path) -> Lexicon:
    """Load and validate both files."""
    data, _ = read_yaml(lexicon_path.name, lexicon_path, "actor lexicon")
    raw = data or {}
    if not isinstance(raw, dict):
        raise DataFileError("expected a mapping with sectors, titles, not_agents",
                            source=str(lexicon_path), fix=_FIX)
    sectors = _sectors(raw.get("sectors"), lexicon_path)
    titles = _titles(raw.get("titles"), lexicon_path, sectors)
    agents = read_agents(agents_path)
    for phrase, code in (raw.get("extra_agents") or {}).items():
        if str(code)[:3] not in sectors:
            raise DataFileError(f"extra_agents.{phrase}: unknown sector {code!r}",
                                source=str(lexicon_path), fix=_FIX)
        agents[str(phrase).lower()] = str(code)
    return Lexicon(
        agents=agents, sectors=sectors, titles=titles,
        not_agents=frozenset(str(x).lower() for x in raw.get("not_agents") or ()),
        agent_bodies={str(k).lower(): str(v) for k, v in (raw.get("agent_bodies") or {}).items()},
        max_agent_tokens=max((len(p.split()) for p in agents), default=1),
        agent_first_words=frozenset(p.split()[0] for p in agents),
        max_title_tokens=max((len(t.split()) for t in titles), default=1),
        singled_out=_singled_out(raw.get("singled_out"), lexicon_path, sectors),
        member_sectors=_known(raw.get("member_sectors"), sectors, "member_sectors",
                              lexicon_path),
        member_of_types=_known(raw.get("member_of_types"), ACTOR_TYPES, "member_of_types",
                               lexicon_path),
        home_sectors=_known(raw.get("home_sectors"), sectors, "home_sectors", lexicon_path),
        honorifics=frozenset(str(x).lower().rstrip(".") for x in raw.get("honorifics") or ()),
    )


def _known(raw: Any, allowed: Collection[str], key: str, path: Path) -> frozenset[str]:
    """A list whose every item is one of ``allowed`` (sector codes, actor types)."""
    items = [str(x) for x in raw or ()]
    bad = [x for x in items if x not in allowed]
    if bad:
        raise DataFileError(f"{key}: unknown {bad}, expected some of {sorted(allowed)}",
                            source=str(path), fix=_FIX)
    return frozenset(items)


def _singled_out(raw: Any, path: Path, sectors: dict[str, Sector]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError("singled_out: expected a mapping of noun to agent code",
                            source=str(path), fix=_FIX)
    out = {}
    for noun, code in raw.items():
        if str(code)[:3] not in sectors:
            raise DataFileError(f"singled_out.{noun}: unknown sector {code!r}",
                                source=str(path), fix=_FIX)
        out[str(noun).lower()] = str(code)
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return read_lexicon(_data_path("agents.tsv"), _data_path("actor_lexicon.yaml"))
