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

#: 300,000 characters is ~50,000 words: longer than any news article (long reads and reports
#: run to 10,000-20,000 words), so an ordinary article never meets the limit, while a 1 MB
#: dump fails at once with a message (``--max-chars`` to raise it) instead of taking minutes
#: and gigabytes. Texts under it are parsed in paragraph slices (``nlp.CHUNK_CHARS``).
DEFAULT_MAX_CHARS = 300_000

#: Raw input bytes above which a file is refused before decoding (a 50 MB file is a dump, not
#: an article). HTML pages carry far more markup than text (a 20,000-character article can be
#: a 2 MB page), so this is independent of the character limit.
DEFAULT_MAX_BYTES = 8_000_000


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
