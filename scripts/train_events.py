#!/usr/bin/env python3
"""Train the statistical event coder and write ``src/flashpoint/data/events_stat.npz``.

usage: train_events.py [--shared DIR] [--out PATH] [--json]

Deterministic: fixed data order, fixed folds (CRC-32 of the text, or of the article), a
scikit-learn ``LogisticRegression`` with single-threaded BLAS, and an artefact writer without
timestamps, so ``make train`` reproduces the committed artefact byte for byte
(``tests/events/test_events_stat_train.py``). About 2 minutes.

Training data (every file is a *dev* part of ``../shared/data``; see ``DATASET_WEIGHTS``):

- ``events/plv.dev.jsonl`` and ``events/plover_gsr.dev.jsonl``: one example per record, its
  accepted types as the target (an "any of these" likelihood: YIELD rows accept CONCEDE or
  RETREAT, and the model is not punished for choosing either).
- ``events/case2021.dev.jsonl``: each snippet is one example (whole text); the two disaster
  subtypes (``types: []``) are ``NONE`` examples, as a whole and sentence by sentence.
- ``eval/gold2_train``: the sentences of our own exhaustively annotated articles (see its
  README), each labelled with the primary type of every annotated event it states (one
  example per type, sharing the sentence's weight) or ``NONE`` when it states none: real
  news sentences with real negatives. Folded by article.
- The verb lexicon that the ``lex:`` features use: the default CAMEO code of every verb of
  ``reference/petrarch2/CAMEO.2.0.txt`` (PETRARCH2, MIT License) mapped to PLOVER with
  ``reference/plover/CAMEO2PLOVER-2021.txt`` (Open Event Data Alliance, CC BY-SA 4.0); it is
  stored in the artefact.
- ``NONE`` from news that reports no political event: sentences of the ``geo/*.dev.jsonl``
  articles (local and world news) that contain no word of ``EVENT_CUES`` (a coarse,
  hand-written list of ~150 event words: whatever mentions attacks, arrests, talks, protests,
  courts, troops … is left out, so the NONE class is not taught that those words are
  harmless), and no word of death or injury unless it is an accident or a disaster
  (``HARM_CUES``, ``DISASTER_CUES``). The filter refuses 91% of the plv/plover_gsr event
  sentences, so few event sentences slip in. Articles annotated in ``shared/gold2`` (for
  measuring) or ``shared/gold``, and our own annotated ones (labelled above), are left out.

Hyperparameters (here and in ``train_events_model.py``) were chosen by 5-fold cross-validation
only. Every run cross-validates first (the temperature is fitted on the out-of-fold scores),
prints the figures (``--json`` for all of them) and keeps the headline ones in the artefact's
``meta``; then it trains the final model on everything.
"""

from __future__ import annotations

import os

# Single-threaded BLAS before numpy loads: the fit's sums then come out in one order.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
from train_events_model import (  # noqa: E402
    BALANCE,
    MIN_COUNT,
    N_FOLDS,
    C,
    Example,
    Floats,
    OutOfFold,
    calibration_error,
    cross_validate,
    fit_calibrated,
    softmax,
)

from flashpoint import nlp as nlp_stage  # noqa: E402
from flashpoint.evaluation.docs import DocGold, load_own_gold, states  # noqa: E402
from flashpoint.events.stat import (  # noqa: E402
    ARTEFACT_FORMAT,
    CLASSES,
    CODE_THRESHOLD,
    FEATURE_VERSION,
    NONE_LABEL,
    StatCoder,
    features,
    save_stat_coder,
)

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_OUT = ROOT / "src" / "flashpoint" / "data" / "events_stat.npz"
Lexicon = dict[str, str]

