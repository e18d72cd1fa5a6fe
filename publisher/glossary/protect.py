"""Glossary terms kept away from the engine: replaced by placeholders before it runs, and by
their rendering after.

A do-not-translate term comes back exactly as the source wrote it; a forced term as its
rendering. Engines keep a token such as ``ZXQ1`` (an unknown word to them), but some drop,
duplicate or alter it: :func:`restore` then answers None and the caller translates the
sentence without protection and says so (publisher.glossary.translating).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from publisher.glossary.korean import fix_particle
from publisher.glossary.matching import find_terms
from publisher.glossary.model import Term, TermKind

# Tried in turn: the first that does not already occur in the text is used, so a source that
# happens to hold one cannot be confused with a placeholder.
PREFIXES = ("ZXQ", "QXZ", "XQZ", "ZQX", "QZX")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])(?![\w])")


@lru_cache(maxsize=1)
def possessive_suffixes() -> dict[str, str]:
    raw = resources.files("publisher.glossary").joinpath("data/possessives.toml")
    return {
        str(lang): str(suffix) for lang, suffix in tomllib.loads(raw.read_text("utf-8")).items()
    }


@dataclass(frozen=True)
class Slot:
    number: int
    replacement: str
    term: Term


@dataclass(frozen=True)
class Protected:
    """A text with its glossary terms replaced by ``{prefix}{number}`` tokens."""

    original: str
    text: str
    prefix: str
    slots: tuple[Slot, ...]

    @property
    def changed(self) -> bool:
        return bool(self.slots)


def _prefix(text: str) -> str:
    upper = text.upper()
    for prefix in PREFIXES:
        if prefix not in upper:
            return prefix
    return ""


def protect(text: str, terms: Sequence[Term], target_language: str) -> Protected:
    """Replace the do-not-translate and forced terms of ``text`` by numbered placeholders."""
    matches = find_terms(text, terms, protected_only=True)
    prefix = _prefix(text) if matches else ""
    if not prefix:
        return Protected(text, text, "", ())
    suffix = possessive_suffixes().get(target_language) or possessive_suffixes().get(
        target_language.split("-")[0], ""
    )
    pieces: list[str] = []
    slots: list[Slot] = []
    position = 0
    for number, match in enumerate(matches, start=1):
        surface = text[match.start : match.end]
        replacement = surface if match.term.kind is TermKind.DNT else match.term.target
        end = match.end
        possessive = _POSSESSIVE.match(text, end) if suffix else None
        if possessive is not None:
            # the engine would translate ZXQ1's badly or drop the 's: the target's own
            # possessive goes with the rendering instead
            replacement += suffix
            end = possessive.end()
        pieces += [text[position : match.start], f"{prefix}{number}"]
        slots.append(Slot(number, replacement, match.term))
        position = end
    pieces.append(text[position:])
    return Protected(text, "".join(pieces), prefix, tuple(slots))


def _token_pattern(prefix: str) -> re.Pattern[str]:
    # engines may lower-case a token or put a blank inside it; the token may be glued to
    # what follows (ZXQ1는), so only digits end it
    return re.compile(rf"(?<![A-Za-z0-9]){prefix}\s?(\d+)(?!\d)", re.IGNORECASE)


def restore(translated: str, protected: Protected, target_language: str) -> str | None:
    """The engine's output with each placeholder replaced by its rendering, or None when the
    placeholders did not come back exactly once each (the engine mangled them).

    In Korean the particle after a rendering is re-chosen for it (이재명은, not 이재명는).
    """
    if not protected.slots:
        return translated
    found = list(_token_pattern(protected.prefix).finditer(translated))
    numbers = sorted(int(match.group(1)) for match in found)
    if numbers != [slot.number for slot in protected.slots]:
        return None
    by_number = {slot.number: slot for slot in protected.slots}
    korean = target_language.split("-")[0] == "ko"
    text = translated
    for match in reversed(found):
        replacement = by_number[int(match.group(1))].replacement
        text = text[: match.start()] + replacement + text[match.end() :]
        if korean:
            text = fix_particle(replacement, text, match.start() + len(replacement))
    return text
