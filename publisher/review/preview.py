"""What readers would see of a dispatch once a language version's draft is published.

The preview goes through the very rule that publishes (publisher.publication.snapshot) and
the very read model that reader pages use (publisher.reading): the reader template then
renders it as it renders a published version. No Flask here.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher import reading
from publisher.db import Dispatch, Revision, utcnow
from publisher.errors import NotFound
from publisher.publication import Provenance, VersionState, snapshot
from publisher.review import wire
from publisher.review.revisions import RevisionKind


def _current_revision(session: Session, dispatch_id: int) -> Revision:
    revision = session.scalars(
        select(Revision)
        .join(Dispatch, Dispatch.current_revision_id == Revision.id)
        .where(Dispatch.id == dispatch_id)
        .options(
            selectinload(Revision.sentences),
            selectinload(Revision.summary),
            selectinload(Revision.translations),
            selectinload(Revision.dispatch).selectinload(Dispatch.publications),
        )
    ).first()
    if revision is None:
        raise NotFound(f"no dispatch with id {dispatch_id}")
    return revision


def preview_versions(
    session: Session, dispatch_id: int, language: str
) -> dict[str, reading.LocalizedItem] | None:
    """The published versions readers would have, with ``language`` replaced by its current
    draft as publishing it would store it; None when the draft is not complete.

    Raises NotFound for an unknown dispatch.
    """
    revision = _current_revision(session, dispatch_id)
    text = snapshot(revision, language)
    if text is None:
        return None
    view = reading.view_of(revision)
    existing = view.publications.get(language)
    kind = existing.revision_kind if existing is not None else ""
    if existing is not None and existing.revision_id != revision.id:
        corrected = wire.kind_of(revision) is RevisionKind.CORRECTION
        kind = (RevisionKind.CORRECTION if corrected else RevisionKind.UPDATE).value
    now = utcnow()
    original = language == revision.language
    drafted = reading.PublicationView(
        language=language,
        revision_id=revision.id,
        state=VersionState.PUBLISHED.value,
        provenance=(Provenance.ORIGINAL if original else Provenance.REVIEWED).value,
        headline=text["headline"],
        sentences=list(text["sentences"]),
        source_indexes=list(text["source_indexes"]),
        source_headline=text["source_headline"],
        source_sentences=list(text["source_sentences"]),
        dateline=text["dateline"],
        engine=text["engine"],
        model_version=text["model_version"],
        first_published_at=existing.first_published_at if existing is not None else now,
        published_at=now,
        updated_at=now,
        revision_kind=kind,
        notice=None,
        full_sentences=list(text.get("full_sentences") or []),
        full_source_indexes=list(text.get("full_source_indexes") or []),
        full_engine=text.get("full_engine"),
        # as publish() stores it: what an editor publishes is theirs
        full_provenance=(
            Provenance.REVIEWED.value if text.get("full_sentences") is not None else None
        ),
    )
    view = replace(view, publications={**view.publications, language: drafted})
    item = reading.localize(view, language)
    assert item is not None  # noqa: S101 - published from this very revision just above
    versions = reading.published_versions(session, dispatch_id)
    # the other languages as readers see them now, each from its own revision
    return dict(sorted({**versions, language: item}.items()))