#: Example weight per source. plover_gsr is the PLOVER project's own gold standard (weighted
#: up); case2021 snippets are long, ACLED-style and almost all ASSAULT (weighted down so they
#: do not drown the sentence data).
#: Tried by 5-fold CV (plover_gsr 1-4, case2021 0.25-1, geo_none 0.1-3, case2021_none 0.5-3):
#: the figures move within noise, so these are the a-priori choices.
DATASET_WEIGHTS: dict[str, float] = {
    "plv": 1.0, "plover_gsr": 2.0, "case2021": 0.5, "case2021_none": 1.0, "geo_none": 1.0,
    "articles": 1.0, "articles_none": 1.0,
}
#: Our own annotated articles (eval/gold2_train).
ARTICLES_DIR = ROOT / "eval" / "gold2_train"
#: At most this many geo sentences become NONE examples (articles in file order).
MAX_GEO_NONE = 1500
#: Geo sentences shorter (in tokens) than this are headlines or fragments: not used.
MIN_GEO_TOKENS = 6


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Lemmas that suggest a sentence may report a political event (or violence). A geo sentence
#: with any of them is *not* used as a NONE example: it is left out, not called an event.
EVENT_CUES = _words("""
abduct accord accuse agree agreement aid airstrike allege ally appeal arm army arrest assault
assist attack ban battle beat blame block bomb boycott campaign capture cease ceasefire charge
clash coalition condemn conflict convict cooperate cooperation court criticize criticise
crackdown custody deal decline demand demonstrate demonstration demonstrator deny deploy
deport detain detention diplomat diplomatic donate election embargo endorse evacuate execute
expel fight fighter fine force free gun gunman guilty help homicide hostage impose indict
invade invasion jail judge kidnap lawsuit meet meeting militant military militia minister
murder negotiate negotiation officer oppose pact peace police president praise prison
prisoner promise protest protester provide raid rally rebel refuse reject release request
resign retreat riot rob robbery sanction seize sentence shoot shooting shot sign soldier stab
strike sue summit support suspect talk tension terrorist threat threaten treaty troop urge
veto violence visit vote war warn weapon withdraw
""")
#: Words of death and injury: a geo sentence with one is a NONE example only when it also
#: names an accident or a disaster (``DISASTER_CUES``) — "a fire killed four children" is not
#: an assault, and without such examples every death looks like one.
HARM_CUES = _words("""
kill die injure wound dead death explosion blast explode victim casualty fatal hurt
hospitalize body
""")
DISASTER_CUES = _words("""
fire blaze crash flood storm earthquake quake tornado hurricane accident collision collide
collapse spill leak drown avalanche landslide eruption tsunami snow heat disease outbreak virus
wreck derail smoke flame gas chemical poison weather rain wind lightning overdose
""")


def is_none_sentence(lemmas: set[str]) -> bool:
    """A geo sentence usable as NONE: no event cue, and harm only from an accident/disaster."""
    if lemmas & EVENT_CUES:
        return False
    return not (lemmas & HARM_CUES) or bool(lemmas & DISASTER_CUES)


# --------------------------------------------------------------------------- data


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def event_examples(shared: Path) -> list[Example]:
    """plv, plover_gsr and case2021 dev records as examples, in file order."""
    out: list[Example] = []
    for name in ("plv", "plover_gsr", "case2021"):
        for rec in _read_jsonl(shared / "data" / "events" / f"{name}.dev.jsonl"):
            types = tuple(rec["types"])
            dataset = name if types else f"{name}_none"
            out.append(Example(dataset, rec["id"], rec["text"], types or (NONE_LABEL,),
                               DATASET_WEIGHTS[dataset]))
    return out


def measuring_articles(shared: Path) -> set[str]:
    """Ids of the geo records annotated for measuring (shared/gold2, shared/gold): never
    trained on, not even as NONE sentences."""
    return {p.name.split(".gold")[0] for d in ("gold2", "gold")
            for p in (shared / d).glob("*.gold.json")}


