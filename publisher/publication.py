"""What readers may see: the one publication rule, and the states it is written in.

Machine output and editors' work live in drafts (a revision's summary and its ``translations``
rows). Readers never read drafts: every reader surface (pages, search, feeds, the API, reader
exports) reads ``publications``, one immutable snapshot per dispatch and language, made here
and only here. Re-summarizing or re-translating therefore changes a draft and never what is
published; publishing a draft replaces the snapshot in one step.

No Flask here: callers pass a SQLAlchemy session.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher.db import Publication, Revision, utcnow


class PublishPolicy(StrEnum):
    """How drafts become publications.

    ``review``: only an editor's approval publishes. ``auto``: complete machine output is
    published at once, marked as unreviewed, and never replaces a version an editor approved
    for the same revision.
    """

    REVIEW = "review"
    AUTO = "auto"


class VersionState(StrEnum):
    """The state of one language version (per dispatch and language), named as Superdesk does.

    ``draft`` (machine output) → ``in_review`` → ``approved`` → ``published``; also
    ``rejected`` (recoverable), ``killed`` (taken down with a notice) and ``unpublished``
    (taken down quietly). Readers see a version only while it is ``published``.
    """

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    PUBLISHED = "published"
    REJECTED = "rejected"
    KILLED = "killed"
    UNPUBLISHED = "unpublished"


class TranslationStatus(StrEnum):
    """Whether a translation draft has text: the machine's progress, not an editor's verdict."""

    PENDING = "pending"  # no engine for the pair yet; the next run tries again
    DONE = "done"
    FAILED = "failed"
    STALE = "stale"  # its source (the summary) changed since; text kept until translated again


class Provenance(StrEnum):
    """Where a published version's text came from."""

    ORIGINAL = "original"  # the agency's own headline and summary sentences
    MACHINE = "machine"  # unreviewed machine translation (publish policy ``auto``)
    REVIEWED = "reviewed"  # approved by an editor


#: The condition every reader query uses; nothing else decides what readers see.
READABLE = Publication.state == VersionState.PUBLISHED.value


@dataclass(frozen=True)
class PublishOutcome:
    dispatch_id: int
    language: str
    published: bool
    reason: str = ""


_NO_FULL_TEXT: dict[str, Any] = {
    "full_sentences": None,
    "full_source_indexes": None,
    "full_engine": None,
}


def _summary_texts(revision: Revision) -> tuple[list[int], list[str]]:
    by_index = {s.index: s.text for s in revision.sentences}
    indexes = list(revision.summary.sentence_indexes) if revision.summary else []
    return indexes, [by_index[i] for i in indexes if i in by_index]


def snapshot(revision: Revision, language: str) -> dict[str, Any] | None:
    """The text a publication of ``revision`` in ``language`` would carry, or None when the
    revision has nothing complete in that language (no summary, no finished translation)."""
    indexes, originals = _summary_texts(revision)
    if revision.summary is None:
        return None
    base: dict[str, Any] = {
        "source_headline": revision.headline,
        "source_sentences": originals,
        "source_indexes": indexes,
    }
    if language == revision.language:
        return {
            **base,
            # an editor's headline, when they wrote one (publisher.review)
            "headline": revision.summary.headline or revision.headline,
            "sentences": originals,
            "dateline": revision.dateline,
            "engine": None,
            "model_version": None,
            **_NO_FULL_TEXT,
        }
    translation = next(
        (
            t
            for t in revision.translations
            if t.language == language and not t.full_text and t.status == TranslationStatus.DONE
        ),
        None,
    )
    if translation is None or list(translation.source_indexes or []) != indexes:
        return None
    return {
        **base,
        "headline": translation.headline or "",
        "sentences": list(translation.sentences or []),
        "dateline": translation.dateline or revision.dateline,
        "engine": translation.engine,
        "model_version": translation.model_version,
        **full_text_snapshot(revision, language),
    }


def full_text_snapshot(revision: Revision, language: str) -> dict[str, Any]:
    """The full-text columns a publication of ``revision`` in ``language`` carries: a finished
    full-text translation of every sentence of this very revision, else none."""
    if language == revision.language:
        return dict(_NO_FULL_TEXT)
    every = [s.index for s in revision.sentences]
    translation = next(
        (
            t
            for t in revision.translations
            if t.language == language and t.full_text and t.status == TranslationStatus.DONE
        ),
        None,
    )
    if translation is None or list(translation.source_indexes or []) != every:
        return dict(_NO_FULL_TEXT)
    return {
        "full_sentences": list(translation.sentences or []),
        "full_source_indexes": every,
        "full_engine": translation.engine,
    }


def _load_revision(session: Session, revision_id: int) -> Revision | None:
    return session.scalars(
        select(Revision)
        .where(Revision.id == revision_id)
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
        )
    ).first()


