"""What a quality check is, what it reads and what it answers. No database and no Flask here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar


class IssueType(StrEnum):
    """The ITS 2.0 localization quality issue types our checks report."""

    MISTRANSLATION = "mistranslation"
    OMISSION = "omission"
    UNTRANSLATED = "untranslated"
    TERMINOLOGY = "terminology"
    NUMBERS = "numbers"
    DUPLICATION = "duplication"
    LENGTH = "length"


class Severity(StrEnum):
    """``error``: the sentence is almost surely wrong; ``warning``: an editor should look."""

    ERROR = "error"
    WARNING = "warning"


class Segment(StrEnum):
    """Where a flag sits: the headline, one summary sentence, or the language version as a whole."""

    HEADLINE = "headline"
    SENTENCE = "sentence"
    VERSION = "version"


# (source, target) -> problems found, one message each; the glossary provides one.
TermChecker = Callable[[str, str], Sequence[str]]


@dataclass(frozen=True)
class Pair:
    """One source text and its translation (a headline or a sentence)."""

    source: str
    target: str
    source_language: str  # publisher's BCP 47 tags (publisher.languages.Language)
    target_language: str
    segment: Segment = Segment.SENTENCE
    index: int | None = None  # the source sentence's index; None for the headline
    # the engine's score of this output (mean log-probability per token), when it gives one
    score: float | None = None
    # a known model failure the engine itself reported and could not cure (a loop, output cut
    # at the decoding limit: publisher.translate.degenerate), when it reported one
    engine_problem: str | None = None


@dataclass(frozen=True)
class Context:
    """What checks may need beyond the pair itself."""

    term_checker: TermChecker | None = None
    # changes whenever the glossary does, so a dismissed terminology flag comes back
    glossary_version: str = ""


@dataclass(frozen=True)
class Flag:
    """One problem a check found in one pair."""

    check_id: str
    issue_type: IssueType
    severity: Severity
    message: str
    pair: Pair
    fingerprint: str = field(default="")

    def __post_init__(self) -> None:
        if not self.fingerprint:
            object.__setattr__(self, "fingerprint", fingerprint(self.check_id, self.pair))


def fingerprint(check_id: str, pair: Pair, glossary_version: str = "", detail: str = "") -> str:
    """A digest of what a dismissal of this flag was about: check, languages, texts, glossary
    (and the problem, when one check finds several in one pair).

    Any change to the source, the target or the glossary gives another digest, so a dismissal
    stops applying and the flag is open again.
    """
    parts = (
        check_id,
        pair.source_language,
        pair.target_language,
        pair.segment.value,
        pair.source,
        pair.target,
        glossary_version,
        detail,
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class Check:
    """A check of one pair. Subclasses set the class attributes and implement ``check``."""

    check_id: ClassVar[str]
    name: ClassVar[str]
    issue_type: ClassVar[IssueType]
    severity: ClassVar[Severity] = Severity.WARNING
    # checks whose flags on the same pair say nothing more once this one fails (an empty
    # output has no numbers and no length worth reporting)
    supersedes: ClassVar[frozenset[str]] = frozenset()

    def check(self, pair: Pair, context: Context) -> list[Flag]:
        raise NotImplementedError

    def flag(
        self, pair: Pair, context: Context, message: str, severity: Severity | None = None
    ) -> Flag:
        """A flag of this check on ``pair``, fingerprinted with the context's glossary version."""
        return Flag(
            self.check_id,
            self.issue_type,
            severity or self.severity,
            message,
            pair,
            fingerprint(self.check_id, pair, context.glossary_version, message),
        )


@dataclass(frozen=True)
class Version:
    """A whole language version: the source sentences it translates and its own sentences."""

    source_sentences: Sequence[str]
    target_sentences: Sequence[str]
    source_language: str
    target_language: str

    def as_pair(self) -> Pair:
        return Pair(
            " ".join(self.source_sentences),
            " ".join(self.target_sentences),
            self.source_language,
            self.target_language,
            Segment.VERSION,
        )


class VersionCheck(Check):
    """A check of a whole language version rather than of one pair."""

    def check(self, pair: Pair, context: Context) -> list[Flag]:  # noqa: ARG002
        return []  # a version check looks at versions only

    def check_version(self, version: Version, context: Context) -> list[Flag]:
        raise NotImplementedError
