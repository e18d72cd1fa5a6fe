"""Versions an editor killed, as items for newsroom feeds (ninjs marks them canceled).

Readers never see them; systems that took the published version need to hear it is gone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import Publication, Revision
from publisher.export.model import ExportItem, ReviewState
from publisher.publication import Provenance, VersionState

_STATES = {
    Provenance.ORIGINAL.value: ReviewState.ORIGINAL,
    Provenance.REVIEWED.value: ReviewState.REVIEWED,
}


def killed_items(
    session: Session, dispatch_ids: Sequence[int] | None, languages: Sequence[str] | None
) -> list[ExportItem]:
    """The killed language versions of these dispatches (all when None), by id and language."""
    query = (
        select(Publication, Revision)
        .join(Revision, Revision.id == Publication.revision_id)
        .where(Publication.state == VersionState.KILLED.value)
        .order_by(Publication.dispatch_id, Publication.language)
    )
    if dispatch_ids is not None:
        query = query.where(Publication.dispatch_id.in_(list(dispatch_ids)))
    if languages is not None:
        query = query.where(Publication.language.in_(list(languages)))
    return [
        ExportItem(
            dispatch_id=row.dispatch_id,
            language=row.language,
            source_language=revision.language,
            headline=row.headline,
            summary=(),
            source_headline=row.source_headline,
            source_sentences=(),
            review_state=_STATES.get(row.provenance, ReviewState.MACHINE),
            received=revision.ingested_at,
            published=row.updated_at,
            agency=revision.agency,
            engine=row.engine,
        )
        for row, revision in session.execute(query)
    ]
