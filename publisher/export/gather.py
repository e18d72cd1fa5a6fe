"""What an export holds: the published language versions readers can see, nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import Dispatch, Publication
from publisher.errors import NotFound
from publisher.export.model import ExportItem, export_item
from publisher.publication import READABLE
from publisher.reading import published_versions


def published_dispatch_ids(session: Session) -> list[int]:
    """Every dispatch with at least one published language version, oldest id first."""
    query = select(Publication.dispatch_id).where(READABLE).distinct()
    return sorted(session.scalars(query))


def export_items(
    session: Session, dispatch_ids: Sequence[int], languages: Sequence[str] | None = None
) -> list[ExportItem]:
    """The published versions of these dispatches, in ``languages`` when given, by id then
    language. Raises NotFound for an id that does not exist or has nothing published in
    those languages, before any item is returned."""
    items: list[ExportItem] = []
    for dispatch_id in dict.fromkeys(dispatch_ids):
        versions = published_versions(session, dispatch_id)
        if not versions and session.get(Dispatch, dispatch_id) is None:
            raise NotFound(f"no dispatch with id {dispatch_id}")
        chosen = [item for lang, item in versions.items() if languages is None or lang in languages]
        if not chosen:
            where = f" in {', '.join(languages)}" if languages else ""
            raise NotFound(f"dispatch {dispatch_id} has nothing published{where}")
        items.extend(export_item(item) for item in chosen)
    return items
