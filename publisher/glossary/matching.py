"""Where glossary terms occur in a text: whole words only, the longest match winning.

A term matches as a whole word: ``Lee`` matches in ``Lee's`` and ``"Lee"`` but not in
``Leeds``. Languages written without spaces (Han, Kana) have no word edges to check; a term
ending in Hangul may be followed by its particles (``이재명은``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from publisher.glossary.korean import is_hangul, particles_after
from publisher.glossary.model import Term, TermKind

# Kana and Han: no spaces between words, so no edge to check
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: Term


def _needs_edge(char: str) -> bool:
    return (char.isalnum() or char == "_") and not _UNSPACED.match(char)


@lru_cache(maxsize=8192)
def term_pattern(text: str, case_sensitive: bool) -> re.Pattern[str]:
    """A pattern for ``text`` as a whole word; any run of blanks matches a blank."""
    body = r"\s+".join(re.escape(word) for word in text.split())
    left = r"(?<![\w])" if _needs_edge(text[0]) else ""
    # Hangul may follow directly (a Korean particle after iPhone or 이재명): occurrences()
    # then reads the particles (korean.particles_after)
    right = r"(?![^\W\uac00-\ud7a3])" if _needs_edge(text[-1]) and not is_hangul(text[-1]) else ""
    return re.compile(left + body + right, 0 if case_sensitive else re.IGNORECASE)


def occurrences(text: str, phrase: str, case_sensitive: bool = True) -> list[tuple[int, int]]:
    """Spans of ``phrase`` in ``text`` as a whole word."""
    if not phrase:
        return []
    spans = [match.span() for match in term_pattern(phrase, case_sensitive).finditer(text)]
    if _UNSPACED.match(phrase[-1]):
        return spans
    # a word followed by Hangul ends where its particles do: 이재명은, 이재명으로서 and
    # iPhone이 hold the term, 서울시 does not hold 서울
    return [
        (start, end)
        for start, end in spans
        if end >= len(text)
        or not is_hangul(text[end])
        or (after := particles_after(text, end)) >= len(text)
        or not is_hangul(text[after])
    ]


def _candidates(text: str, terms: Iterable[Term]) -> list[Match]:
    folded = text.casefold()
    return [
        Match(start, end, term)
        for term in terms
        # a substring test first: most terms of a long glossary are not in a given sentence,
        # and it is far cheaper than running (and compiling) their patterns
        if term.key in folded
        for start, end in occurrences(text, term.source, term.case_sensitive)
    ]


def _longest(candidates: list[Match]) -> list[Match]:
    ordered = sorted(candidates, key=lambda m: (-(m.end - m.start), m.start))
    chosen: list[Match] = []
    for candidate in ordered:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda m: m.start)


def find_terms(text: str, terms: Iterable[Term], *, protected_only: bool = False) -> list[Match]:
    """Non-overlapping matches of the terms' source side in ``text``, in text order.

    Where matches overlap the longest wins (``UN Third Committee`` over ``UN``); of equal
    length, the first in the text. ``protected_only`` leaves out forbidden renderings, which
    are checked afterwards, never applied.
    """
    candidates = _candidates(text, terms)
    if protected_only:
        candidates = [m for m in candidates if m.term.kind is not TermKind.FORBIDDEN]
    return _longest(candidates)


def contains(text: str, phrase: str, case_sensitive: bool = True) -> bool:
    return bool(occurrences(text, phrase, case_sensitive))


def terms_in(text: str, terms: Sequence[Term]) -> list[Term]:
    """The terms whose source occurs in ``text`` where no longer term covers it; terms with
    the same source (a forced and a forbidden rendering of one word) are all kept."""
    candidates = _candidates(text, terms)
    spans = {(match.start, match.end) for match in _longest(candidates)}
    # by identity: hashing every term of a long glossary per sentence costs more than matching
    found = {id(match.term) for match in candidates if (match.start, match.end) in spans}
    return [term for term in terms if id(term) in found] if found else []
