"""Safe file names for exports: ``{id}-{language}-{slug}.{extension}``.

The slug keeps letters, marks and digits of every script (Korean and other CJK included), in
NFC, lower case, with every other run of characters made one hyphen. So no name holds a path
separator, a reserved character (``/ \\ : * ? " < > |``), a control character or a leading dot,
and no name is longer than :data:`MAX_BYTES` in UTF-8.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 100
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")
_EXTENSION = re.compile(r"[a-z0-9]{1,8}")


def slug(text: str) -> str:
    """``text`` as hyphen-separated words of letters, marks and digits; maybe empty."""
    words: list[str] = []
    current: list[str] = []
    for char in unicodedata.normalize("NFC", text).lower():
        if unicodedata.category(char)[0] in "LMN":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    # a mark with no letter before it (a word cut at a combining mark) is dropped
    words = [w.lstrip("".join(c for c in w if unicodedata.category(c)[0] == "M")) for w in words]
    return "-".join(w for w in words if w)


def _truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, at a word boundary when one is near."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    if "-" in cut and cut.rfind("-") >= len(cut) // 2:
        cut = cut[: cut.rfind("-")]
    return cut.strip("-")


def export_name(dispatch_id: int, language: str, headline: str, extension: str) -> str:
    """The file name of one exported language version.

    Raises ValueError for a negative id, or a language or extension that is not a plain tag.
    """
    if isinstance(dispatch_id, bool) or not isinstance(dispatch_id, int) or dispatch_id < 0:
        raise ValueError(f"not a dispatch id: {dispatch_id!r}")
    if not _LANGUAGE.fullmatch(language):
        raise ValueError(f"not a language tag for a file name: {language!r}")
    if not _EXTENSION.fullmatch(extension):
        raise ValueError(f"not a file extension: {extension!r}")
    stem = f"{dispatch_id}-{language}"
    suffix = f".{extension}"
    room = MAX_BYTES - len(stem.encode("utf-8")) - len(suffix) - 1
    words = _truncate(slug(headline), room) if room > 0 else ""
    return f"{stem}-{words}{suffix}" if words else f"{stem}{suffix}"
