"""How a source sentence is normalized and hashed, so the router and the memory agree on identity."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Return ``text`` in NFC with runs of whitespace (newlines included) folded to one space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def sentence_hash(text: str) -> str:
    """SHA-256 hex digest of the normalized text."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()
