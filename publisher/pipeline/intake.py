"""Storing parsed dispatches: dedupe exact repeats, turn later versions into revisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from publisher.db import Dispatch, Revision, Store, utcnow
from publisher.ingest import ParsedDispatch, detect_language, same_story

# How far back an agency update ("(2nd LD)", "UPDATE 2") may reach to find its story.
UPDATE_WINDOW = timedelta(days=3)


@dataclass(frozen=True)
class IntakeOutcome:
    """What happened to one input item."""

    source_name: str
    status: str  # added | revised | duplicate | failed
    dispatch_id: int | None = None
    revision: int | None = None
    reason: str | None = None
    headline: str | None = None
    # what ingest dropped from the item (e.g. an unsafe source URL): stored, but worth a word
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def _find_story(session: Session, item: ParsedDispatch) -> Dispatch | None:
    dispatch = session.scalars(
        select(Dispatch).where(Dispatch.story_key == item.story_key())
    ).first()
    if dispatch is not None or not item.update_tag:
        return dispatch
    # An agency update of a story with no stable id: same agency, near-identical headline.
    since = utcnow() - UPDATE_WINDOW
    candidates = session.execute(
        select(Dispatch, Revision.headline)
        .join(Revision, Revision.id == Dispatch.current_revision_id)
        .where(Dispatch.agency == item.agency, Revision.ingested_at >= since)
        .order_by(Revision.ingested_at.desc())
        .limit(200)
    ).all()
    for candidate, headline in candidates:
        if same_story(headline, item.headline):
            return candidate
    return None


def store_dispatch(store: Store, item: ParsedDispatch) -> IntakeOutcome:
    """Store one parsed dispatch in its own transaction; never leaves a partial dispatch."""
    language = item.language or detect_language(" ".join([item.headline, *item.paragraphs[:3]]))
    content_hash = item.content_hash()
    try:
        with store.session() as session:
            existing = session.scalars(
                select(Revision).where(Revision.content_hash == content_hash)
            ).first()
            if existing is not None:
                return IntakeOutcome(
                    item.source_name,
                    "duplicate",
                    existing.dispatch_id,
                    existing.number,
                    headline=item.headline,
                    warnings=tuple(item.warnings),
                )
            dispatch = _find_story(session, item)
            if dispatch is None:
                dispatch = Dispatch(story_key=item.story_key(), agency=item.agency)
                session.add(dispatch)
                session.flush()
                number = 1
            else:
                number = 1 + max(
                    session.scalars(
                        select(Revision.number).where(Revision.dispatch_id == dispatch.id)
                    ),
                    default=0,
                )
            revision = Revision(
                dispatch_id=dispatch.id,
                number=number,
                content_hash=content_hash,
                source_format=item.source_format,
                source_name=item.source_name[:1024],
                url=item.url,
                guid=item.guid,
                language=language,
                headline=item.headline,
                agency=item.agency,
                byline=item.byline,
                dateline=item.dateline,
                update_tag=item.update_tag,
                topics=list(item.topics),
                published_at=item.published or item.updated,
                published_iso=item.published.isoformat() if item.published else None,
                published_inferred=item.published_inferred,
                updated_iso=item.updated.isoformat() if item.updated else None,
                paragraphs=list(item.paragraphs),
            )
            session.add(revision)
            session.flush()
            dispatch.current_revision_id = revision.id
            dispatch.agency = item.agency or dispatch.agency
            status = "added" if number == 1 else "revised"
            return IntakeOutcome(
                item.source_name,
                status,
                dispatch.id,
                number,
                headline=item.headline,
                warnings=tuple(item.warnings),
            )
    except IntegrityError as error:
        # Two workers storing the same item at once: the other one won; nothing half-written.
        return IntakeOutcome(
            item.source_name, "failed", reason=f"conflict while storing: {error.orig}"
        )
