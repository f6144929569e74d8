#!/usr/bin/env python3
"""Train the statistical event coder and write ``src/flashpoint/data/events_stat.npz``.

usage: train_events.py [--shared DIR] [--out PATH] [--cv] [--json]

Deterministic: fixed data order, folds by CRC-32 of the text, a full-batch L-BFGS from zero
weights, single-threaded numpy, and an artefact writer without timestamps, so ``make train``
reproduces the committed artefact byte for byte (``tests/test_events_stat_train.py``).

Training data (every file is a *dev* part of ``../shared/data``; see ``DATASET_WEIGHTS``):

- ``events/plv.dev.jsonl`` and ``events/plover_gsr.dev.jsonl``: one example per record, its
  accepted types as the target (an "any of these" likelihood: YIELD rows accept CONCEDE or
  RETREAT, and the model is not punished for choosing either).
- ``events/case2021.dev.jsonl``: each snippet is one example (whole text); the two disaster
  subtypes (``types: []``) are ``NONE`` examples.
- ``NONE`` from news that reports no political event: sentences of the ``geo/*.dev.jsonl``
  articles that contain no word of ``EVENT_CUES`` (a coarse, hand-written list of event
  words: whatever mentions attacks, arrests, talks, protests, courts, troops … is left out,
  so the NONE class is not taught that those words are harmless). No sentence is hand-labelled.

Hyperparameters were chosen by 5-fold cross-validation only (``--cv`` prints the figures the
module docstring of ``flashpoint.events_stat`` and the artefact's ``meta`` record).
"""

from __future__ import annotations

import os

# One thread for every numeric library: the sums must be done in the same order on every run.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import sys
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from flashpoint import nlp as nlp_stage  # noqa: E402
from flashpoint.events_stat import (  # noqa: E402
    ARTEFACT_FORMAT,
    CLASSES,
    FEATURE_VERSION,
    NONE_LABEL,
    StatCoder,
    features,
    save_stat_coder,
)

DEFAULT_OUT = ROOT / "src" / "flashpoint" / "data" / "events_stat.npz"
N_FOLDS = 5
Floats = npt.NDArray[np.float64]

#: Example weight per source. plover_gsr is the PLOVER project's own gold standard (weighted
#: up); case2021 snippets are long, ACLED-style and almost all ASSAULT (weighted down so they
#: do not drown the sentence data); the geo NONE sentences are many and weakly labelled.
#: Chosen by 5-fold CV (see ``--cv``).
DATASET_WEIGHTS: dict[str, float] = {
    "plv": 1.0, "plover_gsr": 2.0, "case2021": 0.5, "case2021_none": 1.0, "geo_none": 0.3,
}
#: L2 penalty on the weights (per unit of total example weight). Chosen by 5-fold CV.
L2 = 1e-3
#: A feature must occur in at least this many training examples to get a weight.
MIN_COUNT = 2
#: Class balancing: example weight × (count of its first accepted class)^-BALANCE.
BALANCE = 0.5
#: At most this many geo sentences become NONE examples (articles in file order).
MAX_GEO_NONE = 1500
#: Geo sentences shorter (in tokens) than this are headlines or fragments: not used.
MIN_GEO_TOKENS = 6
MAX_ITER = 400
#: Weight of the first accepted type's own likelihood (see ``objective``). Chosen by CV.
PREFER_FIRST = 0.1

#: Lemmas that suggest a sentence may report a political event. A geo sentence with any of
#: them is *not* used as a NONE example (they are left unlabelled, not called events).
EVENT_CUES = frozenset("""
abduct accord accuse agree agreement aid airstrike allege ally appeal arm army arrest assault
assist attack ban battle beat blame block bomb boycott campaign capture cease ceasefire charge
clash coalition condemn conflict convict cooperate cooperation court criticize criticise
crackdown custody deal decline demand demonstrate demonstration demonstrator deny deploy
deport detain detention diplomat diplomatic donate election embargo endorse evacuate execute
expel explosion fight fighter fine force free gun guilty help hostage impose indict injure
invade invasion jail judge kidnap kill lawsuit meet meeting militant military militia minister
murder negotiate negotiation oppose pact peace police president praise prison prisoner promise
protest protester provide raid rally rebel refuse reject release request resign retreat riot
sanction seize sentence shoot shooting sign soldier strike sue summit support suspect talk
tension terrorist threat threaten treaty troop urge veto victim violence visit vote war warn
weapon withdraw wound
""".split())


