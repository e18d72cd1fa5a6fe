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
from publisher.review.drafts import collapse_spaces

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
        target = segment.target
        if target is not None and segment.part is not Part.FULL:
            target = collapse_spaces(target)  # as the workflow's edit stores it
        if target is None:
            result.untranslated += 1
        elif target == before:
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
                    target,
                )
            )
    return result


def _still_applies(session: Session, edit: Edit) -> str | None:
    """Why ``edit`` no longer fits the drafts (checked again right before writing), or None."""
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
    return None


def _position(session: Session, edit: Edit) -> int:
    revision = _load(session, edit.dispatch_id)
    assert revision is not None
    draft = _draft(revision, edit.language, edit.part)
    assert draft is not None
    return [int(i) for i in draft.source_indexes or []].index(edit.index)


def _write_full_text(session: Session, edit: Edit, actor: str) -> None:
    """The full text is outside the review workflow's drafts: edited here, with an audit
    entry like the workflow's own edits."""
    from publisher.review import audit as review_audit

    revision = _load(session, edit.dispatch_id)
    assert revision is not None
    draft = _draft(revision, edit.language, edit.part)
    assert draft is not None
    sentences = list(draft.sentences or [])
    sentences[_position(session, edit)] = edit.after
    draft.sentences = sentences  # a new list: SQLAlchemy sees the JSON change
    review_audit.record(
        session,
        actor,
        edit.dispatch_id,
        "edit",
        language=edit.language,
        revision_id=edit.revision_id,
        before=edit.before,
        after=edit.after,
        field=f"full:{edit.index}",
    )


def apply_edits(desk: Desk, edits: Sequence[Edit], actor: str) -> list[Refusal]:
    """Write each edit as an edit awaiting approval; publications are not touched. Returns
    the edits refused because the draft moved on since they were planned, or the workflow
    refused them (a killed version, a conflicting save).

    Headlines and summaries go through the review workflow's edit (``ReviewService.edit``:
    optimistic locking, sentence state ``translated``, origin ``editor``, audit entry, a
    reopened approval), one language version per transaction; the full text, which the
    workflow does not hold, is written here.
    """
    from publisher.errors import PublisherError
    from publisher.review import wire

    refused: list[Refusal] = []
    groups: dict[tuple[int, str], list[Edit]] = {}
    for edit in edits:
        if edit.part is Part.FULL:
            with desk.store.session() as session:
                reason = _still_applies(session, edit)
                if reason is None:
                    _write_full_text(session, edit, actor)
            if reason is not None:
                refused.append(Refusal(edit.where, reason))
            continue
        groups.setdefault((edit.dispatch_id, edit.language), []).append(edit)
    for (dispatch_id, language), group in groups.items():
        headline: str | None = None
        sentences: dict[int, str] = {}
        ready: list[Edit] = []
        with desk.store.session() as session:
            for edit in group:
                reason = _still_applies(session, edit)
                if reason is not None:
                    refused.append(Refusal(edit.where, reason))
                    continue
                ready.append(edit)
                if edit.part is Part.HEADLINE:
                    headline = edit.after
                else:
                    sentences[_position(session, edit)] = edit.after
            wire.sync(session, dispatch_id)  # versions of dispatches stored before the workflow
            version = wire.versions_of(session, dispatch_id).get(language)
            lock = version.lock_version if version is not None else 0
        if not ready:
            continue
        try:
            desk.review.edit(
                dispatch_id,
                language,
                actor,
                expected_version=lock,
                headline=headline,
                sentences=sentences,
            )
        except PublisherError as error:
            refused.extend(Refusal(edit.where, str(error)) for edit in ready)
            continue
        for edit in ready:
            audit.info("import edit by %s: %s (%s)", actor, edit.where, edit.language)
    return refused
