"""Bytes to text: byte order marks, UTF-8, UTF-16 without a mark, then a best guess.

Part of ingest. A reader sees files from anywhere (a Windows export in cp1252, a UTF-16 dump
from a spreadsheet, a PDF saved with the wrong extension), so decoding is explicit about what
it did: every decoding other than plain UTF-8 is returned as a note for ``RawDocument.notes``,
and binary data is refused with a message naming what it looks like rather than turned into
mojibake that later stages would happily tag.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from flashpoint.errors import BinaryInputError, EncodingError

#: Leading bytes of binary formats people mistake for articles, and what they are.
#: Checked first so the message can say "this is a PDF" instead of "this is binary".
MAGIC_NUMBERS: dict[bytes, str] = {
    b"%PDF-": "a PDF document",
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx/.epub, which are ZIP archives)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an old Microsoft Office document (.doc/.xls)",
    b"\x7fELF": "an executable program",
    b"SQLite format 3\x00": "a SQLite database",
}

#: Byte order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32-LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32-BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16-LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16-BE"),
)

#: Share of control characters (C0 and DEL, except tab, newline, carriage return, form feed and
#: vertical tab) above which input is binary. Text in any encoding has almost none; uniformly
#: random bytes have 27/256 ≈ 10.5%. 5% lies between, and still lets through text with a few
#: stray escapes pasted from a terminal or a word processor.
MAX_CONTROL_SHARE = 0.05

#: How many leading bytes the UTF-16-without-BOM test looks at: enough for a stable share.
UTF16_SNIFF_BYTES = 4096
#: In UTF-16 text that is mostly ASCII (English), every other byte is NUL: at least this share
#: of the high-order positions and at most ``UTF16_MAX_OTHER_NUL`` of the low-order ones. 0.5
#: still accepts text that is half non-Latin; binary data rarely shows such a one-sided pattern.
UTF16_MIN_NUL_SHARE = 0.5
UTF16_MAX_OTHER_NUL = 0.05

#: The code page chosen when the best guess cannot tell Western European code pages apart: the
#: most common non-UTF-8 encoding of English text (Windows exports, older news archives).
PREFERRED_SINGLE_BYTE = "cp1252"

_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
#: How much of a decoded text the control-character test reads (it is a sample, for speed).
CONTROL_SAMPLE_CHARS = 100_000


def decode_bytes(data: bytes, *, source: str) -> tuple[str, str | None]:
    """Decode ``data`` to text; return the text and a note on the encoding (None for UTF-8).

    Raises ``BinaryInputError`` for binary data and ``EncodingError`` when no encoding fits.
    """
    _refuse_known_binary(data, source)
    text, note = _decode_with_bom(data, source)
    if text is None:
        text, note = _decode_without_bom(data, source)
    sample = text[:CONTROL_SAMPLE_CHARS]
    if sample and len(_CONTROL_CHARS.findall(sample)) / len(sample) > MAX_CONTROL_SHARE:
        raise _binary(source, "it is full of control characters")
    return text, note


def _refuse_known_binary(data: bytes, source: str) -> None:
    for magic, kind in MAGIC_NUMBERS.items():
        if data.startswith(magic):
            raise _binary(source, f"it starts like {kind}")


def _decode_with_bom(data: bytes, source: str) -> tuple[str | None, str | None]:
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), f"decoded as {name} (byte order mark)"
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"starts with a {name} byte order mark but is not valid {name} ({exc.reason}"
                    f" at byte {exc.start})",
                    source=source,
                    fix="re-save the file as UTF-8 text",
                ) from exc
    return None, None


def _decode_without_bom(data: bytes, source: str) -> tuple[str, str | None]:
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is None:
            raise _binary(source, "it contains NUL bytes, which text never does")
        try:
            return data.decode(codec), f"decoded as {codec.upper()} (no byte order mark)"
        except UnicodeDecodeError as exc:
            raise _binary(source, f"it contains NUL bytes and is not valid {codec}") from exc
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if data and controls / len(data) > MAX_CONTROL_SHARE:
        raise _binary(source, "it is full of control bytes")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return _guess_encoding(data, source)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes alternate like UTF-16 text, else None."""
    head = data[: UTF16_SNIFF_BYTES - UTF16_SNIFF_BYTES % 2]
    if len(data) % 2 or len(head) < 2:
        return None
    pairs = len(head) // 2
    even_nuls = head[0::2].count(0) / pairs
    odd_nuls = head[1::2].count(0) / pairs
    if odd_nuls >= UTF16_MIN_NUL_SHARE and even_nuls <= UTF16_MAX_OTHER_NUL:
        return "utf-16-le"
    if even_nuls >= UTF16_MIN_NUL_SHARE and odd_nuls <= UTF16_MAX_OTHER_NUL:
        return "utf-16-be"
    return None


#: Western European text in a single-byte code page (Latin-1, Windows-1252) is mostly ASCII
#: with accented letters standing alone ("São Paulo", "Côte d'Ivoire"); CJK double-byte
#: encodings (GBK, Big5, Shift-JIS), which charset-normalizer may prefer on a short text,
#: come in pairs of high bytes. At least this share of ASCII bytes, and this share of the runs
#: of high bytes one byte long, make the text Western European.
WESTERN_MIN_ASCII = 0.8
WESTERN_MIN_SINGLE_RUNS = 0.8
#: Letters that may stand beside an accented letter in a Western word ("ñ" in "Peña").
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
#: Bytes Windows-1252 leaves undefined: text holding them is ISO-8859-1 (Latin-1) instead.
_CP1252_UNDEFINED = frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D))


def western_single_byte(data: bytes) -> str | None:
    """``"cp1252"`` (or ``"latin-1"``) when ``data`` reads as Western European text in a
    single-byte code page, else None (see :data:`WESTERN_MIN_ASCII`)."""
    runs = [len(m.group()) for m in _HIGH_RUN.finditer(data)]
    if not runs:
        return None
    ascii_share = 1 - sum(runs) / len(data)
    single = sum(1 for n in runs if n == 1) / len(runs)
    if ascii_share < WESTERN_MIN_ASCII or single < WESTERN_MIN_SINGLE_RUNS:
        return None
    return "latin-1" if any(b in _CP1252_UNDEFINED for b in data) else PREFERRED_SINGLE_BYTE


def _guess_encoding(data: bytes, source: str) -> tuple[str, str | None]:
    """A Western single-byte code page when the bytes look like one; else charset-normalizer's
    best guess (cp1252 when it ties with another code page)."""
    western = western_single_byte(data)
    if western is not None:
        return data.decode(western), (
            f"decoded as {western} (not valid UTF-8; a guess: accented letters standing alone "
            "among ASCII, as in Western European text)")
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise EncodingError(
            "is not valid UTF-8 and matches no known text encoding",
            source=source,
            fix="convert it to UTF-8 first (e.g. iconv -f <its encoding> -t UTF-8)",
        )
    best = matches[0]
    encoding = str(best.encoding)
    for match in matches:
        if match.chaos <= best.chaos and PREFERRED_SINGLE_BYTE in match.could_be_from_charset:
            encoding = PREFERRED_SINGLE_BYTE
            break
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = str(best.encoding), str(best)
    return text, f"decoded as {encoding} (not valid UTF-8; a guess of charset-normalizer)"


def _binary(source: str, why: str) -> BinaryInputError:
    return BinaryInputError(
        f"is binary data, not text or HTML: {why}",
        source=source,
        fix="give flashpoint the article as text or HTML (extract the text first, e.g. with"
        " pdftotext for a PDF)",
    )
