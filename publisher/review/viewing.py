"""The review view of one dispatch: source, selection and every language side by side."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import Dispatch, LanguageVersion, Publication, Revision
from publisher.errors import NotFound, ReviewError
from publisher.review import wire
from publisher.review.drafts import Draft, load_revision
from publisher.review.revisions import DiffLine, sentence_diff
from publisher.review.views import (
    PublishedView,
    ReviewDetail,
    SentenceView,
    SourceSentence,
    VersionView,
)


def _published(session: Session, row: Publication | None) -> PublishedView | None:
    if row is None:
        return None
    number = session.scalar(select(Revision.number).where(Revision.id == row.revision_id))
    return PublishedView(
        revision_id=row.revision_id,
        revision=int(number or 0),
        state=row.state,
        provenance=row.provenance,
        headline=row.headline,
        sentences=list(row.sentences or []),
        revision_kind=row.revision_kind,
        notice=row.notice,
        published_at=row.published_at,
    )


def source_diff(session: Session, version: LanguageVersion) -> list[DiffLine]:
    """The source's sentences since the revision last approved in this language (none when
    the version is still on that revision or was never approved)."""
    approved = version.approved_revision_id
    if approved is None or approved == version.revision_id:
        return []
    try:
        old, new = load_revision(session, approved), load_revision(session, version.revision_id)
    except NotFound:
        return []
    return sentence_diff(
        [old.headline, *(s.text for s in old.sentences)],
        [new.headline, *(s.text for s in new.sentences)],
    )


def version_view(
    session: Session,
    version: LanguageVersion,
    publications: dict[str, Publication],
    current: Revision | None = None,
) -> VersionView:
    """One language version; ``current`` is the dispatch's loaded current revision."""
    try:
        draft: Draft | None = Draft.of(session, version, current)
    except ReviewError:
        draft = None
    revision = draft.revision if draft else load_revision(session, version.revision_id)
    sentences = []
    if draft is not None:
        for position, (index, text, state, origin) in enumerate(
            zip(
                draft.source_indexes, draft.sentences, draft.states(), draft.origins(), strict=False
            )
        ):
            sentences.append(
                SentenceView(position, index, draft.source_text(index), text, state, origin)
            )
    return VersionView(
        dispatch_id=version.dispatch_id,
        language=version.language,
        is_source=version.language == revision.language,
        revision_id=version.revision_id,
        revision=revision.number,
        state=version.state,
        lock_version=version.lock_version,
        reason=version.reason,
        updated_by=version.updated_by,
        updated_at=version.updated_at,
        headline=draft.headline if draft else "",
        headline_state=draft.headline_state if draft else "initial",
        headline_origin=draft.headline_origin if draft else "machine",
        sentences=sentences,
        complete=draft.complete if draft else False,
        draft_status=draft.status if draft else "pending",
        published=_published(session, publications.get(version.language)),
        source_diff=source_diff(session, version),
    )


def detail_of(session: Session, dispatch_id: int) -> ReviewDetail:
    dispatch = session.get(Dispatch, dispatch_id)
    if dispatch is None or dispatch.current_revision_id is None:
        raise NotFound(f"no dispatch with id {dispatch_id}")
    revision = load_revision(session, dispatch.current_revision_id)
    selected = set(revision.summary.sentence_indexes) if revision.summary else set()
    publications = {
        p.language: p
        for p in session.scalars(select(Publication).where(Publication.dispatch_id == dispatch_id))
    }
    versions = {
        lang: version_view(session, version, publications, revision)
        for lang, version in wire.versions_of(session, dispatch_id).items()
    }
    # the source language first, then the others in code order
    ordered = dict(sorted(versions.items(), key=lambda item: (not item[1].is_source, item[0])))
    return ReviewDetail(
        dispatch_id=dispatch_id,
        revision_id=revision.id,
        revision=revision.number,
        revision_kind=wire.kind_of(revision).value,
        update_tag=revision.update_tag,
        source_language=revision.language,
        agency=revision.agency,
        headline=revision.headline,
        sentences=[
            SourceSentence(s.index, s.paragraph, s.text, s.index in selected)
            for s in revision.sentences
        ],
        selection_method=revision.summary.method if revision.summary else None,
        selection_origin=revision.summary.selection_origin if revision.summary else None,
        versions=ordered,
    )
