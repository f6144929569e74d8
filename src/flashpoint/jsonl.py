"""One JSON object per line, safe for every line reader.

JSON allows U+0085 (NEL), U+2028 and U+2029 raw inside strings, and ``json.dumps`` with
``ensure_ascii=False`` writes them so. But Python's ``str.splitlines`` (and many other line
readers) break lines on them, so a document whose text holds one (NEL is common in text
decoded from Windows-1252, where byte 0x85 is an ellipsis) came out as two broken lines and a
reader that skips bad lines lost the whole document. These characters can only occur inside
JSON strings, so writing them as ``\\uXXXX`` escapes gives the same JSON value on one line.
"""

from __future__ import annotations

import json
from typing import Any

#: Characters ``str.splitlines`` treats as line boundaries that ``json.dumps`` leaves raw
#: (the ASCII ones, below U+0020, it escapes itself).
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def dumps(obj: Any, **kwargs: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kwargs)`` with no character any line reader
    takes for a line break (the JSON value is unchanged)."""
    return json.dumps(obj, ensure_ascii=False, **kwargs).translate(_LINE_BREAKS)
