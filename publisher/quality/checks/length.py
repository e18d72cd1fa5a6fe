"""Translations far shorter or longer than their source, and sentences split or merged."""

from __future__ import annotations

from publisher.quality.base import (
    Check,
    Context,
    Flag,
    IssueType,
    Pair,
    Severity,
    Version,
    VersionCheck,
)
from publisher.quality.knowledge import length_bounds
from publisher.text import split_sentences


class LengthCheck(Check):
    """The target's length against the source's, within the pair's bounds (lengths.toml)."""

    check_id = "length"
    name = "Unlikely length"
    issue_type = IssueType.LENGTH
    severity = Severity.WARNING

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        bounds = length_bounds(pair.source_language, pair.target_language)
        source, target = len(pair.source.strip()), len(pair.target.strip())
        if source < bounds.min_source_chars or not target:
            return []
        ratio = target / source
        if ratio < bounds.low:
            return [self.flag(pair, context, f"{ratio:.2f} of the source's length: cut short?")]
        if ratio > bounds.high:
            return [self.flag(pair, context, f"{ratio:.2f} times the source's length: added text?")]
        return []


class SentenceCountCheck(VersionCheck):
    """One source sentence translated as several (or several as one); a version whose sentences
    do not line up with the source's."""

    check_id = "sentence_count"
    name = "Sentence count differs"
    issue_type = IssueType.MISTRANSLATION
    severity = Severity.WARNING

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        source = len(split_sentences(pair.source, pair.source_language))
        target = len(split_sentences(pair.target, pair.target_language))
        if target and source != target:
            message = f"{target} sentences for {source} in the source"
            return [self.flag(pair, context, message)]
        return []

    def check_version(self, version: Version, context: Context) -> list[Flag]:
        source, target = len(version.source_sentences), len(version.target_sentences)
        if source == target:
            return []
        message = f"{target} translated sentences for {source} source sentences"
        return [self.flag(version.as_pair(), context, message, Severity.ERROR)]
