"""Take a translator's work back: match an XLIFF file to the drafts and apply its edits.

:func:`plan` checks every segment against what is stored now and says, per segment, what
would change and what is refused (source changed since export, unknown or duplicate ids,
re-segmented units, a wrong target language). :func:`apply_edits` is the one place edits are
written: each becomes an edit awaiting approval in the draft, never a publication.
"""

from __future__ import annotations

import logging
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Dispatch, Revision, Translation
from publisher.export.translator import Part, source_hash
from publisher.export.xliff_read import FileSegment
from publisher.publication import VersionState

if TYPE_CHECKING:
    from publisher.core import Desk

audit = logging.getLogger("publisher.audit")


@dataclass(frozen=True)
class Edit:
    """A translator's new text for one target sentence, and what it replaces."""

    where: str
    dispatch_id: int
    revision_id: int
    language: str
    part: Part
    index: int
    source_sha256: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Refusal:
    where: str
    reason: str


@dataclass
class ImportPlan:
    edits: list[Edit] = field(default_factory=list)
    unchanged: int = 0
    untranslated: int = 0
    refused: list[Refusal] = field(default_factory=list)


def _load(session: Session, dispatch_id: int) -> Revision | None:
    return session.scalars(
        select(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(Dispatch.id == dispatch_id)
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.translations),
        )
    ).first()


def _draft(revision: Revision, language: str, part: Part) -> Translation | None:
    full = part is Part.FULL
    return next(
        (t for t in revision.translations if t.language == language and t.full_text is full),
        None,
    )


def current_text(
    revision: Revision, language: str, part: Part, index: int
) -> tuple[str | None, str | None, str]:
    """(source, target, why not) of one sentence of the current drafts; source None when the
    sentence is not in that part any more."""
    if part is Part.HEADLINE:
        draft = _draft(revision, language, part)
        if index != 0:
            return None, None, "a headline has one segment, s0"
        return revision.headline, draft.headline if draft is not None else None, ""
    draft = _draft(revision, language, part)
    if draft is None:
        return None, None, f"no {part.value} draft in {language}"
    indexes = [int(i) for i in draft.source_indexes or []]
    if index not in indexes:
        return None, None, f"sentence {index} is no longer in the {part.value}"
    sources = {s.index: s.text for s in revision.sentences}
    targets = list(draft.sentences or [])
    position = indexes.index(index)
    target = str(targets[position]) if position < len(targets) else None
    return sources.get(index), target, ""


def _refusal(segment: FileSegment, revision: Revision | None) -> str | None:
    if segment.refusal is not None:
        return segment.refusal
    if segment.dispatch_id is None or revision is None:
        return f"unknown dispatch {segment.dispatch_id}"
    if segment.part is None or segment.index is None:
        return "unknown segment"
    if segment.source_language != revision.language:
        return (
            f"source language {segment.source_language} is not the dispatch's {revision.language}"
        )
    if segment.target_language == revision.language:
        return f"target language {segment.target_language} is the source language"
    if not any(t.language == segment.target_language for t in revision.translations):
        return f"no draft in target language {segment.target_language}"
    if not segment.exported_hash:
        return "no source hash: not a file exported by publisher"
    return None


def plan(session: Session, segments: Sequence[FileSegment]) -> ImportPlan:
    """What importing ``segments`` would do now; reads, never writes."""
    result = ImportPlan()
    keys = Counter(
        (s.dispatch_id, s.target_language, s.part, s.index) for s in segments if s.refusal is None
    )
    revisions: dict[int, Revision | None] = {}
    for segment in segments:
        if segment.dispatch_id is not None and segment.dispatch_id not in revisions:
            revisions[segment.dispatch_id] = _load(session, segment.dispatch_id)
        revision = revisions.get(segment.dispatch_id) if segment.dispatch_id is not None else None
        reason = _refusal(segment, revision)
        key = (segment.dispatch_id, segment.target_language, segment.part, segment.index)
        if reason is None and keys[key] > 1:
            reason = "duplicate: the same sentence appears more than once"
        if reason is None:
            assert revision is not None and segment.part is not None and segment.index is not None
            source, before, why = current_text(
                revision, segment.target_language, segment.part, segment.index
            )
            if source is None:
                reason = why
            elif source_hash(source) != segment.exported_hash:
                reason = "source changed since export"
            elif unicodedata.normalize("NFC", segment.source) != unicodedata.normalize(
                "NFC", source
            ):
                reason = "source text was edited in the file"
        if reason is not None:
            result.refused.append(Refusal(segment.where, reason))
            continue
        assert revision is not None and segment.part is not None and segment.index is not None
        if segment.target is None:
            result.untranslated += 1
        elif segment.target == before:
            result.unchanged += 1
        else:
            result.edits.append(
                Edit(
                    segment.where,
                    revision.dispatch_id,
                    revision.id,
                    segment.target_language,
                    segment.part,
                    segment.index,
                    segment.exported_hash or "",
                    before,
                    segment.target,
                )
            )
    return result


def _write(session: Session, edit: Edit) -> str | None:
    """Write one edit into its draft; the reason when it no longer applies."""
    revision = _load(session, edit.dispatch_id)
    if revision is None or revision.id != edit.revision_id:
        return "the dispatch has a new revision since the check"
    source, before, why = current_text(revision, edit.language, edit.part, edit.index)
    if source is None:
        return why
    if source_hash(source) != edit.source_sha256:
        return "source changed since export"
    if before != edit.before:
        return "the draft changed since the check"
    draft = _draft(revision, edit.language, edit.part)
    assert draft is not None
    if edit.part is Part.HEADLINE:
        draft.headline = edit.after
    else:
        sentences = list(draft.sentences or [])
        position = [int(i) for i in draft.source_indexes or []].index(edit.index)
        sentences[position] = edit.after
        draft.sentences = sentences  # a new list: SQLAlchemy sees the JSON change
    # awaiting approval: readers keep the publication they have until an editor approves
    draft.review_state = VersionState.IN_REVIEW.value
    return None


def apply_edits(desk: Desk, edits: Sequence[Edit], actor: str) -> list[Refusal]:
    """Write each edit as an edit awaiting approval, in one transaction; publications are not
    touched. Returns the edits refused because the draft moved on since they were planned.

    The review workflow's edit function should replace the body of this one: it is the only
    place imported edits are written.
    """
    refused: list[Refusal] = []
    with desk.store.session() as session:
        for edit in edits:
            reason = _write(session, edit)
            if reason is not None:
                refused.append(Refusal(edit.where, reason))
                continue
            audit.info(
                "import edit by %s: dispatch %s %s %s/s%s: %r -> %r",
                actor,
                edit.dispatch_id,
                edit.language,
                edit.part.value,
                edit.index,
                edit.before,
                edit.after,
            )
    return refused
