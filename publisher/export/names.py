"""Safe file names for exports: ``{id}-{language}-{slug}.{extension}``.

The slug keeps letters, marks and digits of every script (Korean and other CJK included), in
NFC, lower case, with every other run of characters made one hyphen. So no name holds a path
separator, a reserved character (``/ \\ : * ? " < > |``), a control character or a leading dot,
and no name is longer than :data:`MAX_BYTES` in UTF-8.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

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


def digest_name(language: str, since: date, until: date, extension: str) -> str:
    """The file name of a digest: ``digest-ko-2025-11-12.epub``, or with a range
    ``digest-ko-2025-11-10_2025-11-12.epub``. Raises ValueError like :func:`export_name`."""
    if not _LANGUAGE.fullmatch(language):
        raise ValueError(f"not a language tag for a file name: {language!r}")
    if not _EXTENSION.fullmatch(extension):
        raise ValueError(f"not a file extension: {extension!r}")
    period = since.isoformat() if since == until else f"{since.isoformat()}_{until.isoformat()}"
    return f"digest-{language}-{period}.{extension}"


def _ascii_fallback(name: str) -> str:
    """``name`` in printable ASCII for the plain ``filename`` parameter: accents dropped, any
    other character (Hangul, quotes, backslashes) made ``_``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._") or "download"
    stem, dot, extension = name.rpartition(".")
    if dot and _EXTENSION.fullmatch(extension) and not safe.endswith(f".{extension}"):
        safe = f"{safe}.{extension}"
    return safe


def content_disposition(name: str) -> str:
    """A ``Content-Disposition: attachment`` value for ``name`` (RFC 6266): an ASCII fallback
    for old clients and ``filename*`` in UTF-8 (RFC 5987) so a Korean headline survives."""
    encoded = quote(unicodedata.normalize("NFC", name), safe="")
    return f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{encoded}"
