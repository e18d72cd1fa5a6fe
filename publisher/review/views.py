"""What the review service returns: plain dataclasses the CLI prints and the web renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from publisher.review.revisions import DiffLine


@dataclass(frozen=True)
class SentenceView:
    position: int  # its place in the summary
    source_index: int  # the source sentence it renders
    source: str
    text: str
    state: str  # SentenceState
    origin: str  # SentenceOrigin


@dataclass(frozen=True)
class PublishedView:
    """What readers see of this language now (maybe of an older revision)."""

    revision_id: int
    revision: int
    state: str
    provenance: str
    headline: str
    sentences: list[str]
    revision_kind: str
    notice: str | None
    published_at: datetime


@dataclass(frozen=True)
class VersionView:
    dispatch_id: int
    language: str
    is_source: bool
    revision_id: int
    revision: int
    state: str
    lock_version: int
    reason: str | None
    updated_by: str | None
    updated_at: datetime
    headline: str
    headline_state: str
    headline_origin: str
    sentences: list[SentenceView]
    complete: bool  # a draft readers could be given (approval needs it)
    draft_status: str  # TranslationStatus of the draft, "original" for the source
    published: PublishedView | None
    # the source sentences since the revision last approved in this language
    source_diff: list[DiffLine] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["updated_at"] = self.updated_at.isoformat()
        if self.published is not None:
            data["published"]["published_at"] = self.published.published_at.isoformat()
        data["source_diff"] = [line.to_json() for line in self.source_diff]
        return data


@dataclass(frozen=True)
class SourceSentence:
    index: int
    paragraph: int
    text: str
    selected: bool


@dataclass(frozen=True)
class ReviewDetail:
    """One dispatch as an editor works on it: the source, its selection, every language."""

    dispatch_id: int
    revision_id: int
    revision: int
    revision_kind: str
    update_tag: str | None
    source_language: str
    agency: str | None
    headline: str
    sentences: list[SourceSentence]
    selection_method: str | None
    selection_origin: str | None
    versions: dict[str, VersionView]

    def to_json(self) -> dict[str, Any]:
        return {
            "dispatch_id": self.dispatch_id,
            "revision_id": self.revision_id,
            "revision": self.revision,
            "revision_kind": self.revision_kind,
            "update_tag": self.update_tag,
            "source_language": self.source_language,
            "agency": self.agency,
            "headline": self.headline,
            "sentences": [asdict(s) for s in self.sentences],
            "selection": {"method": self.selection_method, "origin": self.selection_origin},
            "versions": {lang: v.to_json() for lang, v in self.versions.items()},
        }


@dataclass(frozen=True)
class QueueEntry:
    dispatch_id: int
    language: str
    state: str
    revision: int
    agency: str | None
    headline: str
    lock_version: int
    waiting_since: datetime
    flags: int  # open quality flags (0 until a flag counter is given)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["waiting_since"] = self.waiting_since.isoformat()
        return data


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int
    by_state: dict[str, int]
    by_language: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "entries": [e.to_json() for e in self.entries],
            "total": self.total,
            "by_state": self.by_state,
            "by_language": self.by_language,
        }


@dataclass(frozen=True)
class ActionOutcome:
    """One language version moved by one action."""

    dispatch_id: int
    language: str
    action: str
    before: str
    after: str
    lock_version: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