def geo_none_examples(shared: Path, nlp: Any, lexicon: Lexicon,
                      skip: set[str]) -> list[Example]:
    """NONE sentences of the geo dev articles (file order; see :func:`is_none_sentence`),
    leaving out the articles in ``skip``.

    Accident and disaster sentences are all kept; other sentences up to ``MAX_GEO_NONE``.
    """
    out: list[Example] = []
    plain = 0
    for name in ("gwn", "trnews", "lgl"):
        recs = [r for r in _read_jsonl(shared / "data" / "geo" / f"{name}.dev.jsonl")
                if r["id"] not in skip]
        for rec, doc in zip(recs, nlp.pipe(r["text"] for r in recs), strict=True):
            for number, sent in enumerate(doc.sents):
                words = [t for t in sent if not (t.is_punct or t.is_space)]
                lemmas = {t.lemma_.lower() for t in words}
                if len(words) < MIN_GEO_TOKENS or not is_none_sentence(lemmas):
                    continue
                if not lemmas & HARM_CUES:
                    if plain >= MAX_GEO_NONE:
                        continue
                    plain += 1
                ex = Example("geo_none", f"{rec['id']}#{number}", sent.text.strip(),
                             (NONE_LABEL,), DATASET_WEIGHTS["geo_none"], gold=False)
                ex.keys = features(sent, lexicon)
                ex.sentence_keys = [ex.keys]
                out.append(ex)
    return out


def article_examples(golds: Sequence[DocGold], nlp: Any, lexicon: Lexicon) -> list[Example]:
    """Every sentence of our annotated articles: one example per primary type of the events
    it states (the sentence's weight shared among them), or NONE. Grouped by article."""
    out: list[Example] = []
    for gold, doc in zip(golds, nlp.pipe(g.text for g in golds), strict=True):
        for number, sent in enumerate(doc.sents):
            if not sent.text.strip():
                continue
            types = sorted({g.types[0] for g in states(gold, sent.text)})
            keys = features(sent, lexicon)
            labels = types or [NONE_LABEL]
            dataset = "articles" if types else "articles_none"
            for label in labels:
                ex = Example(dataset, f"{gold.name}#{number}", sent.text.strip(), (label,),
                             DATASET_WEIGHTS[dataset] / len(labels), group=gold.name)
                ex.keys = keys
                ex.sentence_keys = [keys]
                out.append(ex)
    return out


_BLOCK = re.compile(r"^---\s+\S+\s+\[([^\]]*)\]")
_SYNONYM = re.compile(r"^([A-Z][A-Z']*)(?=[\s{\[]|$)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?")


def cameo_to_plover(shared: Path) -> dict[str, str]:
    """CAMEO code → PLOVER type from CAMEO2PLOVER (codes the table drops map to "")."""
    table: dict[str, str] = {}
    path = shared / "reference" / "plover" / "CAMEO2PLOVER-2021.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _, rest = line.split("#")[0].partition(":")
        if code.strip().isdigit():
            table[code.strip()] = rest.split(",")[0].strip()
    return table


def _plover(code: str, table: dict[str, str]) -> str:
    """The PLOVER type of a CAMEO code, or of its nearest listed parent ("0311" → "031")."""
    code = code.split(":", maxsplit=1)[0].strip()
    while code and code not in table:
        code = code[:-1]
    return table.get(code, "")


def cameo_lexicon(shared: Path) -> Lexicon:
    """Verb lemma → PLOVER type: each verb's own code, else its block's default code.

    Only single-word verbs (multi-word ``+`` forms and ``_`` compounds are skipped) whose code
    maps to a PLOVER type; patterns (verb + object rules) are the rule coder's business.
    """
    table = cameo_to_plover(shared)
    text = (shared / "reference" / "petrarch2" / "CAMEO.2.0.txt").read_text("utf-8", "replace")
    lexicon: Lexicon = {}
    default = ""
    in_patterns = False
    for raw in text.splitlines():
        line = raw.split("#")[0].strip()
        in_patterns = in_patterns or raw.startswith("####### VERB PATTERNS")
        block = _BLOCK.match(line)
        if block:
            default = _plover(block.group(1), table) if block.group(1) != "---" else ""
            continue
        synonym = _SYNONYM.match(line) if in_patterns else None
        if synonym:
            kind = _plover(synonym.group(2), table) if synonym.group(2) else default
            if kind:
                lexicon.setdefault(synonym.group(1).lower(), kind)
    return lexicon


