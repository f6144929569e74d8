"""The statistical event coder: a sentence's PLOVER event type from its spaCy parse.

A multinomial logistic regression over hashed, binary features that cost almost nothing
beyond the parse the pipeline already has (lemmas, lemma bigrams, the main verbs and their
objects, prepositions, complements and negation), with a 17th class ``NONE`` for sentences
that report no political event. Scores are temperature-scaled so that the probabilities are
calibrated on held-out folds (see ``scripts/train_events.py``, which trains the model and
writes the artefact ``data/events_stat.npz``; ``make train`` rebuilds it byte for byte).

Nothing here is registered in the pipeline: :func:`code_sentence` is the thin entry point a
combining event coder calls per sentence, :meth:`StatCoder.predict` gives the whole
distribution.

Artefact (an ``.npz`` zip, read with ``allow_pickle=False``):

- ``classes`` (17,) str: the 16 PLOVER types in ``EVENT_TYPES`` order, then ``NONE``;
- ``keys`` (F,) uint32, strictly increasing: the feature hashes the model knows;
- ``weights`` (F, 17) float32 and ``bias`` (17,) float32;
- ``temperature`` () float64 (> 0): logits are divided by it before the softmax;
- ``meta`` () str: JSON with ``format`` (:data:`ARTEFACT_FORMAT`), ``features``
  (:data:`FEATURE_VERSION`) and the training summary.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .errors import DataFileError
from .model import EVENT_TYPES

if TYPE_CHECKING:
    from spacy.tokens import Span

#: The class for "this sentence codes no political event".
NONE_LABEL = "NONE"
#: Output classes in the artefact's order: the PLOVER types, then NONE.
CLASSES: tuple[str, ...] = (*EVENT_TYPES, NONE_LABEL)

#: The packaged artefact (under ``flashpoint/data``) and the formats this module reads.
ARTEFACT = "events_stat.npz"
ARTEFACT_FORMAT = "flashpoint.events_stat/1"
#: Bumped whenever :func:`features` changes: an artefact trained on other features is refused.
FEATURE_VERSION = 1

#: :func:`code_sentence` codes the top class only when it is a PLOVER type with at least this
#: probability. Calibrated on the out-of-fold predictions of the training script (5-fold CV
#: over plv, plover_gsr and case2021 dev): at 0.30, <see the training notes in the artefact
#: ``meta``> almost every event sentence whose top type is right is kept, while sentences
#: whose best type is a weak guess (below a third) are left to other coders.
CODE_THRESHOLD = 0.30

#: Verbs that report what someone else did: when one is a sentence's root, the clause it
#: governs (its ``ccomp``) carries the event, so its verb is featured as a main predicate too.
REPORTING_VERBS = frozenset((
    "say", "tell", "report", "announce", "state", "add", "claim", "confirm", "note", "write",
    "quote", "reveal", "allege", "insist", "declare", "explain", "indicate",
))
#: Object-like dependents whose lemma is paired with the governing verb.
_ARG_DEPS = frozenset(("dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd", "acomp"))
#: Clausal complements paired with the governing verb ("agree to sign", "refuse to pay").
_CLAUSE_DEPS = frozenset(("xcomp", "ccomp"))
_NUMBER = "#num"


def _lemma(token: Any) -> str:
    """A token's lemma, lower-cased; numbers collapse to one symbol."""
    if token.like_num:
        return _NUMBER
    return str(token.lemma_).lower()


def _verb_features(token: Any, lemma: str, out: list[str]) -> None:
    """The verb's own lemma, its negation, arguments, prepositions and complements."""
    out.append(f"v:{lemma}")
    for child in token.children:
        dep = child.dep_
        if dep == "neg":
            out.append(f"nv:{lemma}")
        elif dep in _ARG_DEPS:
            out.append(f"a:{lemma}>{dep}>{_lemma(child)}")
        elif dep == "prt":
            out.append(f"prt:{lemma}_{_lemma(child)}")
        elif dep in ("prep", "agent"):
            prep = _lemma(child)
            out.append(f"p:{lemma}>{prep}")
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    out.append(f"po:{lemma}>{prep}>{_lemma(pobj)}")
        elif dep in _CLAUSE_DEPS and child.pos_ in ("VERB", "AUX"):
            out.append(f"x:{lemma}>{_lemma(child)}")


