"""TranslatorItem: one dispatch in one target language as editors and translators work on it.

Plain data for the editor exports (XLIFF 2.1 and 1.2, bilingual CSV, TMX) and for matching a
translator's file back on import: no Flask and no database here. Unlike
:class:`~publisher.export.model.ExportItem` it holds drafts, each sentence with its state.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class SentenceState(StrEnum):
    """Per-sentence review state (the XLIFF 2 names, as the review workflow uses them)."""

    INITIAL = "initial"  # machine output nobody has touched
    NEEDS_EDITING = "needs_editing"  # stale: the source moved on since it was translated
    TRANSLATED = "translated"  # edited by a person, awaiting approval
    REVIEWED = "reviewed"  # approved by an editor
    FINAL = "final"  # what readers see


class Origin(StrEnum):
    """Where a target sentence came from."""

    MACHINE = "machine"
    MEMORY = "memory"  # the editors' memory of approved sentences
    EDITOR = "editor"


class Part(StrEnum):
    """The parts of a dispatch a translator gets, one XLIFF unit each."""

    HEADLINE = "headline"
    SUMMARY = "summary"
    FULL = "full"  # the full text, where a full-text translation exists


#: How far each state is along the way to readers; ``--state`` filters on it.
STATE_RANK = {
    SentenceState.NEEDS_EDITING: 0,
    SentenceState.INITIAL: 0,
    SentenceState.TRANSLATED: 1,
    SentenceState.REVIEWED: 2,
    SentenceState.FINAL: 3,
}


def source_hash(text: str) -> str:
    """The fingerprint of a source sentence: SHA-256 of its NFC form, hex."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Flag:
    """A quality flag on a target sentence; ``issue`` is an ITS 2.0 localization quality issue
    type (mistranslation, omission, untranslated, terminology, numbers, duplication, length...)."""

    issue: str
    comment: str
    severity: float | None = None  # 0-100 as ITS locQualityIssueSeverity


@dataclass(frozen=True)
class TranslatorSentence:
    index: int  # the source sentence's index in the revision (0 for the headline)
    source: str
    target: str | None  # None when nothing is translated yet
    state: SentenceState
    origin: Origin = Origin.MACHINE
    flags: tuple[Flag, ...] = field(default=())
    score: float | None = None  # the engine's confidence in 0..1, where it gives one

    @property
    def source_hash(self) -> str:
        return source_hash(self.source)


@dataclass(frozen=True)
class TranslatorPart:
    name: Part
    sentences: tuple[TranslatorSentence, ...]
    # what stands between two sentences in the source (kept as ``<ignorable>`` in XLIFF 2)
    separator: str = " "


@dataclass(frozen=True)
class TranslatorItem:
    dispatch_id: int
    revision_id: int
    source_language: str
    target_language: str
    source_headline: str
    parts: tuple[TranslatorPart, ...]
    updated: datetime  # when the draft last changed
    engine: str | None = None
    model_version: str | None = None
    agency: str | None = None

    def sentences(self) -> list[tuple[Part, TranslatorSentence]]:
        return [(part.name, s) for part in self.parts for s in part.sentences]