def featurize(examples: Sequence[Example], nlp: Any, lexicon: Lexicon) -> None:
    """Whole-text keys (what the model trains on) and per-sentence keys (for evaluation)."""
    todo = [ex for ex in examples if ex.keys.size == 0]
    for ex, doc in zip(todo, nlp.pipe(ex.text for ex in todo), strict=True):
        ex.keys = features(doc[:], lexicon)
        ex.sentence_keys = [features(s, lexicon) for s in doc.sents]


def disaster_sentences(examples: Sequence[Example]) -> list[Example]:
    """Every sentence of a disaster snippet as a NONE example of its own (training only).

    The coder runs sentence by sentence, and no sentence of such a snippet reports a
    political event. They share the snippet's text, hence its fold.
    """
    out = []
    for ex in examples:
        if ex.dataset == "case2021_none":
            for keys in ex.sentence_keys:
                out.append(Example(ex.dataset, ex.rid, ex.text, ex.accepted, ex.weight, keys,
                                   scored=False))
    return out


def cue_recall(examples: Sequence[Example], nlp: Any) -> float:
    """Share of event texts (plv, plover_gsr) the NONE filter refuses: how well it works."""
    texts = [ex.text for ex in examples if ex.dataset in ("plv", "plover_gsr")]
    hits = sum(not is_none_sentence({t.lemma_.lower() for t in doc}) for doc in nlp.pipe(texts))
    return hits / len(texts)


# --------------------------------------------------------------------------- evaluation

Events = list[tuple[str, float]]


def score_events(rows: Sequence[tuple[tuple[str, ...], Events]]) -> dict[str, Any]:
    """``../shared/tools/score.py``'s ``score_events`` on (accepted types, coded events).

    A record is right if its primary (most confident) event is accepted; no event is right
    only for a ``types: []`` record. Macro-F1 over the gold types of the event records, gold
    being the prediction when it is accepted, else the first accepted type.
    """
    lenient = strict = disasters = dis_assault = dis_coded = 0
    y_true: list[str] = []
    y_pred: list[str] = []
    for accepted, events in rows:
        types = {t for t, _ in events}
        prim = max(events, key=lambda e: e[1])[0] if events else NONE_LABEL
        if accepted == (NONE_LABEL,):
            disasters += 1
            dis_assault += "ASSAULT" in types
            dis_coded += bool(events)
            lenient += not events
            strict += not events
            continue
        lenient += bool(types & set(accepted))
        strict += prim in accepted
        y_true.append(prim if prim in accepted else accepted[0])
        y_pred.append(prim)
    per_type = {}
    for t in CLASSES[:-1]:
        tp = sum(a == t == b for a, b in zip(y_true, y_pred, strict=True))
        fp = sum(a != t and b == t for a, b in zip(y_true, y_pred, strict=True))
        fn = sum(a == t and b != t for a, b in zip(y_true, y_pred, strict=True))
        if tp + fn:
            per_type[t] = 2 * tp / (2 * tp + fp + fn)
    n = len(rows)
    res: dict[str, Any] = {
        "n": n, "any_type_acceptable": lenient / n, "primary_type_accuracy": strict / n,
        "macro_f1": sum(per_type.values()) / len(per_type) if per_type else 0.0,
        "per_type_f1": per_type,
    }
    if disasters:
        res["disaster_snippets"] = disasters  # every types: [] record (NONE)
        res["disaster_coded_assault"] = dis_assault / disasters
        res["disaster_coded_anything"] = dis_coded / disasters
    return res


def coded(logits: Sequence[Floats], temperature: float, threshold: float) -> Events:
    """What ``code_sentence`` codes for each sentence's logits (NONE and weak guesses out)."""
    out: Events = []
    for z in logits:
        p = softmax(z / temperature)
        i = int(np.argmax(p))
        if CLASSES[i] != NONE_LABEL and p[i] >= threshold:
            out.append((CLASSES[i], float(p[i])))
    return out


