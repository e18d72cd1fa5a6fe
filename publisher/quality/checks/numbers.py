"""Numbers of the source missing or changed in the translation, and numbers it made up."""

from __future__ import annotations

from functools import lru_cache

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity
from publisher.quality.numbers import Number, extract_numbers, unmatched

# source texts up to this long are remembered (4,096 of them at most: a few MB)
_CACHED_SOURCE_CHARS = 1000


def _source_numbers(text: str, language: str) -> tuple[Number, ...]:
    """The numbers of a source text, read once for all the languages it is checked in."""
    if len(text) > _CACHED_SOURCE_CHARS:
        return tuple(extract_numbers(text, language))
    return _cached_source_numbers(text, language)


@lru_cache(maxsize=4096)
def _cached_source_numbers(text: str, language: str) -> tuple[Number, ...]:
    return tuple(extract_numbers(text, language))


class NumbersCheck(Check):
    """Compares the values of the numbers on both sides, whatever their notation (see numbers)."""

    check_id = "numbers"
    name = "Numbers differ"
    issue_type = IssueType.NUMBERS
    severity = Severity.ERROR

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        missing, extra = unmatched(
            _source_numbers(pair.source, pair.source_language),
            extract_numbers(pair.target, pair.target_language),
        )
        if not missing and not extra:
            return []
        parts = []
        if missing:
            parts.append("not in the translation: " + ", ".join(n.text for n in missing))
        if extra:
            parts.append("not in the source: " + ", ".join(n.text for n in extra))
        return [self.flag(pair, context, "; ".join(parts))]
