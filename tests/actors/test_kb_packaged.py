"""The packaged KB loads, validates and has the coverage the actors stage relies on."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from flashpoint.actors.kb import (
    ID_PATTERN,
    KB_SCHEMA,
    KnowledgeBase,
    default_path,
    load_kb,
    normalise,
)
from flashpoint.model import ACTOR_TYPES

#: Every committed file stays under this (the repository rule), gzipped above 3 MB.
MAX_FILE_BYTES = 5_000_000


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def test_kb_packaged_loads_once(kb: KnowledgeBase) -> None:
    assert load_kb() is kb
    assert kb.meta["schema"] == KB_SCHEMA


def test_kb_packaged_counts(kb: KnowledgeBase) -> None:
    counts = Counter(a.type for a in kb)
    assert counts["state"] >= 195
    assert counts["igo"] >= 60
    assert counts["armed_group"] >= 150
    assert sum(1 for a in kb if a.type == "armed_group" and "curated" in a.sources) >= 150
    assert counts["person"] >= 10_000
    assert sum(1 for a in kb if a.type == "person" and "curated" in a.sources) >= 250
    assert counts["intelligence"] >= 195 and counts["police"] >= 195
    assert set(counts) <= set(ACTOR_TYPES)


def test_kb_every_state_has_generic_bodies(kb: KnowledgeBase) -> None:
    for iso in kb.states:
        for body in ("GOV", "POL", "INT", "LEG", "JUD"):
            assert f"{iso}.{body}" in kb.by_id, f"{iso}.{body}"
    assert "USA.MIL.NAVY" in kb.by_id and "AFG.MIL.NAVY" not in kb.by_id


def test_kb_records_are_well_formed(kb: KnowledgeBase) -> None:
    states = kb.states
    for actor in kb:
        assert ID_PATTERN.match(actor.id)
        assert actor.cameo, f"{actor.id} has no CAMEO code"
        assert actor.country is None or actor.country in states
        for role in actor.roles:
            assert role.affiliation is None or role.affiliation in kb.by_id
            assert role.country is None or role.country in states


def test_kb_index_keys_are_normal_forms(kb: KnowledgeBase) -> None:
    for key, ids in kb.index.items():
        assert normalise(key) == key
        assert ids and all(i in kb.by_id for i in ids)
        assert len(ids) == 1 or key in kb.rules


def test_kb_wikidata_ids_are_unique(kb: KnowledgeBase) -> None:
    qids = Counter(a.kb for a in kb if a.kb)
    assert [q for q, n in qids.items() if n > 1] == []


def test_kb_files_are_small_and_carry_attribution() -> None:
    folder = default_path()
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    licences = " ".join(s["licence"] for s in manifest["sources"])
    assert "MIT" in licences and "Phoenix" in json.dumps(manifest["sources"])
    for name in [*manifest["actors"], manifest["rules"]]:
        path = folder / name
        size = path.stat().st_size
        assert size < MAX_FILE_BYTES, f"{name}: {size} bytes"
        assert name.endswith(".gz") == (_raw_size(path) > 3_000_000)
        header = json.loads(_first_line(path))["header"]
        assert header["schema"] == KB_SCHEMA
    for path in folder.iterdir():
        assert re.fullmatch(r"[a-z]+\.(jsonl(\.gz)?|json)", path.name), path.name


def _raw_size(path: Path) -> int:
    return len(gzip.decompress(path.read_bytes())) if path.suffix == ".gz" else (
        path.stat().st_size)


def _first_line(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return str(fh.readline())


def test_kb_last_word_test_never_refuses_a_known_alias(kb: KnowledgeBase) -> None:
    # The recogniser skips a span whose last token ends no index key: for every alias, the
    # last word (and the last piece of a hyphenated one, as the tokenizer splits it) passes.
    for actor in kb:
        for alias in (actor.name, *actor.aliases):
            words = alias.split()
            if not words:
                continue
            last = words[-1]
            for piece in {last, last.rsplit("-", 1)[-1]}:
                if piece[:1].isalnum():
                    assert kb.may_end(piece), (actor.id, alias, piece)
    assert not kb.may_end("yesterday") and not kb.may_end("reportedly")