@dataclass
class Example:
    """One training or evaluation text with its accepted classes."""

    dataset: str
    rid: str
    text: str
    accepted: tuple[str, ...]
    weight: float = 1.0
    keys: npt.NDArray[np.uint32] = field(default_factory=lambda: np.zeros(0, np.uint32))
    sentence_keys: list[npt.NDArray[np.uint32]] = field(default_factory=list)

    @property
    def fold(self) -> int:
        """Folds by the text's CRC-32: rows that share a sentence share a fold."""
        return zlib.crc32(self.text.encode("utf-8")) % N_FOLDS


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


def geo_none_examples(shared: Path, nlp: Any) -> list[Example]:
    """Sentences of the geo dev articles with no event cue, up to ``MAX_GEO_NONE``."""
    out: list[Example] = []
    for name in ("gwn", "trnews", "lgl"):
        recs = _read_jsonl(shared / "data" / "geo" / f"{name}.dev.jsonl")
        for rec, doc in zip(recs, nlp.pipe(r["text"] for r in recs), strict=True):
            for number, sent in enumerate(doc.sents):
                words = [t for t in sent if not (t.is_punct or t.is_space)]
                if len(words) < MIN_GEO_TOKENS:
                    continue
                if any(t.lemma_.lower() in EVENT_CUES for t in words):
                    continue
                ex = Example("geo_none", f"{rec['id']}#{number}", sent.text.strip(),
                             (NONE_LABEL,), DATASET_WEIGHTS["geo_none"])
                ex.keys = features(sent)
                ex.sentence_keys = [ex.keys]
                out.append(ex)
                if len(out) >= MAX_GEO_NONE:
                    return out
    return out


def featurize(examples: Sequence[Example], nlp: Any) -> None:
    """Whole-text keys (what the model trains on) and per-sentence keys (for evaluation)."""
    todo = [ex for ex in examples if ex.keys.size == 0]
    for ex, doc in zip(todo, nlp.pipe(ex.text for ex in todo), strict=True):
        ex.keys = features(doc[:])
        ex.sentence_keys = [features(s) for s in doc.sents]


def cue_recall(examples: Sequence[Example], nlp: Any) -> float:
    """Share of event texts (plv, plover_gsr) with an event cue: how well the filter works."""
    texts = [ex.text for ex in examples if ex.dataset in ("plv", "plover_gsr")]
    hits = sum(any(t.lemma_.lower() in EVENT_CUES for t in doc) for doc in nlp.pipe(texts))
    return hits / len(texts)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Design:
    """Training examples as a sparse matrix over a vocabulary of feature keys."""

    vocab: npt.NDArray[np.uint32]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    data: Floats
    col_order: npt.NDArray[np.int64]
    col_starts: npt.NDArray[np.int64]
    accepted: npt.NDArray[np.bool_]
    first: npt.NDArray[np.int64]
    weights: Floats


def build_design(examples: Sequence[Example], min_count: int, balance: float) -> Design:
    """Vocabulary of keys seen ``min_count`` times; L2-normalised binary rows."""
    counts = Counter(int(k) for ex in examples for k in ex.keys)
    vocab = np.array(sorted(k for k, c in counts.items() if c >= min_count), dtype=np.uint32)
    rows: list[npt.NDArray[np.int64]] = []
    kept: list[Example] = []
    for ex in examples:
        pos = np.searchsorted(vocab, ex.keys)
        inside = pos < vocab.size
        pos = pos[inside][vocab[pos[inside]] == ex.keys[inside]]
        if pos.size:
            rows.append(pos.astype(np.int64))
            kept.append(ex)
    lengths = np.array([r.size for r in rows], dtype=np.int64)
    indices = np.concatenate(rows)
    data = np.repeat(1.0 / np.sqrt(lengths), lengths)
    col_order = np.argsort(indices, kind="stable")
    col_starts = np.searchsorted(indices[col_order], np.arange(vocab.size))
    accepted = np.array([[c in ex.accepted for c in CLASSES] for ex in kept])
    first_class = np.array([CLASSES.index(ex.accepted[0]) for ex in kept], dtype=np.int64)
    first = Counter(ex.accepted[0] for ex in kept)
    weights = np.array([ex.weight * first[ex.accepted[0]] ** -balance for ex in kept])
    return Design(vocab, np.concatenate(([0], np.cumsum(lengths))), indices, data,
                  col_order, col_starts, accepted, first_class, weights / weights.sum())