def top_type(z: Floats) -> Events:
    """The most probable PLOVER type, ignoring NONE (the coder forced to choose a type)."""
    p = softmax(z)[:-1]
    i = int(np.argmax(p))
    return [(CLASSES[i], float(p[i]))]


def report(oof: OutOfFold, temperature: float, threshold: float) -> dict[str, Any]:
    """Cross-validated figures per dataset, two ways.

    ``forced``: the whole text's most probable PLOVER type (NONE ignored), the coder's type
    accuracy. ``coded``: what ``code_sentence`` codes sentence by sentence (NONE and guesses
    below the threshold coded as nothing): the figures the pipeline would see.
    """
    out: dict[str, Any] = {}
    for name in ("plv", "plover_gsr", "case2021"):
        idx = [i for i, ex in enumerate(oof.examples)
               if ex.scored and ex.dataset.startswith(name)]
        acc = [oof.examples[i].accepted for i in idx]
        forced = [top_type(oof.whole[i]) for i in idx]
        sent = [coded(oof.sentences[i], temperature, threshold) for i in idx]
        out[name] = {"forced": score_events(list(zip(acc, forced, strict=True))),
                     "coded": score_events(list(zip(acc, sent, strict=True)))}
    geo = [i for i, ex in enumerate(oof.examples) if ex.dataset == "geo_none"]
    if geo:
        hits = sum(bool(coded(oof.sentences[i], temperature, threshold)) for i in geo)
        out["geo_none_coded"] = hits / len(geo)
    out["threshold_sweep"] = sweep(oof, temperature)
    out["temperature"] = temperature
    out["calibration_error"] = {"T=1": calibration_error(oof, 1.0),
                                "calibrated": calibration_error(oof, temperature)}
    return out


SWEEP = tuple(round(0.05 * i, 2) for i in range(13))


def sweep(oof: OutOfFold, temperature: float) -> dict[str, dict[str, float]]:
    """Coded figures at thresholds 0 … 0.6: what choosing ``CODE_THRESHOLD`` trades.

    ``pooled`` is the share of every scored record (plv, plover_gsr, case2021 and the geo
    NONE sentences) whose primary coded type is accepted, or nothing coded for a NONE record.
    """
    out: dict[str, dict[str, float]] = {}
    groups = {name: [i for i, ex in enumerate(oof.examples)
                     if ex.scored and ex.dataset.startswith(name)]
              for name in ("plv", "plover_gsr", "case2021", "geo_none")}
    for threshold in SWEEP:
        res: dict[str, float] = {}
        right = total = 0.0
        for name, idx in groups.items():
            rows = [(oof.examples[i].accepted, coded(oof.sentences[i], temperature, threshold))
                    for i in idx]
            scored = score_events(rows)
            right += scored["primary_type_accuracy"] * len(rows)
            total += len(rows)
            if name == "case2021":
                res["case2021_any"] = scored["any_type_acceptable"]
                res["disaster_coded"] = scored["disaster_coded_anything"]
            elif name == "geo_none":
                res["geo_none_coded"] = scored["disaster_coded_anything"]
            else:
                res[f"{name}_primary"] = scored["primary_type_accuracy"]
        res["pooled"] = right / total
        out[f"{threshold:.2f}"] = res
    return out


def summary(rep: dict[str, Any]) -> dict[str, float]:
    """The headline figures kept in the artefact's ``meta`` (rounded: no float noise)."""
    def r(x: float) -> float:
        return round(float(x), 4)

    return {
        "plv_macro_f1": r(rep["plv"]["forced"]["macro_f1"]),
        "plv_primary_accuracy": r(rep["plv"]["forced"]["primary_type_accuracy"]),
        "plover_gsr_primary_accuracy": r(rep["plover_gsr"]["forced"]["primary_type_accuracy"]),
        "case2021_any_acceptable": r(rep["case2021"]["coded"]["any_type_acceptable"]),
        "case2021_disaster_coded_assault": r(rep["case2021"]["coded"]["disaster_coded_assault"]),
    }


