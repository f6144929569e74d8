"""Locating the shared folder, resolving targets, and reading dataset records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.errors import EvalError
from flashpoint.evaluation import datasets
from flashpoint.evaluation.datasets import (
    DATASETS,
    DatasetSpec,
    DateRecord,
    GeoRecord,
    count_records,
    load_records,
    locate_shared,
    resolve_targets,
)
from flashpoint.evaluation.runner import _input_row


def _keys(targets: list[str]) -> list[str]:
    return [d.key for d in resolve_targets(targets)]


def test_eval_targets_all_area_dataset_gold() -> None:
    assert _keys([]) == _keys(["all"]) == [d.key for d in DATASETS]
    assert _keys(["geo"]) == ["geo/lgl", "geo/trnews", "geo/gwn", "geo/event_places"]
    assert _keys(["gold", "events/plv", "Events/PLV/"]) == ["events/plv", "gold"]


def test_eval_targets_unknown_lists_valid_ones() -> None:
    with pytest.raises(EvalError, match="unknown evaluation target 'geo/xyz'") as err:
        resolve_targets(["geo/xyz"])
    assert "events/plover_gsr" in str(err.value) and "all" in str(err.value)


@pytest.fixture
def fake_shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    (shared / "data" / "geo").mkdir(parents=True)
    rows = [{"id": f"g{i}", "text": "Paris.", "published": f"2020-01-0{i + 1}" if i else None,
             "toponyms": [{"start": 0, "end": 5, "text": "Paris", "lat": 48.8, "lon": 2.3,
                           "geonameid": 1, "country": "France"}]} for i in range(3)]
    lines = [json.dumps(r) for r in rows]
    (shared / "data" / "geo" / "lgl.dev.jsonl").write_text("\n".join([*lines, ""]) + "\n")
    return shared


def test_eval_locate_explicit_env_and_cwd(fake_shared: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(datasets.SHARED_ENV, raising=False)
    assert locate_shared(fake_shared) == fake_shared.resolve()
    with pytest.raises(EvalError, match="no data/ or gold/"):
        locate_shared(tmp_path / "nowhere")
    monkeypatch.setenv(datasets.SHARED_ENV, str(fake_shared))
    assert locate_shared() == fake_shared.resolve()
    monkeypatch.delenv(datasets.SHARED_ENV)
    work = tmp_path / "main"
    work.mkdir()
    assert locate_shared(cwd=work) == fake_shared.resolve()  # ../shared from the cwd


def test_eval_locate_missing_says_how_to_fix(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(datasets.SHARED_ENV, raising=False)
    monkeypatch.setattr(datasets, "find_repo_root", lambda start: None)
    with pytest.raises(EvalError, match="--shared DIR") as err:
        locate_shared(cwd=tmp_path)
    assert err.value.code == "FP500"


def test_eval_repo_root_found_from_package() -> None:
    root = datasets.find_repo_root(Path(datasets.__file__).resolve().parent)
    assert root is not None and (root / "pyproject.toml").is_file()


def test_eval_load_records_limit_and_size(fake_shared: Path) -> None:
    spec = DatasetSpec("geo", "lgl")
    assert count_records(spec, fake_shared) == 3
    recs = load_records(spec, fake_shared, 2)
    assert [r.id for r in recs] == ["g0", "g1"]
    assert len(load_records(spec, fake_shared)) == len(load_records(spec, fake_shared, 0)) == 3
    first = recs[0]
    assert isinstance(first, GeoRecord) and first.toponyms[0].geonameid == 1


def test_eval_load_records_errors(fake_shared: Path) -> None:
    with pytest.raises(EvalError, match="is missing"):
        load_records(DatasetSpec("geo", "gwn"), fake_shared)
    path = fake_shared / "data" / "geo" / "lgl.dev.jsonl"
    path.write_text(path.read_text() + '{"id": "x", "text": "no toponyms"}\n')
    with pytest.raises(EvalError, match="line 5 is not a valid geo/lgl record"):
        load_records(DatasetSpec("geo", "lgl"), fake_shared)


def test_eval_input_rows_carry_published_as_score_py_does() -> None:
    geo = GeoRecord("g", "Paris.", None, ())
    assert _input_row(geo, "published") == {"id": "g", "text": "Paris."}
    geo = GeoRecord("g", "Paris.", "2009-03-20", ())
    assert _input_row(geo, "published")["published"] == "2009-03-20"
    doc = DateRecord("d", "Today.", "1998-01-08", ())
    assert _input_row(doc, "dct") == {"id": "d", "text": "Today.", "published": "1998-01-08"}
    assert "published" not in _input_row(doc, None)