def _logsumexp(z: Floats) -> Floats:
    top = z.max(axis=1, keepdims=True)
    return top[:, 0] + np.log(np.exp(z - top).sum(axis=1))  # type: ignore[no-any-return]


def objective(d: Design, l2: float, prefer_first: float
              ) -> Callable[[Floats], tuple[float, Floats]]:
    """Weighted "any accepted class" negative log-likelihood + L2, and its gradient.

    ``prefer_first`` adds that share of the plain likelihood of the record's *first* accepted
    type (the datasets' primary mapping: YIELD -> CONCEDE first), so that among equally
    acceptable types the model settles on the primary one rather than an arbitrary one.
    """
    n_feat, n_cls = d.vocab.size, len(CLASSES)
    row_of = np.repeat(np.arange(d.indptr.size - 1), np.diff(d.indptr))
    rows = np.arange(d.first.size)
    onehot = np.zeros((d.first.size, n_cls))
    onehot[rows, d.first] = 1.0

    def fun(theta: Floats) -> tuple[float, Floats]:
        w = theta[: n_feat * n_cls].reshape(n_feat, n_cls)
        b = theta[n_feat * n_cls:]
        z = np.add.reduceat(w[d.indices] * d.data[:, None], d.indptr[:-1], axis=0) + b
        lse_all = _logsumexp(z)
        z_acc = np.where(d.accepted, z, -np.inf)
        lse_acc = _logsumexp(z_acc)
        nll = lse_all - lse_acc + prefer_first * (lse_all - z[rows, d.first])
        loss = float(np.sum(d.weights * nll)) + 0.5 * l2 * float(np.sum(w * w))
        p = np.exp(z - lse_all[:, None])
        g_z = p - np.exp(z_acc - lse_acc[:, None]) + prefer_first * (p - onehot)
        g_z *= d.weights[:, None]
        contrib = (g_z[row_of] * d.data[:, None])[d.col_order]
        g_w = np.add.reduceat(contrib, d.col_starts, axis=0) + l2 * w
        return loss, np.concatenate((g_w.ravel(), g_z.sum(axis=0)))

    return fun


def lbfgs(fun: Callable[[Floats], tuple[float, Floats]], x: Floats, max_iter: int,
          memory: int = 10, tol: float = 1e-9) -> Floats:
    """Minimise ``fun`` with limited-memory BFGS and a backtracking (Armijo) line search."""
    f, g = fun(x)
    steps: list[tuple[Floats, Floats, float]] = []
    for _ in range(max_iter):
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(steps):
            a = rho * float(np.sum(s * q))
            alphas.append(a)
            q -= a * y
        if steps:
            s, y, _rho = steps[-1]
            q *= float(np.sum(s * y)) / float(np.sum(y * y))
        else:
            q /= max(1.0, float(np.sqrt(np.sum(g * g))))
        for (s, y, rho), a in zip(steps, reversed(alphas), strict=True):
            q += s * (a - rho * float(np.sum(y * q)))
        direction, slope, step = -q, -float(np.sum(g * q)), 1.0
        while True:
            x_new = x + step * direction
            f_new, g_new = fun(x_new)
            if f_new <= f + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s_k, y_k = x_new - x, g_new - g
        sy = float(np.sum(s_k * y_k))
        if sy > 1e-12:
            steps = [*steps[-(memory - 1):], (s_k, y_k, 1.0 / sy)]
        converged = abs(f - f_new) <= tol * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if converged:
            break
    return x


