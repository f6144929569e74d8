"""Every error flashpoint raises on purpose.

One base class, a few named subclasses, each message saying *what input*, *what was
expected* and *how to fix it*. Codes are stable (``FP1xx`` input, ``FP2xx`` configuration and
data files, ``FP3xx`` pipeline stages, ``FP4xx`` store, ``FP5xx`` evaluation) so that users can
search for them. The CLI and the HTTP API translate these at their edge; library code never
prints.
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class: a problem flashpoint detected and can explain."""

    code = "FP000"

    def __init__(self, message: str, *, source: str | None = None, fix: str | None = None) -> None:
        self.message = message
        self.source = source
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        """The one-line message shown to users: ``[code] source: what. Fix: how.``"""
        where = f"{self.source}: " if self.source else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"[{self.code}] {where}{self.message}{fix}"


class InputError(FlashpointError):
    """An input document cannot be read or is not an article we can process."""

    code = "FP100"


class EmptyInputError(InputError):
    """The input holds no text (empty, or only whitespace)."""

    code = "FP101"


class BinaryInputError(InputError):
    """The input is binary data, not text or HTML."""

    code = "FP102"


class InputTooLargeError(InputError):
    """The input is larger than the configured per-document limit."""

    code = "FP103"


class EncodingError(InputError):
    """The input's bytes could not be decoded as text in any supported encoding."""

    code = "FP104"


class UnsupportedLanguageError(InputError):
    """The input is not in a language the pipeline models."""

    code = "FP105"


class MalformedRecordError(InputError):
    """A JSONL line (or other structured record) is not of the expected form."""

    code = "FP106"


class BadDateError(InputError):
    """A publication date is impossible or not in YYYY[-MM[-DD]] form."""

    code = "FP107"


class NoArticleError(InputError):
    """HTML was parsed but no article body could be found in it."""

    code = "FP108"


class ConfigError(FlashpointError):
    """The pipeline configuration names something that does not exist or cannot work."""

    code = "FP200"


class DataFileError(ConfigError):
    """A packaged or user-supplied data file (lexicon, KB, floors) is invalid."""

    code = "FP201"


class ModelLoadError(ConfigError):
    """The spaCy model could not be loaded."""

    code = "FP202"


class StageError(FlashpointError):
    """A pipeline stage failed on one document (a bug or an input it cannot handle)."""

    code = "FP300"


class TimeLimitError(StageError):
    """A document took longer than the per-document time limit (``--time-limit``)."""

    code = "FP301"


class WorkerDiedError(StageError):
    """The worker process extracting a document died (killed, out of memory, a crash)."""

    code = "FP302"


class DocumentTooLargeError(StageError):
    """A document needed more memory than its worker may use (the work was stopped)."""

    code = "FP303"


class StoreError(FlashpointError):
    """The embedded database could not be opened, read or written."""

    code = "FP400"


class EvalError(FlashpointError):
    """An evaluation dataset or gold file is missing or malformed."""

    code = "FP500"
