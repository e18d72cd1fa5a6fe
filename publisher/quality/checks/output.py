"""Engine failures visible in the output alone: nothing, the source itself, or a loop."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence

from publisher.quality.base import Check, Context, Flag, IssueType, Pair, Severity
from publisher.quality.knowledge import load, number, script_of

_WORD = re.compile(r"\w+", re.UNICODE)


def letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


def _folded(text: str) -> str:
    """Letters and digits only, case-folded: ``Hello, world!`` equals ``hello world``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if char.isalnum())


class EmptyCheck(Check):
    """The engine answered nothing (or only punctuation) for a source with words."""

    check_id = "empty"
    name = "Empty translation"
    issue_type = IssueType.OMISSION
    severity = Severity.ERROR
    supersedes = frozenset(
        {"identical", "repetition", "script", "numbers", "length", "sentence_count", "terminology"}
    )

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        if letters(pair.source) and not _folded(pair.target):
            return [self.flag(pair, context, "the translation is empty")]
        return []


class IdenticalCheck(Check):
    """The output is the source, copied through untranslated."""

    check_id = "identical"
    name = "Same as the source"
    issue_type = IssueType.UNTRANSLATED
    severity = Severity.ERROR
    supersedes = frozenset({"script", "length", "sentence_count"})

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        minimum = number(load("checks.toml")["identical"], "min_letters", "checks.toml")
        same = _folded(pair.source) == _folded(pair.target)
        if same and letters(pair.source) >= minimum and _has_common_word(pair.source):
            return [self.flag(pair, context, "the translation is the source, untranslated")]
        return []


def _has_common_word(text: str) -> bool:
    """Whether ``text`` has a word that is not a name: a name alone (``BTS``) may stay as is."""
    for word in _WORD.findall(text):
        if word.isalpha() and (not word[0].isupper() or script_of(word[0]) != "LATIN"):
            return True
    return False


_UNIT = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.UNICODE)
_UNSPACED = frozenset({"CJK", "HIRAGANA", "KATAKANA"})


def units(text: str) -> list[str]:
    """Numbers, words of spaced scripts and single characters of unspaced ones, folded."""
    found: list[str] = []
    for token in _UNIT.findall(unicodedata.normalize("NFKC", text).casefold()):
        word = ""
        for char in token:
            if script_of(char) in _UNSPACED:
                found.extend([word, char] if word else [char])
                word = ""
            else:
                word += char
        if word:
            found.append(word)
    return found


def longest_run(tokens: Sequence[str], longest_unit: int) -> tuple[int, str]:
    """The most times any unit of 1..longest_unit tokens repeats back to back, and that unit.

    Linear in the tokens for each unit size: a run once counted is skipped, not recounted
    from each of its positions (a 20,000-character loop would otherwise take minutes).
    """
    best, unit = 1, ""
    for size in range(1, longest_unit + 1):
        start = 0
        while start + size < len(tokens):
            chunk = tokens[start : start + size]
            repeats = 1
            position = start + size
            while tokens[position : position + size] == chunk:
                repeats += 1
                position += size
            if repeats > best:
                best, unit = repeats, " ".join(chunk)
            start += (repeats - 1) * size if repeats > 1 else 1
    return best, unit


def compression_ratio(text: str) -> float:
    raw = text.encode("utf-8")
    return len(raw) / len(zlib.compress(raw)) if raw else 0.0


class RepetitionCheck(Check):
    """A decoding loop: a word or phrase repeated many times, which the source does not do."""

    check_id = "repetition"
    name = "Repeated words"
    issue_type = IssueType.DUPLICATION
    severity = Severity.ERROR
    supersedes = frozenset({"length", "sentence_count"})

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        settings = load("checks.toml")["repetition"]
        min_repeats = number(settings, "min_repeats", "checks.toml [repetition]")
        longest = int(number(settings, "longest_unit", "checks.toml [repetition]"))
        repeats, unit = longest_run(units(pair.target), longest)
        # the source is measured only when the translation repeats enough to matter
        if repeats >= min_repeats and repeats > longest_run(units(pair.source), longest)[0]:
            message = f"{unit!r} repeated {repeats} times in a row"
            return [self.flag(pair, context, message)]
        ratio = compression_ratio(pair.target)
        limit = number(settings, "compression_ratio", "checks.toml [repetition]")
        long_enough = len(pair.target) >= number(settings, "min_chars", "checks.toml [repetition]")
        if long_enough and ratio > limit and ratio > compression_ratio(pair.source) * 1.5:
            return [self.flag(pair, context, f"the text repeats itself (compresses {ratio:.1f}×)")]
        return []