def fit(examples: Sequence[Example], *, l2: float = L2, min_count: int = MIN_COUNT,
        balance: float = BALANCE, prefer_first: float = PREFER_FIRST,
        max_iter: int = MAX_ITER) -> StatCoder:
    """Train on ``examples``; the returned coder has temperature 1 (not yet calibrated)."""
    d = build_design(examples, min_count, balance)
    n = d.vocab.size * len(CLASSES)
    theta = lbfgs(objective(d, l2, prefer_first), np.zeros(n + len(CLASSES)), max_iter)
    weights = theta[:n].reshape(d.vocab.size, len(CLASSES)).astype(np.float32)
    bias = theta[n:].astype(np.float32)
    return StatCoder(keys=d.vocab, weights=weights, bias=bias, temperature=1.0, meta={})


# --------------------------------------------------------------------------- evaluation

Events = list[tuple[str, float]]


def score_events(rows: Sequence[tuple[tuple[str, ...], Events]]) -> dict[str, Any]:
    """``../shared/tools/score.py``'s ``score_events`` on (accepted types, coded events).

    A record is right if its primary (most confident) event is accepted; no event is right
    only for a ``types: []`` record. Macro-F1 over the gold types of the event records, gold
    being the prediction when it is accepted, else the first accepted type.
    """
    lenient = strict = disasters = dis_assault = 0
    y_true: list[str] = []
    y_pred: list[str] = []
    for accepted, events in rows:
        types = {t for t, _ in events}
        prim = max(events, key=lambda e: e[1])[0] if events else NONE_LABEL
        if accepted == (NONE_LABEL,):
            disasters += 1
            dis_assault += "ASSAULT" in types
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
        res["disaster_snippets"] = disasters
        res["disaster_coded_assault"] = dis_assault / disasters
        res["disaster_coded_anything"] = 1 - strict_none(rows)
    return res


def strict_none(rows: Sequence[tuple[tuple[str, ...], Events]]) -> float:
    """Share of ``types: []`` records with no event coded."""
    none = [events for accepted, events in rows if accepted == (NONE_LABEL,)]
    return sum(not e for e in none) / len(none)


def _softmax(z: Floats) -> Floats:
    e = np.exp(z - z.max())
    return e / e.sum()  # type: ignore[no-any-return]


def coded(logits: Sequence[Floats], temperature: float, threshold: float) -> Events:
    """What ``code_sentence`` codes for each sentence's logits (NONE and weak guesses out)."""
    out: Events = []
    for z in logits:
        p = _softmax(z / temperature)
        i = int(np.argmax(p))
        if CLASSES[i] != NONE_LABEL and p[i] >= threshold:
            out.append((CLASSES[i], float(p[i])))
    return out


def top_type(z: Floats) -> Events:
    """The most probable PLOVER type, ignoring NONE (the coder forced to choose a type)."""
    p = _softmax(z)[:-1]
    i = int(np.argmax(p))
    return [(CLASSES[i], float(p[i]))]


@dataclass
class OutOfFold:
    """Each example's logits from the model of the fold that did not see it."""

    examples: list[Example]
    whole: list[Floats]
    sentences: list[list[Floats]]


def cross_validate(examples: Sequence[Example], **params: Any) -> OutOfFold:
    """5-fold CV: folds by text, every example scored by a model trained without its fold."""
    whole: dict[int, Floats] = {}
    sentences: dict[int, list[Floats]] = {}
    for k in range(N_FOLDS):
        model = fit([ex for ex in examples if ex.fold != k], **params)
        for i, ex in enumerate(examples):
            if ex.fold == k:
                whole[i] = model.logits(ex.keys)
                sentences[i] = [model.logits(s) for s in ex.sentence_keys]
    return OutOfFold(list(examples), [whole[i] for i in range(len(examples))],
                     [sentences[i] for i in range(len(examples))])


