"""The pipeline's configuration: explicit, passed in, with defaults that ship in the package."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Stage order is the data flow; each analysis stage is chosen by registered name.
DEFAULT_COMPONENTS: dict[str, str] = {
    "clean": "clean.rules.v1",
    "actors": "actors.rules.v1",
    "events": "events.combined.v1",
    "times": "times.rules.v1",
    "geo": "geo.gazetteer.v1",
    "quotes": "quotes.rules.v1",
}

#: 2,000,000 characters is ~300,000 words, about 400 long news articles: nothing that is one
#: article is that long, and spaCy's own default ``max_length`` is 1,000,000 characters per call
#: (we parse long texts in paragraph batches, so this is a sanity limit, not a parser limit).
DEFAULT_MAX_CHARS = 2_000_000

#: Raw input bytes above which a file is refused before decoding (a 50 MB file is a dump, not
#: an article); 4x the character limit leaves room for HTML markup and multi-byte encodings.
DEFAULT_MAX_BYTES = 4 * DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class PipelineConfig:
    """Everything that decides what a run produces.

    ``model`` is a key of ``nlp.MODELS`` ("sm" or "md") or an installed spaCy package name.
    ``clean`` off keeps ``text`` identical to the input so offsets index the input.
    """

    model: str = "sm"
    clean: bool = True
    components: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COMPONENTS))
    max_chars: int = DEFAULT_MAX_CHARS
    max_bytes: int = DEFAULT_MAX_BYTES
    languages: tuple[str, ...] = ("en",)
    batch_size: int = 32
    n_process: int = 1
