"""The audit log: every state change and edit, who made it and what it changed.

Entries are only ever added. Actors are plain strings (an editor's email, ``wire`` for what
the agency's own revisions did); the accounts layer checks them before they get here.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.db import AuditEntry

#: The actor of what the wire itself did (a new revision reopening review, a kill advisory).
WIRE = "wire"
MAX_ACTOR = 320  # an email address is at most 320 characters
EXPORT_FIELDS = (
    "id",
    "at",
    "actor",
    "dispatch_id",
    "language",
    "revision_id",
    "action",
    "before",
    "after",
    "detail",
)


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    actor: str
    dispatch_id: int
    language: str
    revision_id: int | None
    action: str
    before: str | None
    after: str | None
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "dispatch_id": self.dispatch_id,
            "language": self.language,
            "revision_id": self.revision_id,
            "action": self.action,
            "before": self.before,
            "after": self.after,
            "detail": self.detail,
        }


def record(
    session: Session,
    actor: str,
    dispatch_id: int,
    action: str,
    *,
    language: str = "",
    revision_id: int | None = None,
    before: str | None = None,
    after: str | None = None,
    **detail: Any,
) -> AuditEntry:
    """Add one entry in the caller's transaction: it stands or falls with the change itself."""
    entry = AuditEntry(
        actor=actor,
        dispatch_id=dispatch_id,
        language=language,
        revision_id=revision_id,
        action=action,
        before=before,
        after=after,
        detail=detail,
    )
    session.add(entry)
    return entry


def _view(row: AuditEntry) -> AuditView:
    return AuditView(
        row.id,
        row.at,
        row.actor,
        row.dispatch_id,
        row.language,
        row.revision_id,
        row.action,
        row.before,
        row.after,
        dict(row.detail or {}),
    )


def entries(
    session: Session,
    *,
    dispatch_id: int | None = None,
    language: str | None = None,
    since: datetime | None = None,
    after_id: int = 0,
    limit: int | None = None,
) -> list[AuditView]:
    """Entries oldest first, optionally of one dispatch (and language) or since a moment."""
    query = select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id)
    if dispatch_id is not None:
        query = query.where(AuditEntry.dispatch_id == dispatch_id)
    if language is not None:
        query = query.where(AuditEntry.language == language)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if limit is not None:
        query = query.limit(limit)
    return [_view(row) for row in session.scalars(query)]


def to_csv(views: Sequence[AuditView]) -> str:
    """The entries as CSV with a header row; ``detail`` is a JSON object in one cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for view in views:
        data = view.to_json()
        data["detail"] = json.dumps(view.detail, ensure_ascii=False, sort_keys=True)
        writer.writerow([_cell(data[name]) for name in EXPORT_FIELDS])
    return out.getvalue()


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: an editor's "=..." is never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