def fit_temperature(oof: OutOfFold) -> float:
    """The temperature minimising the held-out "any accepted class" NLL of labelled records.

    Golden-section search over log T in [-3, 3] (deterministic, 60 steps).
    """
    pairs = [(z, np.array([c in ex.accepted for c in CLASSES]))
             for ex, z in zip(oof.examples, oof.whole, strict=True) if ex.dataset != "geo_none"]

    def nll(log_t: float) -> float:
        total = 0.0
        for z, acc in pairs:
            p = _softmax(z / np.exp(log_t))
            total -= float(np.log(max(float(p[acc].sum()), 1e-300)))
        return total / len(pairs)

    lo, hi = -3.0, 3.0
    ratio = (np.sqrt(5.0) - 1) / 2
    for _ in range(60):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if nll(a) < nll(b):
            hi = b
        else:
            lo = a
    return float(np.exp((lo + hi) / 2))


def calibration_error(oof: OutOfFold, temperature: float, bins: int = 10) -> float:
    """Expected calibration error of the top class on labelled records (10 equal bins)."""
    conf, right = [], []
    for ex, z in zip(oof.examples, oof.whole, strict=True):
        if ex.dataset == "geo_none":
            continue
        p = _softmax(z / temperature)
        i = int(np.argmax(p))
        conf.append(float(p[i]))
        right.append(CLASSES[i] in ex.accepted)
    c, r = np.array(conf), np.array(right, dtype=np.float64)
    edges = np.minimum((c * bins).astype(np.int64), bins - 1)
    return float(sum(abs(c[edges == b].sum() - r[edges == b].sum())
                     for b in range(bins)) / c.size)


def report(oof: OutOfFold, temperature: float, threshold: float) -> dict[str, Any]:
    """Cross-validated figures per dataset, two ways.

    ``forced``: the whole text's most probable PLOVER type (NONE ignored), the coder's type
    accuracy. ``coded``: what ``code_sentence`` codes sentence by sentence (NONE and guesses
    below the threshold coded as nothing): the figures the pipeline would see.
    """
    out: dict[str, Any] = {}
    for name in ("plv", "plover_gsr", "case2021"):
        idx = [i for i, ex in enumerate(oof.examples) if ex.dataset.startswith(name)]
        acc = [oof.examples[i].accepted for i in idx]
        forced = [top_type(oof.whole[i]) for i in idx]
        sent = [coded(oof.sentences[i], temperature, threshold) for i in idx]
        out[name] = {"forced": score_events(list(zip(acc, forced, strict=True))),
                     "coded": score_events(list(zip(acc, sent, strict=True)))}
    geo = [i for i, ex in enumerate(oof.examples) if ex.dataset == "geo_none"]
    if geo:
        hits = sum(bool(coded(oof.sentences[i], temperature, threshold)) for i in geo)
        out["geo_none_coded"] = hits / len(geo)
    out["temperature"] = temperature
    out["calibration_error"] = {"T=1": calibration_error(oof, 1.0),
                                "calibrated": calibration_error(oof, temperature)}
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


def train(shared: Path, *, log: Callable[[str], None]) -> tuple[StatCoder, dict[str, Any]]:
    """Data → CV (for the temperature and the report) → final model on everything."""
    from flashpoint.events_stat import CODE_THRESHOLD

    nlp = nlp_stage.load("sm")
    examples = event_examples(shared)
    featurize(examples, nlp)
    geo = geo_none_examples(shared, nlp)
    log(f"{len(examples)} event-data examples, {len(geo)} geo NONE sentences; "
        f"event cues found in {cue_recall(examples, nlp):.1%} of plv/plover_gsr texts")
    everything = examples + geo
    oof = cross_validate(everything)
    temperature = fit_temperature(oof)
    rep = report(oof, temperature, CODE_THRESHOLD)
    final = fit(everything)
    meta = {
        "format": ARTEFACT_FORMAT, "features": FEATURE_VERSION, "spacy_model": "sm",
        "training": {"datasets": {k: sum(ex.dataset == k for ex in everything)
                                  for k in DATASET_WEIGHTS},
                     "dataset_weights": DATASET_WEIGHTS, "l2": L2, "min_count": MIN_COUNT,
                     "balance": BALANCE, "folds": N_FOLDS},
        "cv": summary(rep),
    }
    coder = StatCoder(keys=final.keys, weights=final.weights, bias=final.bias,
                      temperature=round(temperature, 6), meta=meta)
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