def build_examples(shared: Path, *, log: Callable[[str], None],
                   ) -> tuple[list[Example], Lexicon]:
    """Every training example, featurized, in a fixed order; and the verb lexicon."""
    nlp = nlp_stage.load("sm")
    examples = event_examples(shared)
    lexicon = cameo_lexicon(shared)
    featurize(examples, nlp, lexicon)
    golds = load_own_gold(ARTICLES_DIR, shared)
    skip = measuring_articles(shared) | {g.name for g in golds}
    geo = geo_none_examples(shared, nlp, lexicon, skip)
    articles = article_examples(golds, nlp, lexicon)
    log(f"{len(examples)} event-data examples, {len(geo)} geo NONE sentences, "
        f"{len(articles)} annotated-article sentence examples; the NONE filter refuses "
        f"{cue_recall(examples, nlp):.1%} of plv/plover_gsr texts")
    return examples + disaster_sentences(examples) + geo + articles, lexicon


def train(shared: Path, *, log: Callable[[str], None]) -> tuple[StatCoder, dict[str, Any]]:
    """Data → CV (for the report) → final model on everything, temperature fitted on the
    out-of-fold logits."""
    everything, lexicon = build_examples(shared, log=log)
    oof = cross_validate(everything)
    final = fit_calibrated(everything)
    rep = report(oof, final.temperature, CODE_THRESHOLD)
    meta = {
        "format": ARTEFACT_FORMAT, "features": FEATURE_VERSION, "spacy_model": "sm",
        "training": {"datasets": {k: sum(ex.dataset == k for ex in everything)
                                  for k in DATASET_WEIGHTS},
                     "dataset_weights": DATASET_WEIGHTS, "C": C, "min_count": MIN_COUNT,
                     "balance": BALANCE, "folds": N_FOLDS, "lexicon_verbs": len(lexicon),
                     "fit": "sklearn LogisticRegression (lbfgs) + "
                            "CalibratedClassifierCV(method='temperature')"},
        "cv": summary(rep),
    }
    coder = StatCoder(keys=final.keys, weights=final.weights, bias=final.bias,
                      temperature=final.temperature, meta=meta, lexicon=lexicon)
    return coder, rep


def default_shared() -> Path:
    env = os.environ.get("FLASHPOINT_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


def _print_report(rep: dict[str, Any]) -> None:
    for name in ("plv", "plover_gsr", "case2021"):
        for mode in ("forced", "coded"):
            r = rep[name][mode]
            extra = (f" disaster→ASSAULT {r['disaster_coded_assault']:.3f}"
                     f" disaster→any {r['disaster_coded_anything']:.3f}"
                     if "disaster_snippets" in r else "")
            print(f"{name:11s} {mode:6s} n={r['n']:4d} macroF1 {r['macro_f1']:.3f} "
                  f"primary {r['primary_type_accuracy']:.3f} "
                  f"any {r['any_type_acceptable']:.3f}{extra}")
    print("plv per-type F1 (forced): " + ", ".join(
        f"{t} {f:.2f}" for t, f in rep["plv"]["forced"]["per_type_f1"].items()))
    for threshold, res in rep["threshold_sweep"].items():
        print(f"threshold {threshold}: " + ", ".join(f"{k} {v:.3f}" for k, v in res.items()))
    print(f"geo NONE sentences coded: {rep.get('geo_none_coded', 0.0):.3f}; "
          f"temperature {rep['temperature']:.3f}; ECE {rep['calibration_error']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=default_shared(),
                        help="the shared folder holding data/ (default ../shared)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="artefact to write")
    parser.add_argument("--json", action="store_true", help="print the CV report as JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "events").is_dir():
        parser.error(f"{args.shared}/data/events not found: pass --shared DIR")
    coder, rep = train(args.shared, log=lambda m: print(m, file=sys.stderr))
    save_stat_coder(args.out, coder)
    if args.json:
        print(json.dumps(rep, indent=1, sort_keys=True))
    else:
        _print_report(rep)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
