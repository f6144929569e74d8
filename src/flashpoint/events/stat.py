"""The statistical event coder: a sentence's PLOVER event type from its spaCy parse.

A multinomial logistic regression over hashed, binary features that cost almost nothing
beyond the parse the pipeline already has (lemmas, lemma bigrams, the main verbs and their
objects, prepositions, complements and negation, and the PLOVER type that the CAMEO verb
dictionary gives each verb), with a 17th class ``NONE`` for sentences that report no
political event. Scores are temperature-scaled so that the probabilities are
calibrated on held-out folds (see ``scripts/train_events.py``, which trains the model and
writes the artefact ``data/events_stat.npz``; ``make train`` rebuilds it byte for byte).

Not a pipeline stage of its own: the events stage combines it with the rule coder through
:meth:`StatCoder.predict` (the whole distribution); :func:`code_sentence` is the thin
"one type or nothing" entry point.

Artefact (an ``.npz`` zip, read with ``allow_pickle=False``):

- ``classes`` (17,) str: the 16 PLOVER types in ``EVENT_TYPES`` order, then ``NONE``;
- ``keys`` (F,) uint32, strictly increasing: the feature hashes the model knows;
- ``weights`` (F, 17) float32 and ``bias`` (17,) float32;
- ``temperature`` () float64 (> 0): logits are divided by it before the softmax;
- ``lexicon_lemmas`` (V,) str and ``lexicon_types`` (V,) uint8: verb lemma → index of its
  PLOVER type in ``EVENT_TYPES`` (the PETRARCH2 CAMEO verb dictionary's default code of the
  verb, mapped with the PLOVER project's CAMEO2PLOVER table; both MIT / CC BY-SA 4.0, see
  ``scripts/train_events.py``);
- ``meta`` () str: JSON with ``format`` (:data:`ARTEFACT_FORMAT`), ``features``
  (:data:`FEATURE_VERSION`) and the training summary.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from flashpoint.errors import DataFileError
from flashpoint.model import EVENT_TYPES
from flashpoint.nlp import span_tokens

from .lexicon import REPORTING_VERBS

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
#: probability. Chosen on the out-of-fold predictions of ``make train`` (5-fold CV, each
#: sentence coded on its own): at 0.30 plv primary-type accuracy is 0.700, plover_gsr 0.610
#: and 25% of case2021 disaster snippets get an event; at 0 they are 0.716, 0.619 and 30%; at
#: 0.50, 0.617, 0.524 and 21%. 0.30 is the knee: below it the threshold removes almost only
#: wrong codings, above it every 0.05 costs about 2 points of accuracy. (The probabilities are
#: calibrated, so ``threshold=0.5`` means "more likely right than wrong".)
CODE_THRESHOLD = 0.30

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
    for root in (t for t in span_tokens(span) if t.dep_ == "ROOT"):
        heads.append(root)
        if _lemma(root) in REPORTING_VERBS:
            heads.extend(c for c in root.children if c.dep_ in _CLAUSE_DEPS)
    return heads


def _lexicon_features(span: Span, lexicon: Mapping[str, str], out: list[str]) -> None:
    """``lex:TYPE`` for every verb the lexicon knows (``-neg`` when negated), and
    ``lexroot:TYPE`` for the main predicates: a prior that reaches verbs training never saw.
    """
    for token in span_tokens(span):
        if token.pos_ == "VERB":
            kind = lexicon.get(_lemma(token))
            if kind:
                negated = any(c.dep_ == "neg" for c in token.children)
                out.append(f"lex:{kind}-neg" if negated else f"lex:{kind}")
    for token in _main_predicates(span):
        kind = lexicon.get(_lemma(token))
        if kind:
            out.append(f"lexroot:{kind}")


def feature_strings(span: Span, lexicon: Mapping[str, str] | None = None) -> list[str]:
    """The features of ``span`` (a sentence, or a short snippet) as readable strings.

    ``w:`` lemmas of non-stop words and ``b:`` lemma bigrams of all words (punctuation and
    spaces skipped), ``root:`` for the main predicates, ``v:``/``nv:`` for every verb and its
    negation, ``a:``/``p:``/``po:``/``prt:``/``x:`` for a verb with its arguments,
    prepositions (and their objects), particles and clausal complements, ``neg`` when
    anything in the span is negated, and the ``lex:``/``lexroot:`` types of ``lexicon``
    (verb lemma → PLOVER type) when one is given.
    """
    out: list[str] = []
    previous = "<s>"
    negated = False
    for token in span_tokens(span):
        if token.is_punct or token.is_space:
            continue
        lemma = _lemma(token)
        if not token.is_stop:
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
    if lexicon:
        _lexicon_features(span, lexicon, out)
    return out


def hash_features(strings: Iterable[str]) -> npt.NDArray[np.uint32]:
    """Feature strings → sorted unique 32-bit keys (CRC-32: stable across runs and machines)."""
    keys = {zlib.crc32(s.encode("utf-8")) for s in strings}
    return np.array(sorted(keys), dtype=np.uint32)


def features(span: Span, lexicon: Mapping[str, str] | None = None) -> npt.NDArray[np.uint32]:
    """The hashed binary features of ``span``: what the model scores."""
    return hash_features(feature_strings(span, lexicon))


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True, eq=False)
class StatCoder:
    """A trained coder: known feature keys, their weights per class, bias and temperature,
    and the verb lexicon its features use."""

    keys: npt.NDArray[np.uint32]
    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    temperature: float
    meta: dict[str, Any]
    lexicon: Mapping[str, str]

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
        probs = self.probabilities(features(span, self.lexicon))
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

_ARRAYS = ("classes", "keys", "weights", "bias", "temperature", "lexicon_lemmas",
           "lexicon_types", "meta")
Arrays = dict[str, npt.NDArray[Any]]


def _bad(source: str, problem: str) -> DataFileError:
    return DataFileError(
        f"not a valid statistical event coder: {problem}", source=source,
        fix="rebuild it with 'make train' (scripts/train_events.py), or reinstall flashpoint",
    )


def _read_arrays(path: Path | None) -> tuple[str, Arrays]:
    """Every array of the artefact, read without pickles."""
    source = str(path) if path is not None else f"flashpoint/data/{ARTEFACT}"
    try:
        packaged = resources.files("flashpoint").joinpath("data", ARTEFACT)
        opened = resources.as_file(packaged) if path is None else nullcontext(path)
        with opened as file, np.load(file, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except Exception as exc:  # OSError, ValueError, zipfile.BadZipFile, EOFError …
        raise _bad(source, f"cannot read it ({type(exc).__name__}: {exc})") from exc
    return source, arrays


def _check_meta(source: str, a: Arrays) -> dict[str, Any]:
    """Every array present, the class order, the format and feature versions."""
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
    return meta


def _check_weights(source: str, a: Arrays) -> None:
    """Keys sorted and unique, weights and bias of the right shape, everything finite."""
    keys, weights, bias, temperature = a["keys"], a["weights"], a["bias"], a["temperature"]
    n_classes = len(CLASSES)
    if keys.dtype != np.uint32 or keys.ndim != 1 or not bool(np.all(keys[1:] > keys[:-1])):
        raise _bad(source, "keys must be strictly increasing uint32")
    if weights.dtype != np.float32 or weights.shape != (keys.size, n_classes):
        raise _bad(source, f"weights must be float32 of shape ({keys.size}, {n_classes})")
    if bias.dtype != np.float32 or bias.shape != (n_classes,):
        raise _bad(source, f"bias must be float32 of shape ({n_classes},)")
    if temperature.shape != () or temperature.dtype.kind != "f":
        raise _bad(source, "temperature must be one number")
    if not (np.isfinite(weights).all() and np.isfinite(bias).all()
            and np.isfinite(temperature) and float(temperature) > 0):
        raise _bad(source, "weights and bias must be finite, the temperature positive")


def _check_lexicon(source: str, a: Arrays) -> dict[str, str]:
    """Unique lower-case lemmas, each with the index of a PLOVER type."""
    lemmas, kinds = a["lexicon_lemmas"], a["lexicon_types"]
    if lemmas.dtype.kind != "U" or kinds.dtype != np.uint8 or lemmas.shape != kinds.shape:
        raise _bad(source, "lexicon_lemmas (str) and lexicon_types (uint8) must pair up")
    if kinds.size and int(kinds.max()) >= len(EVENT_TYPES):
        raise _bad(source, f"lexicon_types must index the {len(EVENT_TYPES)} PLOVER types")
    lexicon = {str(w): EVENT_TYPES[int(k)] for w, k in zip(lemmas, kinds, strict=True)}
    if len(lexicon) != lemmas.size or any(w != w.lower() or not w for w in lexicon):
        raise _bad(source, "lexicon lemmas must be unique, non-empty and lower-case")
    return lexicon


@lru_cache(maxsize=4)
def load_stat_coder(path: Path | str | None = None) -> StatCoder:
    """Load and validate the coder (the packaged artefact by default), once per path.

    Raises ``DataFileError`` when the file is missing, corrupt or of another format.
    """
    source, arrays = _read_arrays(Path(path) if path is not None else None)
    meta = _check_meta(source, arrays)
    _check_weights(source, arrays)
    lexicon = _check_lexicon(source, arrays)
    return StatCoder(keys=arrays["keys"], weights=arrays["weights"], bias=arrays["bias"],
                     temperature=float(arrays["temperature"]), meta=meta,
                     lexicon=MappingProxyType(lexicon))


def save_stat_coder(path: Path, coder: StatCoder) -> None:
    """Write ``coder`` as an artefact whose bytes depend only on its contents.

    ``np.savez`` stamps the zip entries with the current time; here every entry gets the
    same fixed date, so two trainings that produce the same numbers write the same file.
    """
    lemmas = sorted(coder.lexicon)
    arrays: Arrays = {
        "classes": np.array(CLASSES), "keys": coder.keys, "weights": coder.weights,
        "bias": coder.bias, "temperature": np.array(coder.temperature, dtype=np.float64),
        "lexicon_lemmas": np.array(lemmas, dtype=str),
        "lexicon_types": np.array([EVENT_TYPES.index(coder.lexicon[w]) for w in lemmas],
                                  dtype=np.uint8),
        "meta": np.array(json.dumps(coder.meta, sort_keys=True)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in _ARRAYS:
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(arrays[name], order="C"),
                                      allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue(), compresslevel=9)