def _main_predicates(span: Span) -> list[Any]:
    """Each sentence's root, and the clause under a reporting root ("X said that …")."""
    heads = []
    for sent in span.sents:
        root = sent.root
        heads.append(root)
        if _lemma(root) in REPORTING_VERBS:
            heads.extend(c for c in root.children if c.dep_ in _CLAUSE_DEPS)
    return heads


def feature_strings(span: Span) -> list[str]:
    """The features of ``span`` (a sentence, or a short snippet) as readable strings.

    Unigrams and bigrams of lemmas (punctuation and spaces skipped), ``root:`` for the main
    predicates, ``v:``/``nv:`` for every verb and its negation, ``a:``/``p:``/``po:``/``prt:``/
    ``x:`` for a verb with its arguments, prepositions (and their objects), particles and
    clausal complements, and ``neg`` when anything in the span is negated.
    """
    out: list[str] = []
    previous = "<s>"
    negated = False
    for token in span:
        if token.is_punct or token.is_space:
            continue
        lemma = _lemma(token)
        out.append(f"w:{lemma}")
        out.append(f"b:{previous}_{lemma}")
        previous = lemma
        if token.dep_ == "neg":
            negated = True
        if token.pos_ == "VERB":
            _verb_features(token, lemma, out)
    out.extend(f"root:{_lemma(t)}" for t in _main_predicates(span))
    if negated:
        out.append("neg")
    return out


def hash_features(strings: Iterable[str]) -> npt.NDArray[np.uint32]:
    """Feature strings → sorted unique 32-bit keys (CRC-32: stable across runs and machines)."""
    keys = {zlib.crc32(s.encode("utf-8")) for s in strings}
    return np.array(sorted(keys), dtype=np.uint32)


