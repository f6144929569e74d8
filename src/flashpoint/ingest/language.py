"""Language check: refuse articles the pipeline cannot model, never an English one.

Part of ingest. The models, lexicons and rules downstream are English: a French article would
come out as a handful of mis-tagged names and no events, silently. So a text that is clearly
in another language is refused with a message that says so. The check errs towards English:
short texts, low-confidence guesses and texts full of English function words pass, because
one English headline full of foreign names ("Putin met Erdogan in Sochi") is easily mistaken
for Dutch or Nigerian Pidgin, and rejecting English is the worse mistake.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from flashpoint.config import PipelineConfig
from flashpoint.errors import UnsupportedLanguageError
from flashpoint.model import RawDocument

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

#: Characters of the text that are classified: language is settled long before 5,000
#: characters (~800 words), and the classifier's time grows with the length.
SAMPLE_CHARS = 5_000
#: Texts with fewer letters than this are not judged. On English sentences of the evaluation
#: sets (2,622 texts), misreadings cluster below ~100 letters; 30 letters (five or six words) is
#: where a foreign paragraph is still recognised at > 0.99 and an English one may not be.
MIN_LETTERS = 30
#: A guess below this probability is not trusted: English texts misread on the evaluation sets
#: scored at most 0.76 (Nigerian Pidgin for a headline of names), foreign paragraphs > 0.98.
MIN_CONFIDENCE = 0.90
#: Share of words that are English function words at which a text is English whatever the
#: classifier says. English texts of the evaluation sets (954 over 300 characters) have at least
#: 8.8%, median 24%; French, German, Spanish, Italian, Portuguese and Dutch paragraphs have 0%
#: (the words are chosen not to be words in those languages).
ENGLISH_WORD_SHARE = 0.06
ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "that", "with", "for", "from", "said", "has", "have", "were",
    "this", "which", "their", "they", "would", "been", "are", "its", "who", "after", "it",
    "she", "his", "her", "not", "by",
})
#: Labels that stand for English, or for no language at all: English-based creoles the
#: classifier confuses with English headlines, and "zxx" (no linguistic content).
ENGLISH_LIKE = frozenset({"en", "pcm", "zxx"})
#: Share of letters in the Latin script below which a text cannot be English, however unsure
#: the classifier is (it is least sure on Chinese and Arabic: ~0.85 on a whole paragraph).
#: English articles quoting a name in its own script stay far above one half.
MIN_LATIN_SHARE = 0.5
#: Code points of the Latin script's letters: Basic Latin to Latin Extended-B, and Latin
#: Extended Additional (Vietnamese).
_LATIN_RANGES = ((0x41, 0x24F), (0x1E00, 0x1EFF))
LANGUAGE_NAMES: dict[str, str] = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fa": "Persian",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ru": "Russian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "zh": "Chinese",
}
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The py3langid model, loaded once per process (~0.6 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (ISO 639 code) and its probability (0-1)."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def check_language(raw: RawDocument, config: PipelineConfig) -> str:
    """The document's language code, or ``UnsupportedLanguageError`` when it is confidently in
    a language that ``config.languages`` does not list. Undecided texts get the first listed
    language (English): see the module docstring for why the check errs that way."""
    default = config.languages[0] if config.languages else "en"
    sample = raw.text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return default
    language, probability = detect_language(sample)
    if language in config.languages:
        return language
    undecided = probability < MIN_CONFIDENCE
    if "en" not in config.languages:
        if undecided:
            return default
    elif _latin_share(letters) >= MIN_LATIN_SHARE and (
            undecided or _reads_as_english(sample, language)):
        return "en"
    name = LANGUAGE_NAMES.get(language, language)
    wanted = ", ".join(LANGUAGE_NAMES.get(code, code) for code in config.languages)
    raise UnsupportedLanguageError(
        f"is in {name} ({language}, probability {probability:.2f}), not in a language flashpoint"
        f" models ({wanted})",
        source=raw.source or raw.id,
        fix=f"translate the article into {wanted} first",
    )


def _latin_share(letters: list[str]) -> float:
    latin = sum(any(low <= ord(ch) <= high for low, high in _LATIN_RANGES) for ch in letters)
    return latin / len(letters)


def _reads_as_english(sample: str, language: str) -> bool:
    if language in ENGLISH_LIKE:
        return True
    words = _WORD.findall(sample.lower())
    if not words:
        return False
    share = sum(word in ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    return share >= ENGLISH_WORD_SHARE
