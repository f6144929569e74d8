"""Name normalisation for actor lookup: what two spellings of one alias have in common.

Kept apart from the KB loader (``actors/kb.py``) because the recogniser, the build scripts and the
evaluation all need the same keys without loading the knowledge base.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = "‘’‚‛′`´ʹʻʼʽʾʿ"
#: One translation: curly and modifier apostrophes → ', hyphens, dashes, underscores, quotes
#: and most punctuation → space, full stops and soft hyphens deleted.
_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'")
                       | dict.fromkeys("-‐‑‒–—―−_,;:!?()[]{}\"/\\|*“”„‟″«»", " ")
                       | {".": None, "\u00ad": None})
#: Arabic articles a variant key drops ("al-Shabaab" = "Shabaab").
ARTICLES = frozenset(("al", "el"))


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """The lookup key of a name: what two spellings of one alias have in common.

    NFKD with diacritics removed, casefolded, curly quotes made straight, hyphens, dashes,
    underscores and most punctuation made spaces, full stops dropped (``U.S.`` = ``US``),
    whitespace collapsed and a leading "the " dropped. Idempotent.
    """
    text = name.translate(_TABLE)
    if not text.isascii():
        text = _strip_marks(_strip_marks(text).casefold()).translate(_TABLE)
    text = " ".join(text.casefold().split())
    while text.startswith("the "):
        text = text[4:]
    return "" if text == "the" else text


def alias_keys(name: str) -> tuple[str, ...]:
    """Every index key of one alias: its normal form, then variants.

    Variants: without apostrophes (``Sana'a`` = ``Sanaa``) and without the Arabic article
    ``al``/``el`` (``al-Shabaab`` = ``Shabaab``; ``Abu Mohammad al-Jolani`` = ``Abu Mohammad
    Jolani``). Transliteration variants proper are listed in the data.
    """
    key = normalise(name)
    if not key:
        return ()
    keys = [key]
    if "al " in key or "el " in key:
        tokens = key.split(" ")
        if len(tokens) > 1 and not ARTICLES.isdisjoint(tokens):
            bare = [t for t in tokens if t not in ARTICLES]
            if bare:
                keys.append(" ".join(bare))
            if tokens[0] in ARTICLES:
                keys.append(" ".join(tokens[1:]))
    if "'" in key:
        keys += [" ".join(k.replace("'", "").split()) for k in keys]
    if len(keys) == 1:
        return (key,)
    return tuple(dict.fromkeys(k for k in keys if k))


@lru_cache(maxsize=65536)
def last_key_word(text: str) -> str:
    """The last word of ``normalise(text)`` ("the" kept): the last word of any span that
    ends with ``text``, since normalising works character by character. Cached: it is asked
    of every word of every document."""
    key = normalise(text)
    return key.rsplit(" ", 1)[-1] if key else text.strip().casefold()