def features(span: Span) -> npt.NDArray[np.uint32]:
    """The hashed binary features of ``span``: what the model scores."""
    return hash_features(feature_strings(span))


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True, eq=False)
class StatCoder:
    """A trained coder: known feature keys, their weights per class, bias and temperature."""

    keys: npt.NDArray[np.uint32]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    temperature: float
    meta: dict[str, Any]

    def logits(self, keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
        """Uncalibrated class scores of one example's feature keys (unknown keys ignored).

        Features are binary and the vector is L2-normalised (each of ``n`` known features
        counts ``1/sqrt(n)``), so long snippets and short sentences score on one scale.
        """
        pos = np.searchsorted(self.keys, keys)
        inside = pos < self.keys.size
        pos = pos[inside]
        pos = pos[self.keys[pos] == keys[inside]]
        scores = self.bias.astype(np.float64)
        if pos.size:
            scores = scores + self.weights[pos].sum(axis=0, dtype=np.float64) / np.sqrt(pos.size)
        return scores

    def probabilities(self, keys: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
        """Calibrated probabilities over :data:`CLASSES` (sum to 1)."""
        z = self.logits(keys) / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()  # type: ignore[no-any-return]

    def predict(self, span: Span) -> list[tuple[str, float]]:
        """Every class of :data:`CLASSES` with its probability, most probable first."""
        probs = self.probabilities(features(span))
        order = sorted(range(len(CLASSES)), key=lambda i: (-probs[i], i))
        return [(CLASSES[i], float(probs[i])) for i in order]


def code_sentence(span: Span, *, threshold: float = CODE_THRESHOLD,
                  coder: StatCoder | None = None) -> tuple[str, float] | None:
    """The sentence's PLOVER type and its probability, or None.

    None when the most probable class is ``NONE`` or its probability is below ``threshold``
    (default :data:`CODE_THRESHOLD`).
    """
    label, prob = (coder or load_stat_coder()).predict(span)[0]
    if label == NONE_LABEL or prob < threshold:
        return None
    return label, prob


# --------------------------------------------------------------------------- the artefact

_ARRAYS = ("classes", "keys", "weights", "bias", "temperature", "meta")


def _bad(source: str, problem: str) -> DataFileError:
    return DataFileError(
        f"not a valid statistical event coder: {problem}", source=source,
        fix="rebuild it with 'make train' (scripts/train_events.py), or reinstall flashpoint",
    )


def _read_arrays(path: Path | None) -> tuple[str, dict[str, npt.NDArray[Any]]]:
    """Every array of the artefact, read without pickles."""
    source = str(path) if path is not None else f"flashpoint/data/{ARTEFACT}"
    try:
        if path is None:
            with resources.as_file(resources.files("flashpoint").joinpath("data", ARTEFACT)) as p:
                with np.load(p, allow_pickle=False) as npz:
                    arrays = {name: npz[name] for name in npz.files}
        else:
            with np.load(path, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, EOFError, KeyError) as exc:
        raise _bad(source, f"cannot read it ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # zipfile.BadZipFile and friends from a corrupt file
        raise _bad(source, f"cannot read it ({type(exc).__name__}: {exc})") from exc
    return source, arrays


def _check_arrays(source: str, a: dict[str, npt.NDArray[Any]]) -> dict[str, Any]:
    """Shapes, dtypes, class order and versions; return the parsed ``meta``."""
    missing = [name for name in _ARRAYS if name not in a]
    if missing:
        raise _bad(source, f"arrays {missing} are missing")
    if tuple(str(c) for c in a["classes"].tolist()) != CLASSES:
        raise _bad(source, f"classes are {a['classes'].tolist()}, expected {list(CLASSES)}")
    try:
        meta = json.loads(str(a["meta"].item()))
    except (ValueError, TypeError) as exc:
        raise _bad(source, f"meta is not JSON ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != ARTEFACT_FORMAT:
        raise _bad(source, f"format is not {ARTEFACT_FORMAT!r}")
    if meta.get("features") != FEATURE_VERSION:
        raise _bad(source, f"trained on features v{meta.get('features')}, "
                           f"this flashpoint extracts v{FEATURE_VERSION}")
    keys, weights, bias = a["keys"], a["weights"], a["bias"]
    n_classes = len(CLASSES)
    if keys.dtype != np.uint32 or keys.ndim != 1 or (keys.size > 1 and
                                                      not bool(np.all(keys[1:] > keys[:-1]))):
        raise _bad(source, "keys must be strictly increasing uint32")
    if weights.dtype != np.float32 or weights.shape != (keys.size, n_classes):
        raise _bad(source, f"weights must be float32 of shape ({keys.size}, {n_classes})")
    if bias.dtype != np.float32 or bias.shape != (n_classes,):
        raise _bad(source, f"bias must be float32 of shape ({n_classes},)")
    temperature = a["temperature"]
    if temperature.shape != () or not float(temperature) > 0:
        raise _bad(source, "temperature must be one positive number")
    if not (np.isfinite(weights).all() and np.isfinite(bias).all()
            and np.isfinite(temperature)):
        raise _bad(source, "weights, bias and temperature must be finite")
    return meta


@lru_cache(maxsize=4)
def load_stat_coder(path: Path | str | None = None) -> StatCoder:
    """Load and validate the coder (the packaged artefact by default), once per path.

    Raises ``DataFileError`` when the file is missing, corrupt or of another format.
    """
    source, arrays = _read_arrays(Path(path) if path is not None else None)
    meta = _check_arrays(source, arrays)
    return StatCoder(keys=arrays["keys"], weights=arrays["weights"], bias=arrays["bias"],
                     temperature=float(arrays["temperature"]), meta=meta)


def save_stat_coder(path: Path, coder: StatCoder) -> None:
    """Write ``coder`` as an artefact whose bytes depend only on its contents.

    ``np.savez`` stamps the zip entries with the current time; here every entry gets the
    same fixed date, so two trainings that produce the same numbers write the same file.
    """
    import io
    import zipfile

    arrays: dict[str, npt.NDArray[Any]] = {
        "classes": np.array(CLASSES), "keys": coder.keys, "weights": coder.weights,
        "bias": coder.bias, "temperature": np.array(coder.temperature, dtype=np.float64),
        "meta": np.array(json.dumps(coder.meta, sort_keys=True)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in _ARRAYS:
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue(), compresslevel=9)


def top_types(pairs: Sequence[tuple[str, float]], k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` most probable PLOVER types of a :meth:`StatCoder.predict` result (NONE out)."""
    return [(label, p) for label, p in pairs if label != NONE_LABEL][:k]
