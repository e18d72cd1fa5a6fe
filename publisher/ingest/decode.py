"""Bytes to text: refuse binary data, honour declared encodings, detect only the rest.

The order, cheapest and surest first: a byte-order mark; the NUL pattern of UTF-16/32 text
without one; valid UTF-8 (which Latin text almost never is by accident); the encoding the
document declares; and only when none of these decodes cleanly, charset-normalizer, whose
guess among single-byte code pages is weak and is checked against Windows-1252.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

import charset_normalizer
from charset_normalizer.md import mess_ratio

from publisher.datafiles import load_toml
from publisher.errors import MalformedItem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declarations in XML prologs and HTML heads; only the first few kilobytes are looked at.
_DECLARED = (
    re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""),
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE),
)
_SNIFF_BYTES = 4096
# Controls other than tab, newline, carriage return and form feed do not occur in text; C1
# controls (U+0080-U+009F) neither: a single-byte decoding that yields them is the wrong one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C1 = re.compile(r"[\x80-\x9f]")
MAX_CONTROL_SHARE = 0.01
# Enough text to score a decoding by; the whole of a large feed costs time and tells no more.
_MESS_SAMPLE_CHARS = 32_768
# What a document starts with once decoded, for the BOM-less UTF-16/32 patterns to count:
# markup or JSON. Binary data often has NULs in the same places, never such a start.
_MARKUP_START = re.compile(r"\A\s*[<{\[]")
_STATED_WIDE = re.compile(r"""\A\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""")


@dataclass(frozen=True)
class CharsetRules:
    """What data/charsets.toml says: tie-break order and how near Windows-1252 must score."""

    preferred: tuple[str, ...]
    # How much more "chaos" (charset-normalizer's mess ratio) Windows-1252 may show than the
    # detector's best single-byte guess and still win (see data/charsets.toml).
    western_margin: float


@lru_cache(maxsize=1)
def charset_rules() -> CharsetRules:
    data = load_toml("publisher.ingest", "charsets.toml")
    return CharsetRules(tuple(data["preferred"]), float(data["western_margin"]))


def preferred_encodings() -> tuple[str, ...]:
    """Encodings that win ties in detection, most likely first (from data/charsets.toml)."""
    return charset_rules().preferred


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared_encoding(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    for pattern in _DECLARED:
        found = pattern.search(head)
        if found:
            name = _codec(found.group(1).decode("ascii"))
            # Browsers read both labels as Windows-1252 (WHATWG Encoding): so do feeds' authors.
            return "cp1252" if name in {"latin-1", "iso8859-1", "ascii"} else name
    return None


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, by where the NULs of its first ASCII characters fall."""
    if len(data) < 4:
        return None
    zeros = (data[0] == 0, data[1] == 0, data[2] == 0, data[3] == 0)
    return {
        (True, True, True, False): "utf-32-be",
        (False, True, True, True): "utf-32-le",
        (True, False, True, False): "utf-16-be",
        (False, True, False, True): "utf-16-le",
    }.get(zeros)


def _decode_wide(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if not _MARKUP_START.match(text) or _controls(text):
        return None
    stated = _STATED_WIDE.match(text)
    if stated and not stated.group(1).casefold().startswith(("utf-16", "utf-32", "ucs")):
        return None  # a wide document that says it is something else is not what it seems
    return text


def _clean(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly, or None when it fails or yields controls no text has."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if _controls(text) or _C1.search(text):
        return None
    return text


def _detect(data: bytes, source: str) -> str:
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise MalformedItem("not text: no character encoding fits the bytes", source)
    best = results[0]
    ties = [r for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    order = preferred_encodings()
    ties.sort(key=lambda r: order.index(r.encoding) if r.encoding in order else len(order))
    chosen = ties[0]
    if chosen.encoding not in order[:3]:
        western = _clean(data, "cp1252")
        # Among single-byte code pages the detector picks near at random (cp1257 or
        # mac_iceland for Portuguese): Windows-1252 decoding nearly as cleanly is likelier.
        if western is not None:
            scored = [r.chaos for r in results if r.encoding == "cp1252"]
            chaos = scored[0] if scored else mess_ratio(western[:_MESS_SAMPLE_CHARS])
            if chaos <= chosen.chaos + charset_rules().western_margin:
                return western
    return str(chosen)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` as text: BOM, BOM-less UTF-16/32, UTF-8, the declared charset, detection.

    Raises MalformedItem for empty input, binary data and bytes no encoding fits.
    """
    if not data.strip():
        raise MalformedItem("empty input: there is no text to read", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), source)
            except UnicodeDecodeError as error:
                raise MalformedItem(f"not valid {encoding} text: {error.reason}", source) from error
    wide = _wide_encoding(data)
    if wide is not None:
        text = _decode_wide(data, wide)
        if text is not None:
            return text
    if b"\x00" in data:
        raise MalformedItem("binary data (NUL bytes), not text", source)
    try:
        return _check_text(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared and declared != "utf-8":
        text = _clean(data, declared)
        if text is None and declared == "cp1252":
            text = _clean(data, "latin-1")  # the five bytes cp1252 leaves undefined
        if text is not None:
            return text
    return _check_text(_detect(data, source), source)


def _controls(text: str) -> bool:
    return len(_CONTROL.findall(text)) > max(2, MAX_CONTROL_SHARE * len(text))


def _check_text(text: str, source: str) -> str:
    if _controls(text):
        raise MalformedItem("binary data (control characters), not text", source)
    return text
