"""Bytes to text: refuse binary data, honour declared encodings, detect the rest."""

from __future__ import annotations

import codecs
import re
import tomllib
from functools import lru_cache
from importlib import resources

import charset_normalizer

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
    re.compile(rb"""^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""),
    re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""", re.IGNORECASE),
)
_SNIFF_BYTES = 4096
# Controls other than tab, newline, carriage return and form feed do not occur in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01


@lru_cache(maxsize=1)
def preferred_encodings() -> tuple[str, ...]:
    """Encodings that win ties in detection, most likely first (from data/charsets.toml)."""
    raw = resources.files("publisher.ingest").joinpath("data", "charsets.toml").read_text("utf-8")
    return tuple(tomllib.loads(raw)["preferred"])


def _declared_encoding(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    for pattern in _DECLARED:
        found = pattern.search(head)
        if found:
            name = found.group(1).decode("ascii")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _detect(data: bytes, source: str) -> str:
    results = list(charset_normalizer.from_bytes(data))
    if not results:
        raise MalformedItem("not text: no character encoding fits the bytes", source)
    best = results[0]
    ties = [r for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    order = preferred_encodings()
    ties.sort(key=lambda r: order.index(r.encoding) if r.encoding in order else len(order))
    return str(ties[0])


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` as text: BOM, then UTF-8, then a declared charset, then detection.

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
    if b"\x00" in data:
        raise MalformedItem("binary data (NUL bytes), not text", source)
    try:
        return _check_text(data.decode("utf-8"), source)
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(data)
    if declared and declared not in {"utf-8", "utf_8"}:
        try:
            return _check_text(data.decode(declared), source)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall back to detection
    return _check_text(_detect(data, source), source)


def _check_text(text: str, source: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > max(2, MAX_CONTROL_SHARE * len(text)):
        raise MalformedItem("binary data (control characters), not text", source)
    return text
