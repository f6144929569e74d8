"""The model half of ``train_events.py``: examples, the optimiser, cross-validation and the
temperature.

Multinomial logistic regression over the binary, L2-normalised feature keys of
``flashpoint.events.stat``, trained with an "any accepted type" likelihood, an L2 penalty and a
full-batch L-BFGS from zero weights. Every sum is a numpy reduction in a fixed order (no BLAS
dot products, whose results may depend on the thread count), so a training run is
reproducible to the bit.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from flashpoint.events.stat import CLASSES, StatCoder

Floats = npt.NDArray[np.float64]
N_FOLDS = 5
#: L2 penalty on the weights (per unit of total example weight). Chosen by 5-fold CV
#: (1e-6 … 1e-3 tried: 1e-4 and above underfit by 5-25 points; below 1e-5 all within noise).
L2 = 3e-6
#: A feature must occur in at least this many training examples to get a weight (1-3 tried,
#: within noise; 2 halves the artefact).
MIN_COUNT = 2
#: Class balancing: example weight × (count of its first accepted class)^-BALANCE (0, 0.5
#: and 1 tried: 0.5 is best on plv macro-F1 and plover_gsr together).
BALANCE = 0.5
#: Weight of the first accepted type's own likelihood (see ``objective``; 0, 0.1, 0.3 and 1
#: tried: 0 leaves YIELD rows split between CONCEDE and RETREAT, −6 points of plv macro-F1).
PREFER_FIRST = 1.0
#: L-BFGS iterations at most (training converges in under 250).
MAX_ITER = 400


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
    #: False for training-only examples (a disaster snippet's single sentences): not scored.
    scored: bool = True
    #: False for weak labels (the geo NONE sentences): not used to calibrate the temperature.
    gold: bool = True

    @property
    def fold(self) -> int:
        """Folds by the text's CRC-32: rows that share a sentence share a fold."""
        return zlib.crc32(self.text.encode("utf-8")) % N_FOLDS


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
    return StatCoder(keys=d.vocab, weights=weights, bias=bias, temperature=1.0, meta={},
                     lexicon={})


def softmax(z: Floats) -> Floats:
    e = np.exp(z - z.max())
    return e / e.sum()  # type: ignore[no-any-return]


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
             for ex, z in zip(oof.examples, oof.whole, strict=True)
             if ex.scored and ex.gold]

    def nll(log_t: float) -> float:
        total = 0.0
        for z, acc in pairs:
            p = softmax(z / np.exp(log_t))
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
        if not (ex.scored and ex.gold):
            continue
        p = softmax(z / temperature)
        i = int(np.argmax(p))
        conf.append(float(p[i]))
        right.append(CLASSES[i] in ex.accepted)
    c, r = np.array(conf), np.array(right, dtype=np.float64)
    edges = np.minimum((c * bins).astype(np.int64), bins - 1)
    return float(sum(abs(c[edges == b].sum() - r[edges == b].sum())
                     for b in range(bins)) / c.size)