def publish(
    session: Session, revision_id: int, language: str, *, provenance: Provenance | None = None
) -> PublishOutcome:
    """Publish the revision's current draft in ``language`` as its readers' version.

    ``provenance`` defaults to ``original`` for the revision's own language and ``reviewed``
    otherwise. Replaces the dispatch's publication in that language in one step.
    """
    revision = _load_revision(session, revision_id)
    if revision is None:
        return PublishOutcome(0, language, False, f"no revision {revision_id}")
    text = snapshot(revision, language)
    if text is None:
        return PublishOutcome(revision.dispatch_id, language, False, "nothing complete to publish")
    if provenance is None:
        is_original = language == revision.language
        provenance = Provenance.ORIGINAL if is_original else Provenance.REVIEWED
    row = session.scalars(
        select(Publication).where(
            Publication.dispatch_id == revision.dispatch_id, Publication.language == language
        )
    ).first()
    now = utcnow()
    if row is None:
        row = Publication(
            dispatch_id=revision.dispatch_id, language=language, first_published_at=now
        )
        session.add(row)
    row.revision_id = revision.id
    row.state = VersionState.PUBLISHED.value
    row.provenance = provenance.value
    row.published_at = now
    for name, value in text.items():
        setattr(row, name, value)
    # what an editor publishes, the full text included, is theirs; the machine's otherwise
    row.full_provenance = (
        (Provenance.MACHINE if provenance is Provenance.MACHINE else Provenance.REVIEWED).value
        if row.full_sentences is not None
        else None
    )
    return PublishOutcome(revision.dispatch_id, language, True)


def publish_full_text(session: Session, revision_id: int, language: str) -> PublishOutcome:
    """Under ``auto``: add a finished full-text machine translation to the version readers
    already have of this very revision in ``language``; the published summary stays as it is.

    Nothing happens when that version is not published, comes from another revision, or
    already carries a full text an editor published.
    """
    revision = _load_revision(session, revision_id)
    if revision is None:
        return PublishOutcome(0, language, False, f"no revision {revision_id}")
    row = session.scalars(
        select(Publication).where(
            Publication.dispatch_id == revision.dispatch_id, Publication.language == language
        )
    ).first()
    if row is None or row.state != VersionState.PUBLISHED.value or row.revision_id != revision_id:
        return PublishOutcome(revision.dispatch_id, language, False, "no version of this revision")
    if row.full_provenance == Provenance.REVIEWED.value:
        return PublishOutcome(revision.dispatch_id, language, False, "an editor's full text")
    full = full_text_snapshot(revision, language)
    if full["full_sentences"] is None:
        return PublishOutcome(revision.dispatch_id, language, False, "no complete full text")
    for name, value in full.items():
        setattr(row, name, value)
    row.full_provenance = Provenance.MACHINE.value
    row.published_at = utcnow()
    return PublishOutcome(revision.dispatch_id, language, True)


def auto_publish(session: Session, revision_id: int, language: str) -> PublishOutcome:
    """Publish fresh machine output under the ``auto`` policy, unless that would replace a
    version an editor approved for the same revision, or one an editor took down."""
    revision = session.get(Revision, revision_id)
    if revision is None:
        return PublishOutcome(0, language, False, f"no revision {revision_id}")
    current = session.scalars(
        select(Publication).where(
            Publication.dispatch_id == revision.dispatch_id, Publication.language == language
        )
    ).first()
    if current is not None:
        if current.state in (VersionState.KILLED.value, VersionState.UNPUBLISHED.value):
            return PublishOutcome(revision.dispatch_id, language, False, "taken down by an editor")
        if current.provenance == Provenance.REVIEWED.value and current.revision_id == revision_id:
            return PublishOutcome(revision.dispatch_id, language, False, "an editor's version")
        if (
            current.revision_id is not None
            and current.revision_id != revision_id
            and _revision_number(session, current.revision_id) > revision.number
        ):
            return PublishOutcome(revision.dispatch_id, language, False, "a newer version")
    original = language == revision.language
    return publish(
        session,
        revision_id,
        language,
        provenance=Provenance.ORIGINAL if original else Provenance.MACHINE,
    )


def _revision_number(session: Session, revision_id: int) -> int:
    number = session.scalar(select(Revision.number).where(Revision.id == revision_id))
    return int(number or 0)


def publish_ready(
    session: Session, revision_id: int, languages: list[str], *, original: bool = True
) -> list[str]:
    """Under ``auto``: publish every language of ``languages`` (and, with ``original``, the
    revision's own) that has complete output; return the languages published."""
    revision = session.get(Revision, revision_id)
    if revision is None:
        return []
    published = []
    wanted = [revision.language, *languages] if original else languages
    for language in dict.fromkeys(wanted):
        if auto_publish(session, revision_id, language).published:
            published.append(language)
    return published
