"""The gold scorer's rules (shared/gold/README.md) on a synthetic gold file and output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flashpoint.errors import EvalError
from flashpoint.evaluation.gold import gold_metrics, score_article, score_window
from flashpoint.evaluation.goldfile import load_gold, normalise, read_gold

GOLD: dict[str, Any] = {
    "about": "synthetic",
    "published": "2020-05-04",
    "published_window": ["2020-05-04", "2020-05-05"],
    "reviewer": "someone",  # unknown: reported as not scored
    "boilerplate": {"must_drop_phrases": ["Subscribe to our newsletter", "Share this"],
                    "must_keep_phrases": ["the “Grand”  plan", "a missing phrase"]},
    "actors": [
        {"names": ["The Ministry of Defence", "MoD"], "type": "government", "country": "GBR"},
        {"names": ["Jane Doe", "Doe"], "type": "person", "country": "GBR"},
        {"names": ["United Nations", "UN"], "type": "igo", "country": None},
        {"names": ["Ruritania"], "type": "state", "country": "RUR"},
    ],
    "events": [
        {"id": "e1", "types": ["ASSAULT"], "source": ["MoD"], "target": ["Ruritania"],
         "date": "2020-05-03", "place": "Ruritown", "fatalities": 2, "core": True},
        {"id": "e2", "types": ["ACCUSE", "REJECT"], "source": ["United Nations"],
         "target": None, "date_month": "2020-04", "core": False},
        {"id": "e3", "types": ["AGREE"], "source": ["Jane Doe"], "target": ["UN"],
         "core": True, "confidence": 1},  # unknown key: reported
        {"id": "e4", "types": ["PROTEST"], "source": None, "target": []},
    ],
    "must_not_assert": [
        {"sentence_contains": "talks “will” be held", "type": "CONSULT",
         "forbidden_modality": ["asserted"]},
        {"sentence_contains": "may attack", "type": "ASSAULT",
         "forbidden_modality": ["asserted", "reported"]},
    ],
    "statements": [
        {"speaker": ["Jane Doe"], "quote_contains": "we will not  yield", "channel": "speech"},
        {"speaker": ["MoD"], "quote_contains": "no comment"},
        {"speaker": ["UN"], "quote_contains": "deeply concerned", "optional": True},
        {"speaker": ["Ruritania"], "quote_contains": "never"},
        {"speaker": ["X"], "quote_contains": "an optional miss", "optional": True},
    ],
    "times": [{"text": "Sunday", "value": "2020-05-03"}, {"text": "April", "value": "2020-04"}],
    "places": [{"text": ["Ruritown"], "lat": 10, "lon": 20, "km": 50},
               {"text": ["Capital City"], "lat": 0, "lon": 0, "km": 10}],
}


def _span(text: str) -> dict[str, Any]:
    return {"text": text, "start": 0, "end": len(text)}


def _actor(aid: str, name: str, atype: str, country: str | None,
           *mentions: str) -> dict[str, Any]:
    return {"id": aid, "name": name, "type": atype, "country": country,
            "mentions": [_span(m) for m in mentions]}


def _event(eid: str, etype: str, source: list[str], target: list[str], *,
           date: str | None = None, modality: str = "asserted", evidence: str = "",
           place: str | None = None, fatalities: int | None = None) -> dict[str, Any]:
    return {"id": eid, "type": etype, "source": source, "target": target, "date": date,
            "modality": modality, "evidence": _span(evidence), "place": place,
            "fatalities": fatalities}


OUTPUT: dict[str, Any] = {
    "text": "Ministry of  Defence says the \u201cGrand\u201d plan stands. Share this",
    "actors": [
        _actor("GBR.MOD", "ministry of  defence", "government", "GBR"),  # "The" ignored
        _actor("P1", "J. Doe", "other", "GBR", "Jane Doe"),  # a person typed other: missed
        _actor("IGO.UN", "U.N.", "igo", None, "UN"),  # a mention matches, country null
        _actor("RUR", "Ruritania", "state", "XXX"),  # wrong country: missed
    ],
    "events": [
        _event("ev1", "ASSAULT", ["GBR.MOD"], ["RUR"], date="2020-05-03", place="pl1",
               fatalities=2),
        _event("ev2", "REJECT", ["IGO.UN"], [], date="2020-04-28"),
        _event("ev3", "AGREE", ["P1"], ["RUR"]),  # the target is not the UN
        _event("ev4", "PROTEST", [], []),
        _event("ev5", "CONSULT", [], [], modality="planned",
               evidence="Talks \u201cwill\u201d be held"),
        _event("ev6", "ASSAULT", [], [], modality="reported", evidence="They MAY attack."),
    ],
    "statements": [
        {"speaker": None, "speaker_text": "Jane Doe", "quote": _span("We will not yield, ever"),
         "channel": "speech"},
        {"speaker": "GBR.MOD", "speaker_text": "a spokesman", "quote": _span("No comment."),
         "channel": "statement"},
        {"speaker": "IGO.UN", "speaker_text": "", "quote": _span("We are deeply concerned"),
         "channel": "unknown"},
        {"speaker": None, "speaker_text": "Freedonia", "quote": _span("never"),
         "channel": "unknown"},
    ],
    "times": [{"text": "on Sunday", "start": 0, "end": 9, "value": "2020-05-03"},
              {"text": "April", "start": 0, "end": 5, "value": "2020-05"}],
    "places": [{"id": "pl1", "text": "Ruritown", "name": "Ruritown", "lat": 10.1, "lon": 20.1},
               {"id": "pl2", "text": "capital city", "name": "Capital", "lat": 1.0,
                "lon": 1.0}],
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "synthetic.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    (tmp_path / "gold" / "synthetic.txt").write_text("Title\n\nBody.", encoding="utf-8")
    return tmp_path


def _scores(gold_dir: Path, inferred: str | None = "2020-05-05") -> dict[str, Any]:
    (article,) = load_gold(gold_dir)
    result = score_article(article, OUTPUT, inferred)
    return {a.area: a for a in result.areas}


@pytest.mark.parametrize(("raw", "norm"), [
    ("  The   \u201cGrand\u201d\u00a0Plan ", '"grand" plan'),
    ("THE Ministry", "ministry"), ("Theatre", "theatre"), ("Erdo\u011fan", "erdo\u011fan"),
    ("\u2018quoted\u2019", "'quoted'"), ("\uff2e\uff21\uff34\uff2f", "nato"),  # NFKC
])
def test_eval_gold_normalise(raw: str, norm: str) -> None:
    assert normalise(raw) == norm


def test_eval_gold_reads_every_key_and_reports_unknown(gold_dir: Path) -> None:
    (article,) = load_gold(gold_dir)
    assert article.name == "synthetic"
    assert article.article.name == "synthetic.txt"
    assert article.published == "2020-05-04"
    assert article.events[1].date_month == "2020-04"
    assert article.events[0].place == "Ruritown"
    assert article.events[2].target == ("UN",)
    assert article.events[3].source is None and article.events[3].target == ()
    assert article.statements[2].optional and article.statements[0].channel == "speech"
    assert article.ignored == ("reviewer", "events.confidence")


def test_eval_gold_boilerplate(gold_dir: Path) -> None:
    s = _scores(gold_dir)
    assert (s["boilerplate_drop"].found, s["boilerplate_drop"].expected) == (1, 2)
    assert "Share this" in s["boilerplate_drop"].missed[0]
    assert (s["boilerplate_keep"].found, s["boilerplate_keep"].expected) == (1, 2)
    assert "a missing phrase" in s["boilerplate_keep"].missed[0]


def test_eval_gold_actors_need_type_person_and_country(gold_dir: Path) -> None:
    a = _scores(gold_dir)["actors"]
    assert (a.found, a.expected) == (2, 4)
    assert a.missed[0].startswith("Jane Doe (person, GBR): matched 'J. Doe' (other, GBR)")
    assert a.missed[1].startswith("Ruritania (state, RUR): matched")


def test_eval_gold_events_types_roles_dates_core(gold_dir: Path) -> None:
    s = _scores(gold_dir)
    # e1 by alias MoD -> "The Ministry of Defence"; e2 REJECT in 2020-04; e3 wrong target;
    # e4 source not scored, target [] must be empty
    assert (s["events"].found, s["events"].expected) == (3, 4)
    assert s["events"].missed[0].startswith("e3: AGREE Jane Doe -> UN")
    assert (s["core_events"].found, s["core_events"].expected) == (1, 2)
    assert (s["event_places"].found, s["event_places"].expected) == (1, 1)
    assert (s["event_fatalities"].found, s["event_fatalities"].expected) == (1, 1)


def test_eval_gold_event_date_must_be_equal(gold_dir: Path) -> None:
    (article,) = load_gold(gold_dir)
    out = {**OUTPUT, "events": [_event("x", "ASSAULT", ["GBR.MOD"], ["RUR"], date="2020-05"),
                                _event("y", "REJECT", ["IGO.UN"], [], date="2020-05-01"),
                                _event("z", "PROTEST", [], ["RUR"])]}
    s = {a.area: a for a in score_article(article, out, None).areas}
    assert s["events"].found == 0
    assert s["event_places"].found == 0 and s["event_fatalities"].found == 0


def test_eval_gold_must_not_assert(gold_dir: Path) -> None:
    m = _scores(gold_dir)["must_not_assert"]
    # the planned CONSULT is allowed (curly quotes match straight ones); the reported ASSAULT
    # in "They MAY attack." is forbidden
    assert (m.found, m.expected) == (1, 2)
    assert m.missed == ("ev6 asserts ASSAULT (reported) in 'may attack'",)


def test_eval_gold_statements_optional_counted_not_expected(gold_dir: Path) -> None:
    st = _scores(gold_dir)["statements"]
    assert (st.found, st.expected) == (3, 3)  # 2 required + 1 optional of 3 required
    assert st.note == "1 optional found"
    assert st.missed == ("Ruritania: 'never'",)


def test_eval_gold_times_and_places(gold_dir: Path) -> None:
    s = _scores(gold_dir)
    assert (s["times"].found, s["times"].expected) == (1, 2)
    assert s["times"].missed == ("'April' = 2020-04",)
    assert (s["places"].found, s["places"].expected) == (1, 2)
    assert s["places"].missed[0].startswith("Capital City within 10 km")


@pytest.mark.parametrize(("inferred", "ok"), [
    ("2020-05-04", True), ("2020-05-05", True), ("2020-05-06", False), ("2020-05", False),
    (None, False),
])
def test_eval_gold_published_window(gold_dir: Path, inferred: str | None, ok: bool) -> None:
    (article,) = load_gold(gold_dir)
    w = score_window(article, inferred)
    assert (w.found, w.expected) == (int(ok), 1)


def test_eval_gold_metrics_aggregate(gold_dir: Path) -> None:
    (article,) = load_gold(gold_dir)
    m = gold_metrics([score_article(article, OUTPUT, "2020-05-04"),
                      score_article(article, {}, None)])
    assert m["n"] == 2
    assert m["events"] == pytest.approx(3 / 8)
    assert m["must_not_assert"] == pytest.approx(3 / 4)  # an empty output asserts nothing
    assert m["published_window"] == 0.5


def test_eval_gold_bad_files(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    with pytest.raises(EvalError, match=r"no \*\.gold\.json"):
        load_gold(tmp_path)
    path = tmp_path / "gold" / "x.gold.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(EvalError, match="no article beside"):
        read_gold(path)
    (tmp_path / "gold" / "x.html").write_text("<p>x</p>", encoding="utf-8")
    assert read_gold(path).article.suffix == ".html"
    path.write_text('{"actors": [{"type": "state"}]}', encoding="utf-8")
    with pytest.raises(EvalError, match="not a valid gold file"):
        read_gold(path)
